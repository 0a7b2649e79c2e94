/**
 * Sessions and the agent's own API. POST /api/sessions opens a session (an agent's id and PIN, or
 * a supervisor's API token, for the desktop and the live view); an agent then acts only on
 * themselves (/api/me…), never on another agent. Supervisors set agents' PINs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AgentTransfer, agentViewSchema, stateSchema } from '../acd/index.js';
import { CRM_ERROR_STATUS, ticketView } from '../crm/index.js';
import { agent, bearerToken, supervisor } from '../http/auth.js';
import { engineErrorReplies, noContentSchema, problemSchema } from '../http/replies.js';
import { EngineError } from '../errors.js';
import { hashPin, pinSchema } from './pin.js';
import type { Principal, Sessions } from './sessions.js';
import { submitWrapUp, wrapUpSchema, type WrapUpDeps } from './wrap-up.js';

export interface SessionRoutesDeps extends WrapUpDeps {
  readonly sessions: Sessions;
}

/** An agent's id and PIN, or a supervisor's API token. */
const loginSchema = z
  .object({ agentId: z.string().min(1).max(64).optional(), pin: z.string().min(1).max(16).optional(), apiToken: z.string().min(1).max(200).optional() })
  .strict()
  .refine((b) => (b.apiToken !== undefined ? b.agentId === undefined && b.pin === undefined : b.agentId !== undefined && b.pin !== undefined), { message: 'give agentId and pin, or apiToken' });

/** A transfer: to a queue, or to an extension (the same 2–6 digits the IVR's transfer step takes). */
const transferSchema = z
  .object({
    queue: z.string().min(1).max(64).optional(),
    extension: z.string().regex(/^\d{2,6}$/, 'an extension: 2 to 6 digits').optional(),
    mode: z.enum(['blind', 'announced']).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.queue === undefined) === (b.extension === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'give either queue or extension' });
    if (b.queue !== undefined && b.mode !== undefined) ctx.addIssue({ code: 'custom', path: ['mode'], message: 'a transfer to a queue is always blind: mode is for extensions' });
  })
  .transform((b): AgentTransfer => (b.queue !== undefined ? { queue: b.queue } : { extension: b.extension as string, mode: b.mode ?? 'blind' }));

/** What the session and desktop routes take and answer (the OpenAPI document shows them). */
const callIdParams = z.object({ callId: z.string().min(1).max(100) });
const session = z.object({ token: z.string(), role: z.enum(['supervisor', 'agent']), name: z.string(), agentId: z.string().optional(), expiresAt: z.number().describe('epoch ms') });
const SCHEMAS = {
  login: { tags: ['sessions'], summary: "Open a session: an agent's id and PIN, or a supervisor's API token", security: [], body: loginSchema, response: { 201: session, 401: problemSchema, 429: problemSchema } },
  logout: { tags: ['sessions'], summary: 'End the current session', response: { 204: noContentSchema } },
  pin: { tags: ['agents'], summary: "Set an agent's PIN (also unlocks them; their sessions end)", params: z.object({ id: z.string().min(1).max(64) }), body: z.object({ pin: pinSchema }).strict(), response: { 204: noContentSchema, 404: problemSchema } },
  me: {
    tags: ['sessions'],
    summary: 'Who am I: the principal, and for an agent their profile, state and the pause reasons',
    response: { 200: z.object({ role: z.enum(['supervisor', 'agent']), name: z.string(), agent: agentViewSchema.optional(), pauseReasons: z.array(z.object({ id: z.string(), name: z.string() })).optional() }), 404: problemSchema },
  },
  myState: { tags: ['desktop'], summary: "The agent's own state: login, pause with a reason, ready, wrap-up done, logout", body: stateSchema, response: { 200: agentViewSchema, 400: problemSchema, 409: problemSchema } },
  wrapUp: { tags: ['desktop'], summary: 'Wrap up a call: outcome, notes, a ticket opened or worked', params: callIdParams, body: wrapUpSchema, response: { 200: z.object({ ticket: ticketView.nullable() }), 403: problemSchema, 409: problemSchema } },
  transfer: {
    tags: ['desktop'],
    summary: 'Transfer the caller: to a queue (blind), or to an extension (blind or announced)',
    params: callIdParams,
    body: transferSchema,
    response: {
      202: z.object({ callId: z.string(), agentId: z.string(), from: z.string(), queue: z.string().optional(), extension: z.string().optional(), mode: z.enum(['blind', 'announced']).optional() }),
      400: problemSchema,
      403: problemSchema,
      409: problemSchema,
    },
  },
  consult: {
    tags: ['desktop'],
    summary: 'End an announced transfer: complete leaves the caller with the extension, cancel takes them back',
    params: callIdParams.extend({ action: z.enum(['complete', 'cancel']) }),
    response: { 202: z.object({ callId: z.string(), action: z.enum(['complete', 'cancel']), extension: z.string() }), 403: problemSchema, 409: problemSchema },
  },
} as const;

