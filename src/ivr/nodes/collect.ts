import { z } from 'zod';
import { defined, dtmfKey, nodeRef, playPrompt, promptRef, readKeys, seconds } from './common.js';
import type { NodeRuntime, NodeType } from './node.js';

/**
 * Collects several digits (a file number, a date of birth) into a variable: ends on the terminator,
 * at maxDigits, or after an inter-digit pause. Checks length and an optional pattern; may read the
 * digits back and ask to confirm (1 yes, 2 no). After `retries` failures goes to `onFailure`.
 */
export const collectNodeSchema = z
  .object({
    type: z.literal('collect'),
    prompt: promptRef,
    variable: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'a variable name: letters, digits, _'),
    minDigits: z.number().int().min(1).max(32).default(1),
    maxDigits: z.number().int().min(1).max(32),
    terminator: dtmfKey.default('#'),
    timeoutSeconds: seconds(60).default(8),
    interDigitSeconds: seconds(30).default(4),
    pattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression')
      .optional(),
    readBack: z.boolean().default(false),
    confirmPrompt: promptRef.optional(),
    retries: z.number().int().min(0).max(5).default(2),
    invalidPrompt: promptRef.optional(),
    noInputPrompt: promptRef.optional(),
    next: nodeRef,
    onFailure: nodeRef,
  })
  .strict()
  .describe('Collects several digits into a variable (terminator, min/max length, pattern, read-back, confirm).')
  .refine((c) => c.minDigits <= c.maxDigits, { message: 'minDigits is more than maxDigits', path: ['minDigits'] });

type Collect = z.infer<typeof collectNodeSchema>;

const readDigits = (node: Collect, rt: NodeRuntime): Promise<string | undefined> =>
  readKeys(rt, { timeoutMs: node.timeoutSeconds * 1000, interDigitMs: node.interDigitSeconds * 1000, terminator: node.terminator, maxDigits: node.maxDigits });

export const collect: NodeType<typeof collectNodeSchema> = {
  type: 'collect',
  schema: collectNodeSchema,
  nextNodes: (node) => [node.next, node.onFailure],
  promptRefs: (node) => defined(node.prompt, node.confirmPrompt, node.invalidPrompt, node.noInputPrompt),
  async run(node, rt) {
    let failures = 0;
    for (;;) {
      await playPrompt(rt, node.prompt, true);
      const digits = await readDigits(node, rt);
      const valid =
        digits !== undefined && digits.length >= node.minDigits && (node.pattern === undefined || new RegExp(`^(?:${node.pattern})$`).test(digits));
      if (valid) {
        if (node.readBack) await rt.play([`digits:${digits}`], false);
        let confirmed = true;
        if (node.confirmPrompt !== undefined) {
          await playPrompt(rt, node.confirmPrompt, true);
          confirmed = (await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId)) === '1';
        }
        if (confirmed) {
          rt.vars.set(node.variable, digits);
          return { next: node.next, detail: { variable: node.variable, length: digits.length } };
        }
      }
      failures++;
      if (failures > node.retries) return { next: node.onFailure, detail: { failed: digits === undefined ? 'no_input' : 'invalid' } };
      rt.digits.clear();
      await playPrompt(rt, digits === undefined ? node.noInputPrompt : node.invalidPrompt, false);
    }
  },
};
