import { z } from 'zod';
import { keyed } from '../../shared/keyed.js';
import { defined, dtmfKey, nodeRef, playPrompt, promptRef, seconds } from './common.js';
import type { NodeType } from './node.js';

/**
 * Plays a prompt and waits for one key. A key in `choices` goes to its node; the repeat key plays
 * the prompt again; a wrong key or silence plays the invalid/no-input prompt and asks again, up to
 * `retries` times, then goes to `onFailure`.
 */
export const menuNodeSchema = z
  .object({
    type: z.literal('menu'),
    prompt: promptRef,
    choices: keyed(/^[0-9*#]$/, 'a choice is one telephone key: 0-9, * or # (quote it: "1")', nodeRef).refine((c) => Object.keys(c).length > 0, 'a menu needs at least one choice'),
    timeoutSeconds: seconds(60).default(6),
    retries: z.number().int().min(0).max(5).default(2),
    invalidPrompt: promptRef.optional(),
    noInputPrompt: promptRef.optional(),
    repeatKey: dtmfKey.optional(),
    onFailure: nodeRef,
  })
  .strict()
  .describe('Plays a prompt and waits for one key: choices go to their node; wrong keys and silence are retried, then onFailure.')
  .refine((m) => m.repeatKey === undefined || !(m.repeatKey in m.choices), {
    message: 'the repeat key is also one of the choices',
    path: ['repeatKey'],
  });

export const menu: NodeType<typeof menuNodeSchema> = {
  type: 'menu',
  schema: menuNodeSchema,
  nextNodes: (node) => [...new Set([...Object.values(node.choices), node.onFailure])],
  promptRefs: (node) => defined(node.prompt, node.invalidPrompt, node.noInputPrompt),
  async run(node, rt) {
    const pressed: string[] = [];
    let failures = 0;
    for (;;) {
      await playPrompt(rt, node.prompt, true);
      const digit = await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);
      if (digit !== undefined) pressed.push(digit);
      if (digit !== undefined && digit === node.repeatKey) continue;
      const target = digit === undefined ? undefined : node.choices[digit];
      if (target !== undefined) return { next: target, detail: { digits: pressed.join(''), choice: digit } };
      failures++;
      const reason = digit === undefined ? 'no_input' : 'invalid';
      if (failures > node.retries) return { next: node.onFailure, detail: { digits: pressed.join(''), failed: reason } };
      rt.digits.clear();
      await playPrompt(rt, reason === 'no_input' ? node.noInputPrompt : node.invalidPrompt, false);
    }
  },
};
