import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import type { LiveFeed } from './live-feed.js';

const STATUSES = ['logged_out', 'available', 'reserved', 'on_call', 'wrap_up', 'paused'] as const;
const ratio = z.number().nullable();

/** What the live view answers (the OpenAPI document shows it). */
const liveSchema = z.object({
  at: z.number().describe('epoch ms'),
  queues: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      waiting: z.number().int(),
      longestWaitSeconds: z.number(),
      agents: z.record(z.enum(STATUSES), z.number().int()),
      today: z.object({
        entered: z.number(),
        answered: z.number(),
        answeredInSl: z.number(),
        waitMs: z.number(),
        abandoned: z.number(),
        timedOut: z.number(),
        lost: z.number(),
        handled: z.number(),
        talkSeconds: z.number(),
        serviceLevel: ratio.describe('percent; null before the first answered or abandoned call'),
        serviceLevelTarget: z.object({ percent: z.number(), seconds: z.number() }),
        asaSeconds: ratio,
        abandonRate: ratio,
        averageTalkSeconds: ratio,
      }),
    }),
  ).readonly(),
  agents: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(STATUSES), since: z.number(), reason: z.string(), queues: z.array(z.string()).readonly(), secondsInState: z.number() })).readonly(),
  announcements: z.array(z.object({ id: z.string(), kind: z.string(), text: z.string(), flows: z.array(z.string()).readonly() })).readonly(),
  flows: z.record(z.string(), z.number().int()).describe('flow id → live version'),
});

/** GET /api/live: what the live view page shows (supervisors). */
export function registerLiveRoutes(server: FastifyInstance, live: LiveFeed): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.get('/api/live', { config: { access: 'supervisor' }, schema: { tags: ['live'], summary: "The queues and agents now, and today's counters", response: { 200: liveSchema } } }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return live.current();
  });
}
