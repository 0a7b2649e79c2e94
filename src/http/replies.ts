/**
 * What every feature's routes answer the same way: an EngineError translated to the status its
 * code maps to (other errors go on to the server's error handler, which hides 5xx details), and
 * the shape of a refusal. Bad input never reaches a handler: each route's zod schema refuses it
 * with 400 naming the field (server.ts).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { EngineError } from '../errors.js';

/** Runs a route's work; an EngineError whose code is in `status` becomes that status with its message. */
export function engineErrorReplies(status: Readonly<Record<string, number>>) {
  return async <T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> => {
    try {
      return await work();
    } catch (error) {
      const code = error instanceof EngineError ? status[error.code] : undefined;
      if (error instanceof EngineError && code !== undefined) return reply.status(code).send({ error: error.message, code: error.code });
      throw error;
    }
  };
}

/** What every refusal carries (the OpenAPI document shows it): a message naming the field or the cause, and a stable code. */
export const problemSchema = z.object({ error: z.string(), code: z.string(), problems: z.array(z.string()).readonly().optional() });

/** A 204: done, no body. */
export const noContentSchema = z.null().describe('done: no body');
