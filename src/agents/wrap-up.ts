/**
 * An agent's wrap-up of a call from the desktop: the outcome, notes, and a ticket opened or
 * worked (escalated) for the caller; recorded in the citizen's contact history; then the agent
 * is ready for the next call. Only the agent the call was offered to can do it, once.
 */
import { z } from 'zod';
import type { Acd } from '../acd/index.js';
import { callerE164, type CrmGuard, newTicketFields, newTicketSchema, type Ticket, ticketPatchFields } from '../crm/index.js';
import { EngineError } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { ScreenPopStore } from './screen-pop.js';

export const WRAP_UP_OUTCOMES = ['risolto', 'ticket', 'richiamare', 'informazioni', 'non_pertinente'] as const;

export const wrapUpSchema = z
  .object({
    outcome: z.enum(WRAP_UP_OUTCOMES),
    notes: z.string().trim().max(4000).optional(),
    /** A new ticket for the caller (citizen or number taken from the call). */
    newTicket: newTicketFields.omit({ citizenId: true, callerNumber: true, callId: true, channel: true }).optional(),
    /** Work an existing ticket (e.g. escalate it). */
    ticketUpdate: z.object({ number: z.number().int().positive(), ...ticketPatchFields }).strict().optional(),
  })
  .strict()
  .refine((w) => !(w.newTicket && w.ticketUpdate), { message: 'either newTicket or ticketUpdate, not both', path: ['newTicket'] })
  .refine((w) => w.newTicket?.level !== 'secondo_livello' || w.newTicket.department !== undefined, { message: 'a second-level ticket names its department', path: ['newTicket', 'department'] });
export type WrapUp = z.infer<typeof wrapUpSchema>;

export interface WrapUpDeps {
  readonly acd: Acd;
  readonly crm: CrmGuard;
  readonly pops: ScreenPopStore;
  readonly events: EventLog;
  readonly now: () => Date;
}

export async function submitWrapUp(deps: WrapUpDeps, agentId: string, callId: string, wrapUp: WrapUp): Promise<{ ticket: Ticket | null }> {
  const pop = await deps.pops.get(callId);
  // The same answer for a call that does not exist and for another agent's call.
  if (!pop || pop.agentId !== agentId) throw new EngineError('DESKTOP.NOT_YOUR_CALL', `call ${callId} was not offered to you`);
  if (!(await deps.pops.claimWrapUp(callId))) throw new EngineError('DESKTOP.ALREADY_WRAPPED_UP', `call ${callId} is already wrapped up`);
  const by = `agent:${agentId}`;
  const at = deps.now();
  try {
    const citizen = pop.crm.citizens.length === 1 ? pop.crm.citizens[0] : undefined;
    const phone = callerE164(pop.callerNumber);
    let ticket: Ticket | null = null;
    if (wrapUp.newTicket) {
      if (!citizen && phone === undefined) throw new EngineError('CRM.INVALID', 'newTicket: the caller is neither recognised nor calling from a usable number');
      const input = newTicketSchema.parse({ ...wrapUp.newTicket, callId, channel: 'telefono', ...(citizen ? { citizenId: citizen.id } : {}), ...(phone ? { callerNumber: phone } : {}) });
      ticket = await deps.crm.crm.createTicket(input, by, at);
    } else if (wrapUp.ticketUpdate) {
      const { number, ...patch } = wrapUp.ticketUpdate;
      ticket = await deps.crm.crm.updateTicket(number, patch, by, at);
    }
    await deps.crm.crm.recordInteraction({
      channel: 'telefono',
      callId,
      startedAt: new Date(pop.enteredAt).toISOString(),
      endedAt: at.toISOString(),
      topics: [...pop.tags],
      outcome: `agent:${wrapUp.outcome}`,
      ...(citizen ? { citizenId: citizen.id } : {}),
      ...(phone ? { callerNumber: phone } : {}),
      ...(wrapUp.notes ? { summary: wrapUp.notes } : {}),
      ...(ticket ? { ticketNumber: ticket.number } : {}),
    });
    await deps.events.append({ type: 'desktop.wrap_up', callId, at, data: { agentId, outcome: wrapUp.outcome, ticket: ticket?.number ?? null, ticketAction: wrapUp.newTicket ? 'created' : wrapUp.ticketUpdate ? 'updated' : null } });
    const me = await deps.acd.agent(agentId);
    if (me?.status === 'wrap_up' && me.callId === callId) await deps.acd.agentAction(agentId, 'wrapup_done', undefined, by);
    return { ticket };
  } catch (error) {
    await deps.pops.releaseWrapUp(callId);
    throw error;
  }
}
