/** HTTP routes for flow versions: list, versions, publish, rollback, diff (supervisor API). */
import type { FastifyInstance } from 'fastify';
import { supervisor } from '../../http/auth.js';
import { mermaid } from '../diagram.js';
import { FlowInvalidError, parseFlow } from '../flow-loader.js';
import { romeInstant } from '../schedule.js';
import { simulate } from '../simulator.js';
import { describeDiff, diffFlows, type FlowVersionStore } from './flow-version.js';
import type { LiveCatalog } from './live-catalog.js';

export interface FlowRoutesDeps {
  readonly catalogs: LiveCatalog;
  readonly store: FlowVersionStore;
  readonly now: () => Date;
}

const summary = (v: { version: number; hash: string; author: string; at: string; message: string }) => ({ version: v.version, hash: v.hash, author: v.author, at: v.at, message: v.message });

export function registerFlowRoutes(app: FastifyInstance, deps: FlowRoutesDeps): void {
  // check, simulate, diagram: the CLI's read-only operations, on the live versions (or a given text).
  app.post<{ Body: { text?: unknown } }>('/api/flows/check', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    if (typeof request.body?.text !== 'string') return reply.status(400).send({ error: 'give the flow file as "text"', code: 'IVR.CHECK_INVALID' });
    try {
      const flow = await deps.catalogs.validate(request.body.text, 'flow.yaml');
      return { valid: true, flowId: flow.definition.id, problems: [] };
    } catch (error) {
      if (error instanceof FlowInvalidError) return { valid: false, problems: error.problems };
      throw error;
    }
  });

  app.post<{ Body: { number?: unknown; at?: unknown; caller?: unknown; keys?: unknown; emergencyText?: unknown; queueOutcome?: unknown } }>('/api/flows/simulate', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const b = request.body ?? {};
    if (typeof b.number !== 'string') return reply.status(400).send({ error: 'give the dialled "number"', code: 'IVR.SIMULATE_INVALID' });
    if (b.queueOutcome !== undefined && !isQueueOutcome(b.queueOutcome)) return reply.status(400).send({ error: `queueOutcome: one of ${QUEUE_OUTCOMES.join(', ')}`, code: 'IVR.SIMULATE_INVALID' });
    let at = deps.now();
    try {
      if (typeof b.at === 'string') at = romeInstant(b.at);
    } catch (error) {
      return reply.status(400).send({ error: (error as Error).message, code: 'IVR.SIMULATE_INVALID' });
    }
    const sim = await simulate(await deps.catalogs.current(), {
      number: b.number,
      at,
      caller: typeof b.caller === 'string' ? b.caller : '+393331234567',
      keys: typeof b.keys === 'string' ? b.keys : '',
      ...(typeof b.emergencyText === 'string' ? { emergencyText: b.emergencyText } : {}),
      ...(isQueueOutcome(b.queueOutcome) ? { queueOutcome: b.queueOutcome } : {}),
    });
    return sim;
  });

  app.get<{ Params: { id: string } }>('/api/flows/:id/diagram', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const flow = (await deps.catalogs.current()).flows.get(request.params.id);
    if (!flow) return reply.status(404).send({ error: `no live flow "${request.params.id}"`, code: 'IVR.NO_SUCH_FLOW' });
    return reply.type('text/plain; charset=utf-8').send(mermaid(flow.flow));
  });

  app.get('/api/flows', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = await deps.store.live();
    return Promise.all(Object.entries(live).map(async ([flowId, n]) => ({ flowId, live: summary((await deps.store.get(flowId, n)) ?? { version: n, hash: '', author: '', at: '', message: '' }) })));
  });

  app.get<{ Params: { id: string } }>('/api/flows/:id/versions', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = (await deps.store.live())[request.params.id];
    return (await deps.store.list(request.params.id)).map((v) => ({ ...summary(v), live: v.version === live }));
  });

  app.post<{ Params: { id: string }; Body: { text?: unknown; message?: unknown } }>('/api/flows/:id/publish', async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { text, message } = request.body ?? {};
    if (typeof text !== 'string' || typeof message !== 'string' || message.trim() === '') {
      return reply.status(400).send({ error: 'give the flow file as "text" and a "message" saying what changed', code: 'IVR.PUBLISH_INVALID' });
    }
    try {
      const result = await deps.catalogs.publish(text, `${request.params.id}.yaml`, author, message.trim(), deps.now());
      if (result.flowId !== request.params.id) {
        return reply.status(400).send({ error: `the file defines flow "${result.flowId}", not "${request.params.id}"`, code: 'IVR.PUBLISH_INVALID' });
      }
      request.log.info({ flowId: result.flowId, version: result.version, author }, 'flow.published');
      return reply.status(result.created ? 201 : 200).send(result);
    } catch (error) {
      if (error instanceof FlowInvalidError) return reply.status(400).send({ error: 'the flow is not valid: nothing was published', problems: error.problems, code: error.code });
      throw error;
    }
  });

  app.put<{ Params: { id: string }; Body: { text?: unknown; message?: unknown } }>('/api/flows/:id/draft', async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { text, message } = request.body ?? {};
    if (typeof text !== 'string') return reply.status(400).send({ error: 'give the flow file as "text"', code: 'IVR.DRAFT_INVALID' });
    try {
      const result = await deps.catalogs.saveDraft(text, `${request.params.id}.yaml`, author, typeof message === 'string' ? message : '', deps.now());
      if (result.flowId !== request.params.id) {
        await deps.store.removeDraft(result.flowId);
        return reply.status(400).send({ error: `the file defines flow "${result.flowId}", not "${request.params.id}"`, code: 'IVR.DRAFT_INVALID' });
      }
      return result;
    } catch (error) {
      if (error instanceof FlowInvalidError) return reply.status(400).send({ error: 'the draft is not valid: nothing was saved', problems: error.problems, code: error.code });
      throw error;
    }
  });

  app.delete<{ Params: { id: string } }>('/api/flows/:id/draft', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    if (!(await deps.store.removeDraft(request.params.id))) return reply.status(404).send({ error: `flow "${request.params.id}" has no draft`, code: 'IVR.NO_DRAFT' });
    return reply.status(204).send();
  });

  app.get('/api/testers', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return deps.store.testers();
  });

  app.put<{ Params: { number: string } }>('/api/testers/:number', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    if (!/^\+?\d{3,15}$/.test(request.params.number)) return reply.status(400).send({ error: `"${request.params.number}" is not a telephone number (digits, optional leading +)`, code: 'IVR.TESTER_INVALID' });
    await deps.store.addTester(request.params.number);
    return reply.status(204).send();
  });

  app.delete<{ Params: { number: string } }>('/api/testers/:number', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    if (!(await deps.store.removeTester(request.params.number))) return reply.status(404).send({ error: `${request.params.number} is not a test caller`, code: 'IVR.NO_TESTER' });
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string }; Body: { version?: unknown } }>('/api/flows/:id/rollback', async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const version = Number(request.body?.version);
    if (!Number.isInteger(version) || !(await deps.store.setLive(request.params.id, version, author, deps.now().toISOString()))) {
      return reply.status(404).send({ error: `flow "${request.params.id}" has no version ${String(request.body?.version)}`, code: 'IVR.NO_SUCH_VERSION' });
    }
    request.log.info({ flowId: request.params.id, version, author }, 'flow.rolled_back');
    return { flowId: request.params.id, version };
  });

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>('/api/flows/:id/diff', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = (await deps.store.live())[request.params.id];
    const [a, b] = await Promise.all([deps.store.get(request.params.id, Number(request.query.from)), deps.store.get(request.params.id, Number(request.query.to ?? live))]);
    if (!a || !b) return reply.status(404).send({ error: `flow "${request.params.id}" has no such version (from ${request.query.from ?? '?'}, to ${request.query.to ?? live ?? '?'})`, code: 'IVR.NO_SUCH_VERSION' });
    const from = parseFlow(`${a.flowId} version ${a.version}`, a.text).definition;
    const to = parseFlow(`${b.flowId} version ${b.version}`, b.text).definition;
    return { from: a.version, to: b.version, changes: describeDiff(diffFlows(from, to), from, to) };
  });
}

const QUEUE_OUTCOMES = ['answered', 'callback', 'timeout', 'no_agents', 'full', 'unavailable'] as const;

function isQueueOutcome(v: unknown): v is (typeof QUEUE_OUTCOMES)[number] {
  return typeof v === 'string' && (QUEUE_OUTCOMES as readonly string[]).includes(v);
}
