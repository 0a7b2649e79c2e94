import { z } from 'zod';
import { nodeRef } from './common.js';
import type { NodeType } from './node.js';

/**
 * Says a value in Italian with Asterisk's own voice: digits one by one, a number, a date
 * (YYYY-MM-DD: "lunedì 7 dicembre 2026") or a time (HH:MM: "14 e 30"). The value may be a
 * template ("${pratica}").
 */
export const sayNodeSchema = z
  .object({
    type: z.literal('say'),
    kind: z.enum(['digits', 'number', 'date', 'time']),
    value: z.string().min(1),
    next: nodeRef,
  })
  .strict()
  .describe('Says digits, a number, a date (YYYY-MM-DD) or a time (HH:MM) in Italian.');

/** The media that say a value; throws with a readable message if the value does not fit the kind. */
export function sayMedia(kind: 'digits' | 'number' | 'date' | 'time', value: string): string[] {
  switch (kind) {
    case 'digits':
      if (!/^[0-9*#]+$/.test(value)) throw new Error(`"${value}" is not a string of digits`);
      return [`digits:${value}`];
    case 'number':
      if (!/^-?\d{1,9}$/.test(value)) throw new Error(`"${value}" is not a whole number`);
      return [`number:${Number(value)}`];
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1) throw new Error(`"${value}" is not a date (YYYY-MM-DD)`);
      return [`sound:digits/day-${d.getUTCDay()}`, `number:${d.getUTCDate()}`, `sound:digits/mon-${d.getUTCMonth()}`, `number:${d.getUTCFullYear()}`];
    }
    case 'time': {
      const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
      if (!m) throw new Error(`"${value}" is not a time (HH:MM)`);
      const minutes = Number(m[2]);
      return minutes === 0 ? [`number:${Number(m[1])}`] : [`number:${Number(m[1])}`, 'sound:digits/e', `number:${minutes}`];
    }
  }
}

export const say: NodeType<typeof sayNodeSchema> = {
  type: 'say',
  schema: sayNodeSchema,
  nextNodes: (node) => [node.next],
  promptRefs: () => [],
  async run(node, rt) {
    const value = rt.resolve(node.value);
    await rt.play(sayMedia(node.kind, value), false);
    return { next: node.next, detail: { kind: node.kind, value } };
  },
};
