/**
 * The two answers every feature's routes give the same way: a 400 that names each bad field and
 * why, and an EngineError translated to the status its code maps to (other errors go on to the
 * server's error handler, which hides 5xx details).
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { EngineError } from '../errors.js';

/** 400 `{error: "where.field: why; …", code}`; an issue without a path is named `where` (or "body"). */
export function invalidInput(reply: FastifyReply, error: z.ZodError, code: string, where = ''): FastifyReply {
  const problems = error.issues.map((i) => `${[where, ...i.path.map(String)].filter(Boolean).join('.') || 'body'}: ${i.message}`);
  return reply.status(400).send({ error: problems.join('; '), code });
}

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
