/**
 * HTTP routes: /api/callbacks — agents and supervisors book (e.g. during a call, or for a request
 * that came in writing), list, move and cancel callbacks; /api/callbacks/slots/:queue lists the
 * free slots. Every number goes through the same guard as the IVR's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staff } from '../http/auth.js';
import { engineErrorReplies, problemSchema } from '../http/replies.js';
import type { Callback } from './callback-store.js';
import type { Callbacks } from './callbacks.js';
import { slotInItalian } from './slots.js';

export interface CallbackRoutesDeps {
  readonly callbacks: Callbacks;
  readonly now?: () => Date;
  /**
   * The service numbers a callback may present (CC_CALLBACK_CALLER_ID and CC_CALLBACK_CALLER_IDS):
   * a supervisor may choose one of them, an agent none — never 112, 113 or a citizen's number.
   */
  readonly callerIds: ReadonlySet<string>;
}

/**
 * What an agent may touch: the callbacks they booked themselves. Supervisors: all. Undefined
 * after answering (404 for another agent's, so its existence is not told).
 */
async function mine(deps: CallbackRoutesDeps, request: FastifyRequest, reply: FastifyReply, id: string, by: string): Promise<Callback | undefined> {
  const cb = await deps.callbacks.get(id);
  if (!cb || (request.principal?.role === 'agent' && cb.createdBy !== by)) {
    void reply.status(404).send({ error: `callback ${id} does not exist`, code: 'CALLBACK.NOT_FOUND' });
    return undefined;
  }
  return cb;
}

const bookSchema = z
  .object({
    number: z.string().min(1).max(40),
    queue: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a queue id'),
    /** Absent: as soon as its turn comes (keep-my-place from now). */
    at: z.iso.datetime({ offset: true }).optional(),
    note: z.string().max(500).optional(),
    topic: z.string().max(60).optional(),
    callerId: z.string().regex(/^\+?\d{3,15}$/, 'a phone number such as 020202').optional(),
  })
  .strict();

const moveSchema = z.object({ at: z.iso.datetime({ offset: true }) }).strict();

