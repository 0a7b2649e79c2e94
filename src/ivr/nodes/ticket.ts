import { z } from 'zod';
import { TOPICS } from '../../shared/topics.js';
import { SYSTEM_PROMPTS } from '../../shared/system-prompts.js';
import { promptMedia } from '../../shared/prompts.js';
import { nodeRef } from './common.js';
import type { NodeType } from './node.js';

/**
 * Opens a ticket in the CRM for this call (e.g. a request left outside opening hours) with the
 * caller's number, the recognised citizen and the IVR journey, and reads its number back twice,
 * digit by digit. The number is in ${ticket_number} (and ${ticket_created}, which the contact history records). If the CRM fails or does not answer within
 * its budget: `onFailure` when given, else the caller hears an apology and the flow goes on.
 */
export const ticketNodeSchema = z
  .object({
    type: z.literal('ticket'),
    category: z.enum(TOPICS).optional().describe("The ticket's category; default: the call's first topic tag, else Informazioni."),
    subject: z.string().trim().min(1).max(200).describe('What the request is; may use ${variables}.'),
    level: z.enum(['primo_livello', 'back_office', 'secondo_livello']).default('primo_livello'),
    department: z.string().min(1).optional(),
    readBack: z.boolean().default(true),
    next: nodeRef,
    onFailure: nodeRef.optional(),
  })
  .strict()
  .refine((n) => n.level !== 'secondo_livello' || n.department !== undefined, { message: 'a second-level ticket names its department', path: ['department'] })
  .describe('Opens a ticket for the call and reads its number to the caller.');

export const ticket: NodeType<typeof ticketNodeSchema> = {
  type: 'ticket',
  schema: ticketNodeSchema,
  nextNodes: (node) => [...new Set([node.next, ...(node.onFailure ? [node.onFailure] : [])])],
  promptRefs: () => [],
  async run(node, rt) {
    const category = node.category ?? [...rt.tags].find((t) => (TOPICS as readonly string[]).includes(t)) ?? 'Informazioni';
    const created = await rt.openTicket({ category, subject: rt.resolve(node.subject), level: node.level, ...(node.department ? { department: node.department } : {}) });
    if (!created) {
      rt.vars.set('ticket_number', '');
      await rt.record('ticket.failed', { category });
      if (node.onFailure) return { next: node.onFailure, detail: { outcome: 'failed' } };
      await rt.play([promptMedia(SYSTEM_PROMPTS.ticketNotCreated)], false);
      return { next: node.next, detail: { outcome: 'failed' } };
    }
    const number = String(created.number);
    rt.vars.set('ticket_number', number);
    rt.vars.set('ticket_created', number);
    await rt.record('ticket.created', { number: created.number, category });
    if (node.readBack) {
      // Twice: the caller is often writing it down.
      const outcome = await rt.play([promptMedia(SYSTEM_PROMPTS.ticketNumberIs), `digits:${number}`, promptMedia(SYSTEM_PROMPTS.ticketNumberAgain), `digits:${number}`], false);
      await rt.record('prompt.played', { prompts: ['system:ticketNumberIs', `digits:${number}`, 'system:ticketNumberAgain', `digits:${number}`], outcome });
    }
    return { next: node.next, detail: { outcome: 'created', number: created.number } };
  },
};
