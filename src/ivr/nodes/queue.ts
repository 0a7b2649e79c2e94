import { z } from 'zod';
import { SYSTEM_PROMPTS } from '../system-prompts.js';
import { promptMedia } from '../prompts.js';
import type { NodeType } from './node.js';

/**
 * Hands the caller to the ACD queue `queue` with a priority and data for the agent.
 * Until the ACD lands this is a stub: it records the request, tells the caller that all operators
 * are busy and releases the call.
 */
export const queueNodeSchema = z
  .object({
    type: z.literal('queue'),
    queue: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a queue id: lower-case letters, digits, -'),
    priority: z.number().int().min(0).max(9).default(5),
    data: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .describe('Hands the caller to an ACD queue with a priority and data for the agent.');

export const queue: NodeType<typeof queueNodeSchema> = {
  type: 'queue',
  schema: queueNodeSchema,
  nextNodes: () => [],
  promptRefs: () => [],
  async run(node, rt) {
    const data = Object.fromEntries(Object.entries(node.data ?? {}).map(([k, v]) => [k, rt.resolve(v)]));
    await rt.record('queue.requested', { queue: node.queue, priority: node.priority, data, tags: [...rt.tags] });
    await rt.play([promptMedia(SYSTEM_PROMPTS.operatorsBusy)], false);
    await rt.call.hangup('normal');
    return { end: 'queued', detail: { queue: node.queue } };
  },
};
