/**
 * Test cases a supervisor writes in a flow file (`tests:`): a call at a Rome time, the keys the
 * caller presses, what they must hear and where the call must go. `cc flows check` runs them and
 * a publish whose cases fail is refused (unless overridden, with a reason kept in the history).
 */
import { z } from 'zod';

const QUEUE_OUTCOMES = ['answered', 'callback', 'timeout', 'no_agents', 'full', 'unavailable'] as const;

export const flowTestSchema = z
  .object({
    name: z.string().trim().min(1).max(120).describe('What the case checks, in words'),
    at: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d$/, 'Rome time, YYYY-MM-DD HH:MM').describe('When the call is made (Rome time)'),
    number: z.string().regex(/^\d{3,15}$/, 'digits only, national form').optional().describe("The number dialled (default: the flow's first)"),
    caller: z.string().regex(/^\+?\d{3,15}$/, 'a telephone number').optional().describe("The caller's number (default: an unknown mobile)"),
    keys: z.string().max(200).default('').describe('Keys pressed when asked, in order; "." is no answer'),
    emergency: z.boolean().default(false).describe('An emergency announcement is on'),
    queueOutcome: z.enum(QUEUE_OUTCOMES).optional().describe('What happens in a queue (default: an operator answers)'),
    queuePosition: z.number().int().min(1).max(100_000).optional().describe('The place the caller takes in a queue (default: 1)'),
    waitMinutes: z.number().int().min(1).max(120).optional().describe('The wait a queue announces, "meno di N minuti" (default: no estimate yet)'),
    transferAnswered: z.boolean().default(false).describe('Whether a transfer is answered'),
    expect: z
      .object({
        hears: z.array(z.string().min(1)).optional().describe('Prompt ids heard, in this order (others may come between)'),
        notHears: z.array(z.string().min(1)).optional().describe('Prompt ids never heard'),
        queue: z.string().optional().describe('The queue the call is handed to'),
        transfer: z.string().optional().describe('The extension or number the call is transferred to'),
        tags: z.array(z.string()).optional().describe('Topic tags the call gets (at least these)'),
        hangsUp: z.literal(true).optional().describe('The flow ends the call (no queue, no transfer)'),
      })
      .strict()
      .refine((e) => Object.keys(e).length > 0, 'say what to expect: hears, notHears, queue, transfer, tags or hangsUp'),
  })
  .strict();

export type FlowTest = z.infer<typeof flowTestSchema>;
