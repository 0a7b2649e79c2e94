import { z } from 'zod';
import { promptRef } from './common.js';
import type { NodeType } from './node.js';

/** Releases the call, after an optional goodbye prompt. */
export const hangupNodeSchema = z.object({ type: z.literal('hangup'), prompt: promptRef.optional() }).strict()
  .describe('Releases the call, after an optional goodbye prompt.');

export const hangup: NodeType<typeof hangupNodeSchema> = {
  type: 'hangup',
  schema: hangupNodeSchema,
  nextNodes: () => [],
  promptRefs: (node) => (node.prompt === undefined ? [] : [node.prompt]),
  async run(node, rt) {
    if (node.prompt !== undefined) await rt.play([rt.promptMedia(node.prompt)], false);
    await rt.call.hangup('normal');
    return { end: 'hangup' };
  },
};
