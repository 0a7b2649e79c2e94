import { z } from 'zod';
import { TOPICS } from '../../shared/topics.js';
import { nodeRef } from './common.js';
import type { NodeType } from './node.js';

/** Sets call variables (templates allowed: "${caller}") and adds topic tags. */
export const setNodeSchema = z
  .object({
    type: z.literal('set'),
    variables: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'a variable name: letters, digits, _'), z.string()).optional(),
    tags: z.array(z.enum(TOPICS, { error: () => `a topic: one of ${TOPICS.join(', ')}` })).optional(),
    next: nodeRef,
  })
  .strict()
  .describe('Sets call variables and topic tags (for reporting and the agent screen-pop).');

export const set: NodeType<typeof setNodeSchema> = {
  type: 'set',
  schema: setNodeSchema,
  nextNodes: (node) => [node.next],
  promptRefs: () => [],
  async run(node, rt) {
    for (const [name, value] of Object.entries(node.variables ?? {})) rt.vars.set(name, rt.resolve(value));
    for (const tag of node.tags ?? []) rt.tags.add(tag);
    if (node.tags?.length) await rt.record('call.tagged', { tags: [...rt.tags] });
    return { next: node.next, detail: { tags: node.tags ?? [] } };
  },
};
