import { z } from 'zod';
import { nodeRef, promptRef, seconds } from './common.js';
import type { NodeType, TransferTarget } from './node.js';

/**
 * Connects the caller to an internal extension (an office, a person) or an external number. If
 * nobody answers within timeoutSeconds, or the line fails, goes to `onFailure`.
 */
export const transferNodeSchema = z
  .object({
    type: z.literal('transfer'),
    to: z.union([
      z.object({ extension: z.string().regex(/^(\d{2,6}|\$\{[a-zA-Z0-9_]+\})$/, 'an extension: 2 to 6 digits, or a variable like ${interno}') }).strict()
  .describe('Connects the caller to an extension or an external number; onFailure if nobody answers.'),
      z.object({ number: z.string().regex(/^(\+?\d{3,15}|\$\{[a-zA-Z0-9_]+\})$/, 'a telephone number: digits, optional leading +; or a variable like ${directory_number}') }).strict(),
    ]),
    announce: promptRef.optional(),
    timeoutSeconds: seconds(120).default(30),
    onFailure: nodeRef,
  })
  .strict();

export const transfer: NodeType<typeof transferNodeSchema> = {
  type: 'transfer',
  schema: transferNodeSchema,
  nextNodes: (node) => [node.onFailure],
  promptRefs: (node) => (node.announce === undefined ? [] : [node.announce]),
  async run(node, rt) {
    if (node.announce !== undefined) await rt.play([rt.promptMedia(node.announce)], false);
    const to: TransferTarget = 'extension' in node.to ? { extension: rt.resolve(node.to.extension) } : { number: rt.resolve(node.to.number) };
    // A variable may hold anything: only plain digits ever reach a dial string.
    const valid = 'extension' in to ? /^\d{2,6}$/.test(to.extension) : /^\+?\d{3,15}$/.test(to.number);
    const outcome = valid ? await rt.transfer(to, node.timeoutSeconds) : 'failed';
    if (!valid) rt.log.warn({ to }, 'transfer.invalid_target');
    await rt.record('call.transfer', { to, outcome });
    return outcome === 'connected' ? { end: 'transferred', detail: { to } } : { next: node.onFailure, detail: { to, outcome } };
  },
};
