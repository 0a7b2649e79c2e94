/** HTTP routes for flow versions: list, versions, publish, rollback, diff (supervisor API). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../../http/auth.js';
import { noContentSchema, problemSchema } from '../../http/replies.js';
import { mermaid } from '../diagram.js';
import { diagramSvg } from '../diagram-svg.js';
import { parseFlow } from '../flow-loader.js';
import { FlowInvalidError } from '../../shared/yaml-document.js';
import { romeInstant } from '../../shared/schedule.js';
import { simulate } from '../simulator.js';
import type { QueueOutlook } from '../../acd/index.js';
import { changedSteps, describeDiff, diffFlows, type FlowVersionStore } from './flow-version.js';
import type { LiveCatalog } from './live-catalog.js';

export interface FlowRoutesDeps {
  readonly catalogs: LiveCatalog;
  readonly store: FlowVersionStore;
  readonly now: () => Date;
  /** The emergency message a caller of this flow would hear now (the simulator plays the live one). */
  readonly liveEmergency?: (flowId: string, at: Date) => Promise<string | undefined>;
  /** The queue as a new caller would find it now (the simulator announces the live position and wait). */
  readonly queueOutlook?: (queue: string, priority: number) => Promise<QueueOutlook | undefined>;
}

const summary = (v: { version: number; hash: string; author: string; at: string; message: string }) => ({ version: v.version, hash: v.hash, author: v.author, at: v.at, message: v.message });

const QUEUE_OUTCOMES = ['answered', 'callback', 'timeout', 'no_agents', 'full', 'unavailable'] as const;

/** The schemas of the flow routes: what each takes and answers (the OpenAPI document shows them). */
const flowId = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a flow id: lower-case letters, digits, -').describe('the flow id') });
const error = problemSchema;
const done = noContentSchema;
const flowText = z.string().min(1).max(1_000_000).describe('the flow file (YAML)');
const versionSummary = z.object({ version: z.number().int(), hash: z.string(), author: z.string(), at: z.string(), message: z.string() });
const SCHEMAS = {
  check: { tags: ['flows'], summary: 'Check a flow file against the live flows, schedules and queues', body: z.object({ text: flowText }).strict(), response: { 200: z.object({ valid: z.boolean(), flowId: z.string().optional(), problems: z.array(z.string()) }) } },
  simulate: {
    tags: ['flows'],
    summary: 'Simulate a call on the live flows',
    body: z
      .object({
        number: z.string().min(1).max(20).describe('the dialled number'),
        at: z.string().optional().describe('Rome wall-clock time, YYYY-MM-DD HH:MM (default: now)'),
        caller: z.string().max(20).optional(),
        keys: z.string().max(200).optional().describe('keys pressed when asked, in order; "." is silence'),
        emergencyText: z.string().max(2000).optional().describe('default: the emergency message switched on now for that flow, if any'),
        queueOutcome: z.enum(QUEUE_OUTCOMES).optional().describe("default: as the live queue would answer (no_agents when nobody is logged in, else an operator answers)"),
        queuePosition: z.number().int().min(1).max(100_000).optional().describe('default: the place a caller joining now would take'),
        waitMinutes: z.number().int().min(1).max(120).optional().describe('the wait announced; default: the live estimate'),
      })
      .strict(),
    response: {
      200: z.object({
        lines: z.array(z.string()),
        destination: z.string(),
        journey: z.array(z.string()),
        tags: z.array(z.string()),
        heard: z.array(z.string()).describe('prompt ids heard, in order'),
        queue: z.string().optional(),
        transfer: z.string().optional(),
      }),
      400: error,
    },
  },
  diagram: { tags: ['flows'], summary: 'The live version of a flow as a Mermaid flowchart (text/plain)', params: flowId, produces: ['text/plain'], response: { 200: z.string().describe('the Mermaid text'), 404: error } },
  diagramSvg: {
    tags: ['flows'],
    summary: "A version of a flow as an SVG image, the steps it changed highlighted",
    params: flowId,
    querystring: z.object({ version: z.coerce.number().int().min(1).optional().describe('default: the live version'), against: z.coerce.number().int().min(1).optional().describe('default: the version before') }).strict(),
    produces: ['image/svg+xml'],
    response: { 200: z.string().describe('the SVG image'), 404: error },
  },
  list: { tags: ['flows'], summary: 'The live version of every flow', response: { 200: z.array(z.object({ flowId: z.string(), live: versionSummary })) } },
  versions: { tags: ['flows'], summary: 'Every version of a flow', params: flowId, response: { 200: z.array(versionSummary.extend({ live: z.boolean() })) } },
  publish: {
    tags: ['flows'],
    summary: 'Publish a new version of a flow (live for new calls at once)',
    params: flowId,
    body: z
      .object({
        text: flowText,
        message: z.string().trim().min(1, 'say what changed').max(500).describe('what changed, for the history'),
        overrideTests: z.string().trim().min(1).max(300).optional().describe("publish although the flow's test cases fail: the reason, kept in the history"),
      })
      .strict(),
    response: { 200: z.object({ flowId: z.string(), version: z.number().int(), created: z.boolean() }), 201: z.object({ flowId: z.string(), version: z.number().int(), created: z.boolean() }), 400: error },
  },
  draft: { tags: ['flows'], summary: 'Save a draft, heard by test callers only', params: flowId, body: z.object({ text: flowText, message: z.string().max(500).optional() }).strict(), response: { 200: z.object({ flowId: z.string(), hash: z.string() }), 400: error } },
  removeDraft: { tags: ['flows'], summary: 'Remove a flow\'s draft', params: flowId, response: { 204: done, 404: error } },
  testers: { tags: ['flows'], summary: 'The numbers whose calls run the drafts', response: { 200: z.array(z.string()) } },
  tester: { tags: ['flows'], summary: 'Add or remove a test caller', params: z.object({ number: z.string().regex(/^\+?\d{3,15}$/, 'a telephone number (digits, optional leading +)') }), response: { 204: done, 404: error } },
  rollback: { tags: ['flows'], summary: 'Make an earlier version live again', params: flowId, body: z.object({ version: z.number().int().min(1) }).strict(), response: { 200: z.object({ flowId: z.string(), version: z.number().int() }), 404: error } },
  diff: {
    tags: ['flows'],
    summary: 'The changes between two versions, in words',
    params: flowId,
    querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1).optional().describe('default: the live version') }).strict(),
    response: { 200: z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(z.string()) }), 404: error },
  },
} as const;

