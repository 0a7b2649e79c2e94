import { hangup, hangupNodeSchema } from './hangup.js';
import type { NodeType } from './node.js';
import { play, playNodeSchema } from './play.js';
import { z } from 'zod';

/** Every node type, by `type`. Adding a node type: one file in this folder, one line here. */
export const NODE_TYPES: Record<string, NodeType<z.ZodType<{ type: string }>>> = {
  play: play,
  hangup: hangup,
};

export const nodeSchema = z.discriminatedUnion('type', [playNodeSchema, hangupNodeSchema]);
export type FlowNode = z.infer<typeof nodeSchema>;
