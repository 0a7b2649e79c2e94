/** GET /metrics: the Prometheus text format, for the scraper (no token: figures only, no personal data). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EngineMetrics } from './engine-metrics.js';

const SCHEMA = {
  tags: ['operations'],
  summary: 'Figures for Prometheus: calls, queue waits, agents by state, ARI and Redis latency, the event loop',
  produces: ['text/plain'],
  response: { 200: z.string().describe('Prometheus text exposition format 0.0.4') },
} as const;

export function registerMetricsRoute(server: FastifyInstance, metrics: EngineMetrics): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.get('/metrics', { logLevel: 'warn', schema: SCHEMA }, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
}
