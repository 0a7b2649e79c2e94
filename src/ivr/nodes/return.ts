import { z } from 'zod';
import type { NodeType } from './node.js';

/** Ends a sub-flow and goes back to the flow that called it (`subflow` node). */
export const returnNodeSchema = z.object({ type: z.literal('return') }).strict()
  .describe('Ends a sub-flow and goes back to the flow that called it.');

export const returnNode: NodeType<typeof returnNodeSchema> = {
  type: 'return',
  schema: returnNodeSchema,
  nextNodes: () => [],
  promptRefs: () => [],
  run: () => Promise.resolve({ end: 'returned' }),
};
