import { z } from 'zod';
import type { NodeType } from './node.js';

export const hangupNodeSchema = z.object({ type: z.literal('hangup') }).strict();

export const hangup: NodeType<typeof hangupNodeSchema> = {
  type: 'hangup',
  schema: hangupNodeSchema,
  final: true,
  nextNodes: () => [],
  promptRefs: () => [],
  async run(_node, rt) {
    await rt.call.hangup('normal');
    return { end: 'hangup' };
  },
};
