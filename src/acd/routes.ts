/**
 * HTTP routes of the ACD (supervisor token): agents (create, change skills and queues at once,
 * remove), their state (login, pause with a reason, ready, wrap-up done, logout), and the queues
 * with what waits in them. Every change is audited in the event log with the token's name.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { engineErrorReplies, noContentSchema, problemSchema } from '../http/replies.js';
import type { Acd } from './acd.js';
import { agentProfileSchema, agentViewSchema, stateSchema } from './acd-store.js';
import type { AcdConfig } from './queue-config.js';
import type { ConfigCheck, QueueConfigVersions } from './queue-config-versions.js';
import { FlowInvalidError } from '../shared/yaml-document.js';

export interface AcdRoutesDeps {
  readonly acd: Acd;
  readonly versions: QueueConfigVersions;
  /** Problems the candidate queues would cause to the live flows. */
  readonly check: ConfigCheck;
  /** Called once a version is live (flows are checked against its queues). */
  readonly applied: (config: AcdConfig) => void;
  readonly now: () => Date;
  /** An agent was removed: whoever was logged in as them is logged out. */
  readonly agentRemoved: (agentId: string, by: string) => Promise<unknown>;
}

const STATUS: Record<string, number> = {
  'ACD.NO_SUCH_AGENT': 404,
  'ACD.BAD_TRANSITION': 409,
  'ACD.AGENT_LOGGED_IN': 409,
  'ACD.NO_SUCH_QUEUE': 400,
  'ACD.NO_SUCH_SKILL': 400,
  'ACD.NO_SUCH_PAUSE_REASON': 400,
};


/** What the ACD's routes take and answer (the OpenAPI document shows them). */
const agentId = z.object({ id: agentProfileSchema.shape.id });
const configError = problemSchema;
const queueView = z.object({
  id: z.string(),
  name: z.string(),
  skills: z.array(z.object({ skill: z.string(), level: z.number().int() })),
  priority: z.number(),
  serviceLevel: z.object({ percent: z.number(), seconds: z.number() }),
  waiting: z.number().int(),
  agents: z.record(z.string(), z.number().int()).describe('members by status'),
});
const SCHEMAS = {
  agents: { tags: ['agents'], summary: 'Every agent, with profile and state', response: { 200: z.array(agentViewSchema) } },
  saveAgent: {
    tags: ['agents'],
    summary: 'Create an agent or change their name, phone, skills and queues at once',
    params: agentId,
    body: agentProfileSchema.omit({ id: true }),
    response: { 200: agentViewSchema, 201: agentViewSchema, 400: problemSchema },
  },
  removeAgent: { tags: ['agents'], summary: 'Remove an agent (logged out first); their sessions end', params: agentId, response: { 204: noContentSchema, 404: problemSchema, 409: problemSchema } },
  agentState: { tags: ['agents'], summary: "Change an agent's state: login, pause with a reason, ready, wrap-up done, logout", params: agentId, body: stateSchema, response: { 200: agentViewSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema } },
  queues: { tags: ['queues'], summary: 'The queues, what waits in each and their members by status', response: { 200: z.array(queueView) } },
  config: {
    tags: ['queues'],
    summary: "queues.yaml's versions and the live one's text",
    response: {
      200: z.object({
        live: z.number().int().optional(),
        versions: z.array(z.object({ version: z.number().int(), doc: z.string(), hash: z.string(), author: z.string(), at: z.string(), message: z.string(), lines: z.number().int() })),
        text: z.string().optional(),
      }),
    },
  },
  publish: {
    tags: ['queues'],
    summary: 'Check and publish a new version of queues.yaml (live at once)',
    body: z.object({ text: z.string().min(1).max(1_000_000).describe('the queues.yaml file'), message: z.string().trim().min(1, 'say what changed').max(500) }).strict(),
    response: { 200: z.object({ version: z.number().int(), created: z.boolean() }), 201: z.object({ version: z.number().int(), created: z.boolean() }), 400: configError },
  },
  rollback: {
    tags: ['queues'],
    summary: 'Make an earlier version of queues.yaml live again',
    body: z.object({ version: z.number().int().min(1) }).strict(),
    response: { 200: z.object({ version: z.number().int() }), 400: configError, 404: configError },
  },
  pauseReasons: { tags: ['agents'], summary: 'The pause reasons agents choose from', response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) } },
} as const;
const answer = engineErrorReplies(STATUS);

