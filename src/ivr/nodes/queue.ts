import { z } from 'zod';
import { SYSTEM_PROMPTS } from '../../shared/system-prompts.js';
import { promptMedia } from '../../shared/prompts.js';
import { nodeRef, screenPopData } from './common.js';
import type { NodeType } from './node.js';

/**
 * Hands the caller to the ACD queue `queue` with a priority and data for the agent, and waits
 * there (music, position and estimated wait) until an operator has answered and the
 * conversation is over. A caller who must leave the queue (max wait reached, no operator logged
 * in, queue full) goes to `onExit` with the reason in ${queue_exit}; without onExit they hear
 * that all operators are busy and the call ends: never silence. With `callback`, the caller may
 * press 2 to be called back once the estimated wait reaches `afterMinutes`: their place is held
 * while the `callback.next` step (a callback node for this queue) books it, and kept by the booking.
 * With `afterAgent`, a caller whose operator hangs up first stays on the line and goes on there
 * (the satisfaction survey); a caller who hangs up first simply ends the call.
 */
export const queueNodeSchema = z
  .object({
    type: z.literal('queue'),
    queue: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a queue id: lower-case letters, digits, -'),
    priority: z.number().int().min(0).max(9).default(5),
    data: z.record(z.string(), z.string()).optional(),
    callback: z
      .object({
        afterMinutes: z.number().int().min(0).max(120).default(5).describe('Offered (key 2) with the announcement once the estimated wait reaches this many minutes; 0: at once.'),
        next: nodeRef.describe('The callback step (type callback, same queue) that books it; the caller keeps their place.'),
      })
      .strict()
      .optional()
      .describe('Lets waiting callers ask to be called back without losing their place.'),
    afterAgent: nodeRef.optional().describe('When the operator hangs up first, the caller stays on the line and goes on here (the satisfaction survey); ${queue_agent} and ${queue_id} say who served them.'),
    onExit: nodeRef.optional().describe('Where callers go when they leave the queue without an operator; ${queue_exit} says why (timeout, no_agents, full, unavailable).'),
  })
  .strict()
  .describe('Hands the caller to an ACD queue with a priority and data for the agent.');

export const queue: NodeType<typeof queueNodeSchema> = {
  type: 'queue',
  schema: queueNodeSchema,
  nextNodes: (node) => [...new Set([...(node.onExit === undefined ? [] : [node.onExit]), ...(node.callback ? [node.callback.next] : []), ...(node.afterAgent === undefined ? [] : [node.afterAgent])])],
  promptRefs: () => [],
  async run(node, rt) {
    const data = screenPopData(rt, node.data);
    const request = { queue: node.queue, priority: node.priority, data, tags: [...rt.tags], ...(node.callback ? { offerCallback: { afterMinutes: node.callback.afterMinutes } } : {}), ...(node.afterAgent ? { keepCaller: true } : {}) };
    // The log keeps what the flow declared; the journey and variables (names) stay out of it.
    await rt.record('queue.requested', { queue: node.queue, priority: node.priority, tags: request.tags, data: Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'journey' && k !== 'vars')) });
    const result = await rt.queue(request);
    // Keys pressed while waiting were the queue's (2 for a callback): the next step starts afresh.
    rt.digits.clear();
    if (result.outcome === 'answered' && result.endedBy === 'agent' && node.afterAgent !== undefined && !rt.call.ended.aborted) {
      rt.vars.set('queue_agent', result.agentId ?? '');
      rt.vars.set('queue_id', node.queue);
      return { next: node.afterAgent, detail: { queue: node.queue, outcome: 'answered', endedBy: 'agent' } };
    }
    if (result.outcome === 'answered') return { end: 'queued', detail: { queue: node.queue, outcome: 'answered' } };
    if (result.outcome === 'callback' && node.callback) return { next: node.callback.next, detail: { queue: node.queue, choice: 'callback' } };
    rt.vars.set('queue_exit', result.outcome);
    await rt.record('queue.exit', { queue: node.queue, reason: result.outcome });
    if (node.onExit !== undefined) return { next: node.onExit, detail: { queue: node.queue, exit: result.outcome } };
    await rt.play([promptMedia(SYSTEM_PROMPTS.operatorsBusy)], false);
    await rt.call.hangup('normal');
    return { end: 'hangup', detail: { queue: node.queue, exit: result.outcome } };
  },
};
