/**
 * HTTP routes of the CRM adapter (API token): search citizens, read their contact history and
 * open tickets, create and update tickets, read a ticket's audit trail. What the agent desktop
 * uses; every change is audited with the token's name. A CRM that fails answers 502/503/504 with
 * its code, never a bare 500.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventLog } from '../events/event-log.js';
import { supervisor } from '../http/auth.js';
import { engineErrorReplies, problemSchema } from '../http/replies.js';
import { CRM_ERROR_STATUS, citizenView, fiscalCodeSchema, interactionView, newTicketSchema, phoneSchema, ticketChangeView, ticketPatchSchema, ticketView, type Crm } from './crm.js';

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


const searchSchema = z
  .object({
    phone: phoneSchema.optional(),
    fiscalCode: fiscalCodeSchema.optional(),
    name: z.string().trim().min(2, 'at least 2 characters').max(100).optional(),
  })
  .strict()
  .refine((q) => Object.values(q).filter((v) => v !== undefined).length === 1, { message: 'give exactly one of phone, fiscalCode, name', path: [] });

const ticketNumber = z.object({ number: z.string().regex(/^[0-9]{1,9}$/, 'a ticket number is digits only').transform(Number) });
const citizenId = z.object({ id: z.string().min(1).max(64) });
const limitSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const ownerSchema = z
  .object({ callerNumber: phoneSchema.optional(), citizenId: z.string().min(1).optional() })
  .strict()
  .refine((q) => (q.callerNumber === undefined) !== (q.citizenId === undefined), { message: 'give callerNumber or citizenId' });

/** What the CRM's routes take and answer (the OpenAPI document shows them). */
const crmProblems = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema, 502: problemSchema, 503: problemSchema, 504: problemSchema };
const SCHEMAS = {
  citizens: { tags: ['crm'], summary: 'Find citizens by phone, fiscal code or name', querystring: searchSchema, response: { 200: z.object({ citizens: z.array(citizenView) }), ...crmProblems } },
  citizen: { tags: ['crm'], summary: 'A citizen and their open tickets', params: citizenId, response: { 200: z.object({ citizen: citizenView, openTickets: z.array(ticketView) }), ...crmProblems } },
  history: { tags: ['crm'], summary: "A citizen's contact history, newest first", params: citizenId, querystring: limitSchema, response: { 200: z.object({ interactions: z.array(interactionView) }), ...crmProblems } },
  tickets: { tags: ['crm'], summary: 'Open tickets of a citizen or of a caller number', querystring: ownerSchema, response: { 200: z.object({ tickets: z.array(ticketView) }), ...crmProblems } },
  newTicket: { tags: ['crm'], summary: 'Open a ticket', body: newTicketSchema, response: { 201: ticketView, ...crmProblems } },
  ticket: { tags: ['crm'], summary: 'One ticket', params: ticketNumber, response: { 200: ticketView, ...crmProblems } },
  patchTicket: { tags: ['crm'], summary: 'Work a ticket: status, level, department, assignee, a note', params: ticketNumber, body: ticketPatchSchema, response: { 200: ticketView, ...crmProblems } },
  changes: { tags: ['crm'], summary: "A ticket's audit trail", params: ticketNumber, response: { 200: z.object({ changes: z.array(ticketChangeView) }), ...crmProblems } },
  status: {
    tags: ['crm'],
    summary: 'Which CRM is in use, its circuit breaker and failures counted',
    response: { 200: z.object({ implementation: z.enum(['embedded', 'http']), breaker: z.string().optional(), failures: z.record(z.string(), z.number()) }) },
  },
} as const;
const answer = engineErrorReplies(CRM_ERROR_STATUS);

export function registerCrmRoutes(server: FastifyInstance, deps: CrmRoutesDeps): void {
  const { crm } = deps;
  const app = server.withTypeProvider<ZodTypeProvider>();

  app.get('/api/crm/citizens', { config: { access: 'supervisor' }, schema: SCHEMAS.citizens }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const q = request.query;
    return answer(reply, async () => ({
      citizens: await crm.findCitizens(q.phone !== undefined ? { phone: q.phone } : q.fiscalCode !== undefined ? { fiscalCode: q.fiscalCode } : { name: q.name ?? '' }),
    }));
  });

  app.get('/api/crm/citizens/:id', { config: { access: 'supervisor' }, schema: SCHEMAS.citizen }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return answer(reply, async () => {
      const citizen = await crm.getCitizen(request.params.id);
      if (!citizen) return reply.status(404).send({ error: `no citizen ${request.params.id}`, code: 'CRM.NO_SUCH_CITIZEN' });
      return { citizen, openTickets: await crm.openTickets({ citizenId: citizen.id }) };
    });
  });

  app.get('/api/crm/citizens/:id/history', { config: { access: 'supervisor' }, schema: SCHEMAS.history }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return answer(reply, async () => ({ interactions: await crm.history(request.params.id, request.query.limit) }));
  });

  app.get('/api/crm/tickets', { config: { access: 'supervisor' }, schema: SCHEMAS.tickets }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const q = request.query;
    return answer(reply, async () => ({ tickets: await crm.openTickets(q.citizenId !== undefined ? { citizenId: q.citizenId } : { callerNumber: q.callerNumber ?? '' }) }));
  });

  app.post('/api/crm/tickets', { config: { access: 'supervisor' }, schema: SCHEMAS.newTicket }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    return answer(reply, async () => {
      const ticket = await crm.createTicket(request.body, by, deps.now());
      await deps.events.append({ type: 'crm.ticket_created', at: deps.now(), ...(ticket.callId ? { callId: ticket.callId } : {}), data: { number: ticket.number, category: ticket.category, level: ticket.level, channel: ticket.channel, by } });
      return reply.status(201).send(ticket);
    });
  });

  app.get('/api/crm/tickets/:number', { config: { access: 'supervisor' }, schema: SCHEMAS.ticket }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const { number } = request.params;
    return answer(reply, async () => (await crm.getTicket(number)) ?? reply.status(404).send({ error: `no ticket ${number}`, code: 'CRM.NO_SUCH_TICKET' }));
  });

  app.patch('/api/crm/tickets/:number', { config: { access: 'supervisor' }, schema: SCHEMAS.patchTicket }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const patch = request.body;
    return answer(reply, async () => {
      const ticket = await crm.updateTicket(request.params.number, patch, by, deps.now());
      const changed = Object.keys(patch).filter((k) => k !== 'note');
      await deps.events.append({ type: 'crm.ticket_updated', at: deps.now(), data: { number: ticket.number, status: ticket.status, level: ticket.level, changed, noted: patch.note !== undefined, by } });
      return ticket;
    });
  });

  app.get('/api/crm/tickets/:number/changes', { config: { access: 'supervisor' }, schema: SCHEMAS.changes }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const { number } = request.params;
    return answer(reply, async () => {
      if (!(await crm.getTicket(number))) return reply.status(404).send({ error: `no ticket ${number}`, code: 'CRM.NO_SUCH_TICKET' });
      return { changes: await crm.ticketChanges(number) };
    });
  });

  app.get('/api/crm/status', { config: { access: 'supervisor' }, schema: SCHEMAS.status }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return { implementation: crm.kind, ...(deps.breaker ? { breaker: deps.breaker() } : {}), failures: await deps.failures() };
  });
}