export function registerAcdRoutes(server: FastifyInstance, deps: AcdRoutesDeps): void {
  const { acd } = deps;
  const app = server.withTypeProvider<ZodTypeProvider>();

  app.get('/api/agents', { config: { access: 'supervisor' }, schema: SCHEMAS.agents }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return acd.agents();
  });

  app.put('/api/agents/:id', { config: { access: 'supervisor' }, schema: SCHEMAS.saveAgent }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    return answer(reply, async () => {
      const { created, agent } = await acd.saveAgent({ ...request.body, id: request.params.id }, by);
      return reply.status(created ? 201 : 200).send(agent);
    });
  });

  app.delete('/api/agents/:id', { config: { access: 'supervisor' }, schema: SCHEMAS.removeAgent }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    return answer(reply, async () => {
      await acd.removeAgent(request.params.id, by);
      await deps.agentRemoved(request.params.id, by);
      return reply.status(204).send(null);
    });
  });

  app.post('/api/agents/:id/state', { config: { access: 'supervisor' }, schema: SCHEMAS.agentState }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    return answer(reply, () => acd.agentAction(request.params.id, request.body.action, request.body.reason, by));
  });

  app.get('/api/queues', { config: { access: 'supervisor' }, schema: SCHEMAS.queues }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const agents = await acd.agents();
    return [...acd.config.queues].map(([id, q]) => {
      const members = agents.filter((a) => a.queues.includes(id));
      const byStatus: Record<string, number> = {};
      for (const a of members) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      return { id, name: q.name, skills: q.skills, priority: q.priority, serviceLevel: q.serviceLevel, waiting: acd.routing.waitingIn(id), agents: byStatus };
    });
  });

  app.get('/api/queues/config', { config: { access: 'supervisor' }, schema: SCHEMAS.config }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const versions = await deps.versions.list();
    const live = (await deps.versions.current())?.version;
    return { live, versions: versions.map(({ text, ...meta }) => ({ ...meta, lines: text.split('\n').length })), text: versions.find((v) => v.version === live)?.text };
  });

  app.post('/api/queues/config/publish', { config: { access: 'supervisor' }, schema: SCHEMAS.publish }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const { text, message } = request.body;
    try {
      const r = await deps.versions.publish(text, by, message, deps.now(), deps.check);
      acd.useConfig(r.value);
      deps.applied(r.value);
      return reply.status(r.created ? 201 : 200).send({ version: r.version, created: r.created });
    } catch (error) {
      if (error instanceof FlowInvalidError) return reply.status(400).send({ error: 'queues.yaml is not valid', code: 'ACD.CONFIG_INVALID', problems: error.problems });
      throw error;
    }
  });

  app.post('/api/queues/config/rollback', { config: { access: 'supervisor' }, schema: SCHEMAS.rollback }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const { version } = request.body;
    try {
      const config = await deps.versions.rollback(version, by, deps.now(), deps.check);
      if (!config) return reply.status(404).send({ error: `queues.yaml has no version ${version}`, code: 'ACD.NO_SUCH_VERSION' });
      acd.useConfig(config);
      deps.applied(config);
      return { version };
    } catch (error) {
      if (error instanceof FlowInvalidError) return reply.status(400).send({ error: `version ${version} cannot go live`, code: 'ACD.CONFIG_INVALID', problems: error.problems });
      throw error;
    }
  });

  app.get('/api/pause-reasons', { config: { access: 'supervisor' }, schema: SCHEMAS.pauseReasons }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return [...acd.config.pauseReasons].map(([id, name]) => ({ id, name }));
  });
}
