import { z } from 'zod';
import { nodeRef } from './common.js';
import type { NodeType } from './node.js';

/**
 * Recognises the caller in the CRM by their number, within the CRM's time budget (the caller
 * never waits longer; on a timeout or failure they go on as unknown). Sets the variables
 * citizen_known (yes/no), citizen_id, citizen_first_name, citizen_last_name, citizen_language,
 * open_tickets (how many), has_open_ticket (yes/no), ticket_number, ticket_status and
 * ticket_category (the newest open ticket) and crm_lookup (known, unknown, ambiguous, anonymous,
 * timeout, failed, unavailable). Recognised callers go to `known` when given, the others to `next`.
 */
export const lookupNodeSchema = z
  .object({
    type: z.literal('lookup'),
    known: nodeRef.optional().describe('Where recognised callers go (default: next).'),
    next: nodeRef,
  })
  .strict()
  .describe('Recognises the caller in the CRM (name, open tickets, language) without ever making them wait past the budget.');

export const lookup: NodeType<typeof lookupNodeSchema> = {
  type: 'lookup',
  schema: lookupNodeSchema,
  nextNodes: (node) => [...new Set([...(node.known ? [node.known] : []), node.next])],
  promptRefs: () => [],
  async run(node, rt) {
    const found = await rt.recogniseCaller();
    const newest = found.openTickets[0];
    const vars: Record<string, string> = {
      crm_lookup: found.outcome,
      citizen_known: found.citizen ? 'yes' : 'no',
      citizen_id: found.citizen?.id ?? '',
      citizen_first_name: found.citizen?.firstName ?? '',
      citizen_last_name: found.citizen?.lastName ?? '',
      citizen_language: found.citizen?.language ?? '',
      open_tickets: String(found.openTickets.length),
      has_open_ticket: newest ? 'yes' : 'no',
      ticket_number: newest ? String(newest.number) : '',
      ticket_status: newest?.status ?? '',
      ticket_category: newest?.category ?? '',
    };
    for (const [k, v] of Object.entries(vars)) rt.vars.set(k, v);
    // Ids and counts only: names stay out of the event log.
    await rt.record('crm.lookup', { outcome: found.outcome, citizenId: found.citizen?.id ?? null, openTickets: found.openTickets.map((t) => t.number) });
    const next = found.citizen && node.known ? node.known : node.next;
    return { next, detail: { outcome: found.outcome } };
  },
};
