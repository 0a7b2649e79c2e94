/**
 * HTTP routes of the CRM adapter (API token): search citizens, read their contact history and
 * open tickets, create and update tickets, read a ticket's audit trail. What the agent desktop
 * uses; every change is audited with the token's name. A CRM that fails answers 502/503/504 with
 * its code, never a bare 500.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { EventLog } from '../events/event-log.js';
import { supervisor } from '../http/auth.js';
import { engineErrorReplies, invalidInput } from '../http/replies.js';
import { fiscalCodeSchema, newTicketSchema, phoneSchema, ticketPatchSchema, type Crm } from './crm.js';

export interface CrmRoutesDeps {
  readonly crm: Crm;
  readonly now: () => Date;
  /** Ticket changes made through the API are appended here too (ids and codes, no personal data), for reporting. */
  readonly events: EventLog;
  /** CRM failures counted so far, by "operation:code". */
  readonly failures: () => Promise<Record<string, number>>;
  /** The http adapter's circuit breaker, when there is one. */
  readonly breaker?: () => string;
}

/** The CRM's error codes as HTTP statuses (also used by the desktop's routes, which touch tickets). */
export const CRM_ERROR_STATUS: Readonly<Record<string, number>> = {
  'CRM.INVALID': 400,
  'CRM.NO_SUCH_CITIZEN': 400,
  'CRM.NO_SUCH_TICKET': 404,
  'CRM.BAD_TRANSITION': 409,
  'CRM.REJECTED': 422,
  'CRM.BAD_RESPONSE': 502,
  'CRM.UNAVAILABLE': 503,
  'CRM.TIMEOUT': 504,
};

const searchSchema = z
  .object({
    phone: phoneSchema.optional(),
    fiscalCode: fiscalCodeSchema.optional(),
    name: z.string().trim().min(2, 'at least 2 characters').max(100).optional(),
  })
  .strict()
  .refine((q) => Object.values(q).filter((v) => v !== undefined).length === 1, { message: 'give exactly one of phone, fiscalCode, name', path: [] });

const ticketNumber = z.object({ number: z.string().regex(/^[0-9]{1,9}$/, 'a ticket number is digits only').transform(Number) });
const limitSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

const invalid = (reply: FastifyReply, error: z.ZodError, where: string): FastifyReply => invalidInput(reply, error, 'CRM.INVALID', where);
const answer = engineErrorReplies(CRM_ERROR_STATUS);

export function registerCrmRoutes(app: FastifyInstance, deps: CrmRoutesDeps): void {
  const { crm } = deps;

  app.get('/api/crm/citizens', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const query = searchSchema.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error, 'query');
    const q = query.data;
    return answer(reply, async () => ({
      citizens: await crm.findCitizens(q.phone !== undefined ? { phone: q.phone } : q.fiscalCode !== undefined ? { fiscalCode: q.fiscalCode } : { name: q.name ?? '' }),
    }));
  });

  app.get<{ Params: { id: string } }>('/api/crm/citizens/:id', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return answer(reply, async () => {
      const citizen = await crm.getCitizen(request.params.id);
      if (!citizen) return reply.status(404).send({ error: `no citizen ${request.params.id}`, code: 'CRM.NO_SUCH_CITIZEN' });
      return { citizen, openTickets: await crm.openTickets({ citizenId: citizen.id }) };
    });
  });

  app.get<{ Params: { id: string } }>('/api/crm/citizens/:id/history', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const query = limitSchema.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error, 'query');
    return answer(reply, async () => ({ interactions: await crm.history(request.params.id, query.data.limit) }));
  });

  app.get('/api/crm/tickets', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const query = z.object({ callerNumber: phoneSchema.optional(), citizenId: z.string().min(1).optional() }).strict().refine((q) => (q.callerNumber === undefined) !== (q.citizenId === undefined), { message: 'give callerNumber or citizenId' }).safeParse(request.query);
    if (!query.success) return invalid(reply, query.error, 'query');
    const q = query.data;
    return answer(reply, async () => ({ tickets: await crm.openTickets(q.citizenId !== undefined ? { citizenId: q.citizenId } : { callerNumber: q.callerNumber ?? '' }) }));
  });

  app.post('/api/crm/tickets', async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const body = newTicketSchema.safeParse(request.body);
    if (!body.success) return invalid(reply, body.error, '');
    return answer(reply, async () => {
      const ticket = await crm.createTicket(body.data, by, deps.now());
      await deps.events.append({ type: 'crm.ticket_created', at: deps.now(), ...(ticket.callId ? { callId: ticket.callId } : {}), data: { number: ticket.number, category: ticket.category, level: ticket.level, channel: ticket.channel, by } });
      return reply.status(201).send(ticket);
    });
  });

  app.get<{ Params: { number: string } }>('/api/crm/tickets/:number', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const params = ticketNumber.safeParse(request.params);
    if (!params.success) return invalid(reply, params.error, 'path');
    return answer(reply, async () => (await crm.getTicket(params.data.number)) ?? reply.status(404).send({ error: `no ticket ${params.data.number}`, code: 'CRM.NO_SUCH_TICKET' }));
  });

  app.patch<{ Params: { number: string } }>('/api/crm/tickets/:number', async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const params = ticketNumber.safeParse(request.params);
    if (!params.success) return invalid(reply, params.error, 'path');
    const body = ticketPatchSchema.safeParse(request.body);
    if (!body.success) return invalid(reply, body.error, '');
    return answer(reply, async () => {
      const ticket = await crm.updateTicket(params.data.number, body.data, by, deps.now());
      const changed = Object.keys(body.data).filter((k) => k !== 'note');
      await deps.events.append({ type: 'crm.ticket_updated', at: deps.now(), data: { number: ticket.number, status: ticket.status, level: ticket.level, changed, noted: body.data.note !== undefined, by } });
      return ticket;
    });
  });

  app.get<{ Params: { number: string } }>('/api/crm/tickets/:number/changes', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const params = ticketNumber.safeParse(request.params);
    if (!params.success) return invalid(reply, params.error, 'path');
    return answer(reply, async () => {
      if (!(await crm.getTicket(params.data.number))) return reply.status(404).send({ error: `no ticket ${params.data.number}`, code: 'CRM.NO_SUCH_TICKET' });
      return { changes: await crm.ticketChanges(params.data.number) };
    });
  });

  app.get('/api/crm/status', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return { implementation: crm.kind, ...(deps.breaker ? { breaker: deps.breaker() } : {}), failures: await deps.failures() };
  });
}
