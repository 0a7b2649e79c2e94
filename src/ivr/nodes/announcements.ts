import { z } from 'zod';
import { nodeRef } from './common.js';
import type { NodeType } from './node.js';

/**
 * Plays the emergency and information messages a supervisor has switched on for this flow
 * (emergencies first), then goes on. Plays nothing when none is on.
 */
export const announcementsNodeSchema = z
  .object({
    type: z.literal('announcements'),
    bargeIn: z.boolean().default(false),
    next: nodeRef,
  })
  .strict()
  .describe('Plays the emergency and information messages switched on for this flow, if any, then goes on.');

export const announcements: NodeType<typeof announcementsNodeSchema> = {
  type: 'announcements',
  schema: announcementsNodeSchema,
  nextNodes: (node) => [node.next],
  promptRefs: () => [],
  async run(node, rt) {
    const active = rt.announcements();
    if (active.length > 0) {
      const outcome = await rt.play(
        active.map((a) => a.media),
        node.bargeIn,
      );
      await rt.record('prompt.played', { prompts: active.map((a) => `announcement:${a.id}`), outcome });
    }
    return { next: node.next, detail: { played: active.map((a) => a.id) } };
  },
};
