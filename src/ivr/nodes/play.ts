import { z } from 'zod';
import type { NodeType } from './node.js';

const nodeId = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a node id: lower-case letters, digits, _ or -');

export const playNodeSchema = z
  .object({
    type: z.literal('play'),
    /** Prompt ids, played in order. */
    prompts: z.array(z.string().min(1)).min(1),
    next: nodeId,
  })
  .strict();

export type PlayNode = z.infer<typeof playNodeSchema>;

export const play: NodeType<typeof playNodeSchema> = {
  type: 'play',
  schema: playNodeSchema,
  final: false,
  nextNodes: (node) => [node.next],
  promptRefs: (node) => node.prompts,
  async run(node, rt) {
    const media = node.prompts.map((p) => rt.promptMedia(p));
    const outcome = await rt.call.play(media, { timeoutMs: rt.promptTimeoutMs });
    await rt.record('prompt.played', { prompts: node.prompts, outcome });
    return { next: node.next };
  },
};