const answer = engineErrorReplies({
  'AUTH.BAD_CREDENTIALS': 401,
  'AUTH.LOCKED': 429,
  'ACD.NO_SUCH_AGENT': 404,
  'ACD.BAD_TRANSITION': 409,
  'ACD.NO_SUCH_PAUSE_REASON': 400,
  'DESKTOP.NOT_YOUR_CALL': 403,
  'DESKTOP.ALREADY_WRAPPED_UP': 409,
  ...CRM_ERROR_STATUS,
});

export function registerSessionRoutes(server: FastifyInstance, deps: SessionRoutesDeps): void {
  const { sessions, acd } = deps;
  const app = server.withTypeProvider<ZodTypeProvider>();

  app.post('/api/sessions', { schema: SCHEMAS.login }, async (request, reply) => {
    const { agentId, pin, apiToken } = request.body;
    return answer(reply, async () => {
      try {
        const opened = apiToken !== undefined ? await sessions.loginSupervisor(apiToken) : await sessions.loginAgent(agentId ?? '', pin ?? '', request.ip);
        return reply.status(201).send(opened);
      } catch (error) {
        // One line per failed login with the source address: what fail2ban reads (README, Security).
        if (error instanceof EngineError && error.code.startsWith('AUTH.')) {
          request.log.warn({ ip: request.ip, agentId, code: error.code }, 'auth.login_failed');
        }
        throw error;
      }
    });
  });

  app.delete('/api/sessions/current', { schema: SCHEMAS.logout }, async (request, reply) => {
    await sessions.logout(bearerToken(request));
    return reply.status(204).send(null);
  });

  app.put('/api/agents/:id/pin', { config: { access: 'supervisor' }, schema: SCHEMAS.pin }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    return answer(reply, async () => {
      await acd.setPinHash(request.params.id, await hashPin(request.body.pin), by);
      // Setting a PIN is also how a supervisor unlocks an agent who typed too many wrong ones;
      // whoever was logged in with the old one is logged out.
      await sessions.unlock(request.params.id);
      await sessions.endSessionsOf(request.params.id, 'pin_changed', by);
      return reply.status(204).send(null);
    });
  });

  /** Who am I: the principal, and for an agent their profile and state. */
  app.get('/api/me', { schema: SCHEMAS.me }, async (request, reply) => {
    // The auth hook has answered 401 already when there is no principal.
    const p = request.principal as Principal;
    if (p.role !== 'agent' || p.agentId === undefined) return { role: p.role, name: p.name };
    const me = await acd.agent(p.agentId);
    if (!me) return reply.status(404).send({ error: `agent ${p.agentId} no longer exists`, code: 'ACD.NO_SUCH_AGENT' });
    return { role: p.role, name: p.name, agent: me, pauseReasons: [...acd.config.pauseReasons.entries()].map(([id, name]) => ({ id, name })) };
  });

  /** The agent's own state: log in to the queues, pause with a reason, ready, wrap-up done, log out. */
  app.post('/api/me/state', { config: { access: 'agent' }, schema: SCHEMAS.myState }, async (request, reply) => {
    const agentId = agent(request, reply);
    if (agentId === undefined) return reply;
    return answer(reply, () => acd.agentAction(agentId, request.body.action, request.body.reason, `agent:${agentId}`));
  });

  /** The agent's wrap-up of a call offered to them: outcome, notes, a ticket opened or escalated. */
  app.post('/api/me/calls/:callId/wrap-up', { config: { access: 'agent' }, schema: SCHEMAS.wrapUp }, async (request, reply) => {
    const agentId = agent(request, reply);
    if (agentId === undefined) return reply;
    return answer(reply, () => submitWrapUp(deps, agentId, request.params.callId, request.body));
  });

  /**
   * Transfers the caller the agent is talking to: to another queue (blind; journey and data kept),
   * or to an extension, blind (the agent is free at once) or announced (the caller holds while the
   * agent talks to the extension, then completes or cancels).
   */
  app.post('/api/me/calls/:callId/transfer', { config: { access: 'agent' }, schema: SCHEMAS.transfer }, async (request, reply) => {
    const agentId = agent(request, reply);
    if (agentId === undefined) return reply;
    const target = request.body;
    const call = await deps.acd.queuedCall(request.params.callId);
    if (!call || call.agentId !== agentId) return notYours(reply, request.params.callId);
    if (call.status !== 'connected') return reply.status(409).send({ error: 'only a call in conversation can be transferred', code: 'DESKTOP.NOT_IN_CONVERSATION' });
    if (call.consult) return reply.status(409).send({ error: `an announced transfer to ${call.consult.extension} is in progress: complete or cancel it first`, code: 'DESKTOP.CONSULT_IN_PROGRESS' });
    let data: { agentId: string; from: string; queue?: string; extension?: string; mode?: 'blind' | 'announced' };
    if ('queue' in target) {
      const { queue } = target;
      if (!acd.config.queues.has(queue)) return reply.status(400).send({ error: `queue: "${queue}" is not a queue`, code: 'ACD.NO_SUCH_QUEUE' });
      if (call.queueId === queue) return reply.status(400).send({ error: `the caller is already in ${queue}`, code: 'DESKTOP.SAME_QUEUE' });
      data = { agentId, queue, from: call.queueId };
    } else {
      const { extension, mode } = target;
      if ((await acd.agent(agentId))?.endpoint === extension) return reply.status(400).send({ error: `extension: ${extension} is your own phone`, code: 'DESKTOP.OWN_EXTENSION' });
      data = { agentId, extension, mode, from: call.queueId };
    }
    // Logged; carried out here if this engine holds the caller, else by the engine that does.
    await deps.acd.request({ type: 'acd.transfer_requested', callId: call.callId, data });
    return reply.status(202).send({ callId: call.callId, ...data });
  });

  /** Ends an announced transfer: `complete` leaves the caller with the extension, `cancel` takes them back. */
  app.post('/api/me/calls/:callId/consult/:action', { config: { access: 'agent' }, schema: SCHEMAS.consult }, async (request, reply) => {
    const agentId = agent(request, reply);
    if (agentId === undefined) return reply;
    const { action } = request.params;
    const call = await deps.acd.queuedCall(request.params.callId);
    if (!call || call.agentId !== agentId) return notYours(reply, request.params.callId);
    if (!call.consult) return reply.status(409).send({ error: 'no announced transfer is in progress on this call', code: 'DESKTOP.NO_CONSULT' });
    if (action === 'complete' && call.consult.status !== 'talking') return reply.status(409).send({ error: `extension ${call.consult.extension} has not answered yet: wait, or cancel`, code: 'DESKTOP.CONSULT_NOT_ANSWERED' });
    await deps.acd.request({ type: `acd.consult_${action}_requested`, callId: call.callId, data: { agentId, extension: call.consult.extension } });
    return reply.status(202).send({ callId: call.callId, action, extension: call.consult.extension });
  });
}

function notYours(reply: FastifyReply, callId: string): FastifyReply {
  return reply.status(403).send({ error: `call ${callId} is not yours`, code: 'DESKTOP.NOT_YOUR_CALL' });
}