/** What the callback routes take and answer (the OpenAPI document shows them). */
const callbackId = z.object({ id: z.string().min(1).max(100) });
const problem = problemSchema;
const callbackView = z.object({
  id: z.string(),
  kind: z.enum(['keep_place', 'scheduled']),
  number: z.string().describe('E.164'),
  queueId: z.string(),
  status: z.enum(['booked', 'active', 'completed', 'cancelled']),
  dueAt: z.string(),
  slotStart: z.string().optional(),
  attempt: z.number().int(),
  dialled: z.number().int(),
  final: z.string().optional(),
  lastOutcome: z.string().optional(),
  callerId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
}).loose();
const SCHEMAS = {
  list: { tags: ['callbacks'], summary: 'Open callbacks, soonest due first (an agent: the ones they booked)', response: { 200: z.array(callbackView) } },
  get: { tags: ['callbacks'], summary: 'One callback', params: callbackId, response: { 200: callbackView, 404: problem } },
  slots: {
    tags: ['callbacks'],
    summary: 'A queue\'s free callback slots, said as the caller hears them',
    params: z.object({ queue: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a queue id') }),
    response: { 200: z.array(z.object({ start: z.string(), end: z.string(), capacity: z.number().int(), booked: z.number().int(), free: z.number().int(), said: z.string() })) },
  },
  book: { tags: ['callbacks'], summary: 'Book a callback (or merge into the number\'s open one)', body: bookSchema, response: { 200: callbackView.extend({ merged: z.boolean() }), 201: callbackView.extend({ merged: z.boolean() }), 400: problem } },
  move: { tags: ['callbacks'], summary: 'Move a booked callback to another time', params: callbackId, body: moveSchema, response: { 200: callbackView, 404: problem } },
  cancel: { tags: ['callbacks'], summary: 'Cancel a callback', params: callbackId, response: { 200: callbackView, 404: problem } },
} as const;

const replies = engineErrorReplies({
  'CALLBACK.NUMBER_REFUSED': 422,
  'CALLBACK.RATE_LIMITED': 429,
  'CALLBACK.SLOT_FULL': 409,
  'CALLBACK.BAD_SLOT': 400,
  'CALLBACK.NO_SLOTS': 409,
  'CALLBACK.NO_SUCH_QUEUE': 400,
  'CALLBACK.NOT_FOUND': 404,
  'CALLBACK.NOT_OPEN': 409,
  'CALLBACK.PLACE_GONE': 409,
});

function view(cb: Callback) {
  const { slotStart, ...rest } = cb;
  return { ...rest, dueAt: new Date(cb.dueAt).toISOString(), createdAt: new Date(cb.createdAt).toISOString(), ...(slotStart === undefined ? {} : { slotStart: new Date(slotStart).toISOString() }) };
}

export function registerCallbackRoutes(server: FastifyInstance, deps: CallbackRoutesDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const now = deps.now ?? (() => new Date());

  app.get('/api/callbacks', { schema: SCHEMAS.list }, async (request, reply) => {
    const by = staff(request, reply);
    if (by === undefined) return reply;
    // An agent sees the callbacks they booked; the citizens' numbers in the others are not theirs to see.
    const open = await deps.callbacks.open();
    return (request.principal?.role === 'agent' ? open.filter((cb) => cb.createdBy === by) : open).map(view);
  });

  app.get('/api/callbacks/:id', { schema: SCHEMAS.get }, async (request, reply) => {
    const by = staff(request, reply);
    if (by === undefined) return reply;
    const cb = await mine(deps, request, reply, request.params.id, by);
    return cb === undefined ? reply : view(cb);
  });

  app.get('/api/callbacks/slots/:queue', { schema: SCHEMAS.slots }, async (request, reply) => {
    if (staff(request, reply) === undefined) return reply;
    return replies(reply, async () => (await deps.callbacks.freeSlots(request.params.queue, 50)).map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), capacity: s.capacity, booked: s.booked, free: s.free, said: slotInItalian(s.start, now()) })));
  });

  app.post('/api/callbacks', { schema: SCHEMAS.book }, async (request, reply) => {
    const by = staff(request, reply);
    if (by === undefined) return reply;
    const b = request.body;
    if (b.callerId !== undefined && (request.principal?.role !== 'supervisor' || !deps.callerIds.has(b.callerId))) {
      return reply.status(400).send({ error: `callerId: ${request.principal?.role === 'supervisor' ? `${b.callerId} is not one of the service's numbers (${[...deps.callerIds].join(', ')})` : 'only a supervisor may choose the number presented'}`, code: 'CALLBACK.INVALID' });
    }
    return replies(reply, async () => {
      const booked = await deps.callbacks.book(
        {
          number: b.number,
          queueId: b.queue,
          kind: b.at === undefined ? 'keep_place' : 'scheduled',
          ...(b.at === undefined ? {} : { at: new Date(b.at) }),
          ...(b.callerId === undefined ? {} : { callerId: b.callerId }),
          data: { ...(b.note === undefined ? {} : { note: b.note }), ...(b.topic === undefined ? {} : { topic: b.topic }) },
        },
        by,
      );
      return reply.status(booked.merged ? 200 : 201).send({ ...view(booked.callback), merged: booked.merged });
    });
  });

  app.patch('/api/callbacks/:id', { schema: SCHEMAS.move }, async (request, reply) => {
    const by = staff(request, reply);
    if (by === undefined) return reply;
    if ((await mine(deps, request, reply, request.params.id, by)) === undefined) return reply;
    return replies(reply, async () => view(await deps.callbacks.move(request.params.id, new Date(request.body.at), by)));
  });

  app.delete('/api/callbacks/:id', { schema: SCHEMAS.cancel }, async (request, reply) => {
    const by = staff(request, reply);
    if (by === undefined) return reply;
    if ((await mine(deps, request, reply, request.params.id, by)) === undefined) return reply;
    return replies(reply, async () => view(await deps.callbacks.cancel(request.params.id, by)));
  });
}
