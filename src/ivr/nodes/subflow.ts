import { z } from 'zod';
import { nodeRef } from './common.js';
import type { NodeType } from './node.js';

/**
 * Runs another flow (e.g. a shared "centralino" or "privacy" flow) on this call; when that flow
 * reaches a `return` node, continues at `next`. If it ends the call, so does this one.
 */
export const subflowNodeSchema = z
  .object({
    type: z.literal('subflow'),
    flow: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a flow id'),
    next: nodeRef,
  })
  .strict()
  .describe('Runs another flow on this call, then continues at next when it returns.');

export const subflow: NodeType<typeof subflowNodeSchema> = {
  type: 'subflow',
  schema: subflowNodeSchema,
  nextNodes: (node) => [node.next],
  promptRefs: () => [],
  async run(node, rt) {
    const result = await rt.runSubflow(node.flow);
    return result === 'returned' ? { next: node.next, detail: { flow: node.flow } } : { end: 'hangup', detail: { flow: node.flow } };
  },
};
