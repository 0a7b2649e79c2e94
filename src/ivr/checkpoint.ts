/**
 * Where a caller is in their flow, noted as each step begins and written to the call's Redis
 * record with the step's prompt (calls/call-handler.ts), so that an engine adopting the call after
 * a crash (kill -9) goes on from that step — its prompt replays — instead of apologising and
 * hanging up. Pure: what a checkpoint holds, how it is read back, which steps may run again.
 */
import { z } from 'zod';

const checkpointSchema = z.object({
  flowId: z.string().min(1),
  /** The flow's stored version number (absent for a file or a draft). */
  version: z.number().int().min(1).optional(),
  /** The step about to run (of the call's own flow: a sub-flow replays from its own start). */
  node: z.string().min(1),
  vars: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  journey: z.array(z.object({ node: z.string(), type: z.string(), choice: z.string().optional() })),
});

export type IvrCheckpoint = z.infer<typeof checkpointSchema>;

/** Journey steps kept in a checkpoint: enough for the agent's screen-pop, bounded in size. */
export const CHECKPOINT_JOURNEY = 40;

export function checkpointText(c: IvrCheckpoint): string {
  return JSON.stringify({ ...c, journey: c.journey.slice(-CHECKPOINT_JOURNEY) });
}

/** The checkpoint in a call record's field, or undefined when there is none or it cannot be read (said why). */
export function readCheckpoint(text: string | undefined): { checkpoint?: IvrCheckpoint; problem?: string } {
  if (text === undefined || text === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const parsed = checkpointSchema.safeParse(json);
  return parsed.success ? { checkpoint: parsed.data } : { problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/**
 * Steps that may run again after a crash. A transfer may have bridged the caller with an
 * extension already: dialling it again would ring a second phone, so those calls are not resumed.
 */
export function resumable(nodeType: string): boolean {
  return nodeType !== 'transfer';
}

