/**
 * HTTP routes of the ACD (supervisor token): agents (create, change skills and queues at once,
 * remove), their state (login, pause with a reason, ready, wrap-up done, logout), and the queues
 * with what waits in them. Every change is audited in the event log with the token's name.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { EngineError } from '../errors.js';
import { authenticate } from '../http/auth.js';
import type { Acd } from './acd.js';
import { agentProfileSchema } from './acd-store.js';
import type { AcdConfig } from './queue-config.js';

export interface AcdRoutesDeps {
  readonly acd: Acd;
  readonly config: AcdConfig;
  readonly tokens: ReadonlyMap<string, string>;
}

const STATUS: Record<string, number> = {
  'ACD.NO_SUCH_AGENT': 404,
  'ACD.BAD_TRANSITION': 409,
  'ACD.AGENT_LOGGED_IN': 409,
  'ACD.NO_SUCH_QUEUE': 400,
  'ACD.NO_SUCH_SKILL': 400,
  'ACD.NO_SUCH_PAUSE_REASON': 400,
};

const stateSchema = z
  .object({
    action: z.enum(['login', 'logout', 'ready', 'pause', 'wrapup_done']),
    reason: z.string().optional(),
  })
  .strict();

function invalid(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.status(400).send({ error: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), code: 'ACD.INVALID' });
}

async function answer<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EngineError && STATUS[error.code] !== undefined) return reply.status(STATUS[error.code] as number).send({ error: error.message, code: error.code });
    throw error;
  }
}

export function registerAcdRoutes(app: FastifyInstance, deps: AcdRoutesDeps): void {
  const { acd } = deps;

  app.get('/api/agents', async (request, reply) => {
    if (authenticate(deps.tokens, request, reply) === undefined) return reply;
    return acd.agents();
  });

  app.put<{ Params: { id: string } }>('/api/agents/:id', async (request, reply) => {
    const by = authenticate(deps.tokens, request, reply);
    if (by === undefined) return reply;
    const parsed = agentProfileSchema.safeParse({ ...(request.body as object | undefined), id: request.params.id });
    if (!parsed.success) return invalid(reply, parsed.error);
    return answer(reply, async () => {
      const { created, agent } = await acd.saveAgent(parsed.data, by);
      return reply.status(created ? 201 : 200).send(agent);
    });
  });

  app.delete<{ Params: { id: string } }>('/api/agents/:id', async (request, reply) => {
    const by = authenticate(deps.tokens, request, reply);
    if (by === undefined) return reply;
    return answer(reply, async () => {
      await acd.removeAgent(request.params.id, by);
      return reply.status(204).send();
    });
  });

  app.post<{ Params: { id: string } }>('/api/agents/:id/state', async (request, reply) => {
    const by = authenticate(deps.tokens, request, reply);
    if (by === undefined) return reply;
    const parsed = stateSchema.safeParse(request.body ?? {});
    if (!parsed.success) return invalid(reply, parsed.error);
    return answer(reply, () => acd.agentAction(request.params.id, parsed.data.action, parsed.data.reason, by));
  });

  app.get('/api/queues', async (request, reply) => {
    if (authenticate(deps.tokens, request, reply) === undefined) return reply;
    const agents = await acd.agents();
    return [...deps.config.queues].map(([id, q]) => {
      const members = agents.filter((a) => a.queues.includes(id));
      const byStatus: Record<string, number> = {};
      for (const a of members) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      return { id, name: q.name, skills: q.skills, priority: q.priority, serviceLevel: q.serviceLevel, waiting: acd.routing.waitingIn(id), agents: byStatus };
    });
  });

  app.get('/api/pause-reasons', async (request, reply) => {
    if (authenticate(deps.tokens, request, reply) === undefined) return reply;
    return [...deps.config.pauseReasons].map(([id, name]) => ({ id, name }));
  });
}
