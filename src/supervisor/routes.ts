import type { FastifyInstance } from 'fastify';
import { supervisor } from '../http/auth.js';
import type { LiveFeed } from './live-feed.js';

/** GET /api/live: what the live view page shows (supervisors). */
export function registerLiveRoutes(app: FastifyInstance, live: LiveFeed): void {
  app.get('/api/live', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return live.current();
  });
}
