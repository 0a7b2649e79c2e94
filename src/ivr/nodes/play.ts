import { z } from 'zod';
import { nodeRef, promptRef } from './common.js';
import type { NodeType } from './node.js';

/** Plays one or more prompts. With bargeIn, a key press cuts it short (the digit is kept). */
export const playNodeSchema = z
  .object({
    type: z.literal('play'),
    prompts: z.array(promptRef).min(1),
    bargeIn: z.boolean().default(false),
    next: nodeRef,
  })
  .strict()
  .describe('Plays one or more prompts; with bargeIn a key press cuts it short and is kept for the next menu.');

export const play: NodeType<typeof playNodeSchema> = {
  type: 'play',
  schema: playNodeSchema,
  nextNodes: (node) => [node.next],
  promptRefs: (node) => node.prompts,
  async run(node, rt) {
    const outcome = await rt.play(
      node.prompts.map((p) => rt.promptMedia(p)),
      node.bargeIn,
    );
    await rt.record('prompt.played', { prompts: node.prompts, outcome });
    return { next: node.next, detail: { outcome } };
  },
};
