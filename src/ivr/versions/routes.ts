/** HTTP routes for flow versions: list, versions, publish, rollback, diff (supervisor API). */
import type { FastifyInstance } from 'fastify';
import { authenticate } from '../../http/auth.js';
import { FlowInvalidError, parseFlow } from '../flow-loader.js';
import { describeDiff, diffFlows, type FlowVersionStore } from './flow-version.js';
import type { LiveCatalog } from './live-catalog.js';

export interface FlowRoutesDeps {
  readonly catalogs: LiveCatalog;
  readonly store: FlowVersionStore;
  readonly tokens: ReadonlyMap<string, string>;
  readonly now: () => Date;
}

const summary = (v: { version: number; hash: string; author: string; at: string; message: string }) => ({ version: v.version, hash: v.hash, author: v.author, at: v.at, message: v.message });

export function registerFlowRoutes(app: FastifyInstance, deps: FlowRoutesDeps): void {
  app.get('/api/flows', async (request, reply) => {
    if (authenticate(deps.tokens, request, reply) === undefined) return reply;
    const live = await deps.store.live();
    return Promise.all(Object.entries(live).map(async ([flowId, n]) => ({ flowId, live: summary((await deps.store.get(flowId, n)) ?? { version: n, hash: '', author: '', at: '', message: '' }) })));
  });

  app.get<{ Params: { id: string } }>('/api/flows/:id/versions', async (request, reply) => {
    if (authenticate(deps.tokens, request, reply) === undefined) return reply;
    const live = (await deps.store.live())[request.params.id];
    return (await deps.store.list(request.params.id)).map((v) => ({ ...summary(v), live: v.version === live }));
  });

  app.post<{ Params: { id: string }; Body: { text?: unknown; message?: unknown } }>('/api/flows/:id/publish', async (request, reply) => {
    const author = authenticate(deps.tokens, request, reply);
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

  app.post<{ Params: { id: string }; Body: { version?: unknown } }>('/api/flows/:id/rollback', async (request, reply) => {
    const author = authenticate(deps.tokens, request, reply);
    if (author === undefined) return reply;
    const version = Number(request.body?.version);
    if (!Number.isInteger(version) || !(await deps.store.setLive(request.params.id, version, author, deps.now().toISOString()))) {
      return reply.status(404).send({ error: `flow "${request.params.id}" has no version ${String(request.body?.version)}`, code: 'IVR.NO_SUCH_VERSION' });
    }
    request.log.info({ flowId: request.params.id, version, author }, 'flow.rolled_back');
    return { flowId: request.params.id, version };
  });

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>('/api/flows/:id/diff', async (request, reply) => {
    if (authenticate(deps.tokens, request, reply) === undefined) return reply;
    const live = (await deps.store.live())[request.params.id];
    const [a, b] = await Promise.all([deps.store.get(request.params.id, Number(request.query.from)), deps.store.get(request.params.id, Number(request.query.to ?? live))]);
    if (!a || !b) return reply.status(404).send({ error: `flow "${request.params.id}" has no such version (from ${request.query.from ?? '?'}, to ${request.query.to ?? live ?? '?'})`, code: 'IVR.NO_SUCH_VERSION' });
    const from = parseFlow(`${a.flowId} version ${a.version}`, a.text).definition;
    const to = parseFlow(`${b.flowId} version ${b.version}`, b.text).definition;
    return { from: a.version, to: b.version, changes: describeDiff(diffFlows(from, to), from, to) };
  });
}