export function registerFlowRoutes(server: FastifyInstance, deps: FlowRoutesDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  // check, simulate, diagram: the CLI's read-only operations, on the live versions (or a given text).
  app.post('/api/flows/check', { config: { access: 'supervisor' }, schema: SCHEMAS.check }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    try {
      const flow = await deps.catalogs.validate(request.body.text, 'flow.yaml');
      return { valid: true, flowId: flow.definition.id, problems: [] };
    } catch (error) {
      if (error instanceof FlowInvalidError) return { valid: false, problems: error.problems };
      throw error;
    }
  });

  app.post('/api/flows/simulate', { config: { access: 'supervisor' }, schema: SCHEMAS.simulate }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const b = request.body;
    let at = deps.now();
    try {
      if (b.at !== undefined) at = romeInstant(b.at);
    } catch (error) {
      return reply.status(400).send({ error: `at: ${(error as Error).message}`, code: 'IVR.SIMULATE_INVALID' });
    }
    const catalog = await deps.catalogs.current();
    // As the live engine would answer: the emergency message switched on now, unless one is given.
    const flowId = catalog.forNumber(b.number)?.flow.definition.id;
    const emergencyText = b.emergencyText ?? (flowId === undefined ? undefined : await deps.liveEmergency?.(flowId, at));
    const sim = await simulate(catalog, {
      number: b.number,
      at,
      caller: b.caller ?? '+393331234567',
      keys: b.keys ?? '',
      ...(emergencyText === undefined ? {} : { emergencyText }),
      ...(b.queueOutcome === undefined ? {} : { queueOutcome: b.queueOutcome }),
      // The live queue unless the supervisor asks "what if": their place and wait then.
      ...(b.queuePosition === undefined && b.waitMinutes === undefined
        ? deps.queueOutlook === undefined ? {} : { queueOutlook: deps.queueOutlook }
        : { queuePosition: b.queuePosition ?? 1, ...(b.waitMinutes === undefined ? {} : { waitMinutes: b.waitMinutes }) }),
    });
    return { ...sim, tags: [...sim.tags], heard: [...sim.heard] };
  });

  app.get('/api/flows/:id/diagram', { config: { access: 'supervisor' }, schema: SCHEMAS.diagram }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const flow = (await deps.catalogs.current()).flows.get(request.params.id);
    if (!flow) return reply.status(404).send({ error: `no live flow "${request.params.id}"`, code: 'IVR.NO_SUCH_FLOW' });
    return reply.type('text/plain; charset=utf-8').send(mermaid(flow.flow));
  });

  app.get('/api/flows/:id/diagram.svg', { config: { access: 'supervisor' }, schema: SCHEMAS.diagramSvg }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const { id } = request.params;
    const version = request.query.version ?? (await deps.store.live())[id];
    const shown = version === undefined ? undefined : await deps.store.get(id, version);
    if (!shown) return reply.status(404).send({ error: `flow "${id}" has no version ${version ?? ''}`.trim(), code: 'IVR.NO_SUCH_VERSION' });
    // Highlighted: what this version changed against the one before it (or the one asked for).
    const against = request.query.against ?? (shown.version > 1 ? shown.version - 1 : undefined);
    const before = against === undefined ? undefined : await deps.store.get(id, against);
    const flow = parseFlow(`${id} version ${shown.version}`, shown.text);
    const changed = before ? changedSteps(parseFlow(`${id} version ${before.version}`, before.text).definition, flow.definition) : new Set<string>();
    const caption = `versione ${shown.version}${before ? ` (in evidenza i passi cambiati rispetto alla ${before.version})` : ''}`;
    return reply.type('image/svg+xml; charset=utf-8').send(diagramSvg(flow, { changed, caption }));
  });

  app.get('/api/flows', { config: { access: 'supervisor' }, schema: SCHEMAS.list }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = await deps.store.live();
    return Promise.all(Object.entries(live).map(async ([flowId, n]) => ({ flowId, live: summary((await deps.store.get(flowId, n)) ?? { version: n, hash: '', author: '', at: '', message: '' }) })));
  });

  app.get('/api/flows/:id/versions', { config: { access: 'supervisor' }, schema: SCHEMAS.versions }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = (await deps.store.live())[request.params.id];
    return (await deps.store.list(request.params.id)).map((v) => ({ ...summary(v), live: v.version === live }));
  });

  app.post('/api/flows/:id/publish', { config: { access: 'supervisor' }, schema: SCHEMAS.publish }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { text, message, overrideTests } = request.body;
    try {
      const result = await deps.catalogs.publish(text, `${request.params.id}.yaml`, author, message, deps.now(), overrideTests);
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

  app.put('/api/flows/:id/draft', { config: { access: 'supervisor' }, schema: SCHEMAS.draft }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { text, message } = request.body;
    try {
      const result = await deps.catalogs.saveDraft(text, `${request.params.id}.yaml`, author, message ?? '', deps.now());
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

  app.delete('/api/flows/:id/draft', { config: { access: 'supervisor' }, schema: SCHEMAS.removeDraft }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    if (!(await deps.store.removeDraft(request.params.id))) return reply.status(404).send({ error: `flow "${request.params.id}" has no draft`, code: 'IVR.NO_DRAFT' });
    return reply.status(204).send(null);
  });

  app.get('/api/testers', { config: { access: 'supervisor' }, schema: SCHEMAS.testers }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return deps.store.testers();
  });

  app.put('/api/testers/:number', { config: { access: 'supervisor' }, schema: SCHEMAS.tester }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    await deps.store.addTester(request.params.number);
    return reply.status(204).send(null);
  });

  app.delete('/api/testers/:number', { config: { access: 'supervisor' }, schema: SCHEMAS.tester }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    if (!(await deps.store.removeTester(request.params.number))) return reply.status(404).send({ error: `${request.params.number} is not a test caller`, code: 'IVR.NO_TESTER' });
    return reply.status(204).send(null);
  });

  app.post('/api/flows/:id/rollback', { config: { access: 'supervisor' }, schema: SCHEMAS.rollback }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { version } = request.body;
    if (!(await deps.store.setLive(request.params.id, version, author, deps.now().toISOString()))) {
      return reply.status(404).send({ error: `flow "${request.params.id}" has no version ${version}`, code: 'IVR.NO_SUCH_VERSION' });
    }
    request.log.info({ flowId: request.params.id, version, author }, 'flow.rolled_back');
    return { flowId: request.params.id, version };
  });

  app.get('/api/flows/:id/diff', { config: { access: 'supervisor' }, schema: SCHEMAS.diff }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = (await deps.store.live())[request.params.id];
    const [a, b] = await Promise.all([deps.store.get(request.params.id, request.query.from), deps.store.get(request.params.id, request.query.to ?? live ?? 0)]);
    if (!a || !b) return reply.status(404).send({ error: `flow "${request.params.id}" has no such version (from ${request.query.from ?? '?'}, to ${request.query.to ?? live ?? '?'})`, code: 'IVR.NO_SUCH_VERSION' });
    const from = parseFlow(`${a.flowId} version ${a.version}`, a.text).definition;
    const to = parseFlow(`${b.flowId} version ${b.version}`, b.text).definition;
    return { from: a.version, to: b.version, changes: describeDiff(diffFlows(from, to), from, to) };
  });
}

