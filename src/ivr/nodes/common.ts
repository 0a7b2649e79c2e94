import { z } from 'zod';
import { NODE_ID_MESSAGE, NODE_ID_PATTERN, type NodeRuntime } from './node.js';

export const nodeRef = z.string().regex(NODE_ID_PATTERN, NODE_ID_MESSAGE);
export const promptRef = z.string().min(1);
export const dtmfKey = z.string().regex(/^[0-9*#]$/, 'one telephone key: 0-9, * or #');
export const seconds = (max: number) => z.number().positive().max(max);

/** Plays a flow prompt if one is given. */
export async function playPrompt(rt: NodeRuntime, promptId: string | undefined, bargeIn: boolean): Promise<void> {
  if (promptId !== undefined) await rt.play([rt.promptMedia(promptId)], bargeIn);
}

export function defined(...ids: (string | undefined)[]): string[] {
  return ids.filter((id): id is string => id !== undefined);
}

/**
 * Reads keys until the terminator, maxDigits, or a pause longer than interDigitMs; undefined if
 * nothing at all was pressed within timeoutMs. `first` is a key already read (it counts as pressed).
 */
export async function readKeys(rt: NodeRuntime, o: { readonly timeoutMs: number; readonly interDigitMs: number; readonly terminator: string; readonly maxDigits: number; readonly first?: string }): Promise<string | undefined> {
  const next = (ms: number) => rt.digits.next(ms, rt.call.ended, rt.call.info.channelId);
  let digits = o.first ?? '';
  let digit = await next(o.first === undefined ? o.timeoutMs : o.interDigitMs);
  if (digit === undefined && digits === '') return undefined;
  while (digit !== undefined && digit !== o.terminator) {
    digits += digit;
    if (digits.length >= o.maxDigits) break;
    digit = await next(o.interDigitMs);
  }
  return digits;
}

/** Data for the agent's screen-pop: the flow's own (templates resolved), the way through the IVR and what the caller keyed or was found to be. */
export function screenPopData(rt: NodeRuntime, declared: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const data: Record<string, string> = Object.fromEntries(Object.entries(declared ?? {}).map(([k, v]) => [k, rt.resolve(v)]));
  data.journey = JSON.stringify(rt.journey());
  data.vars = JSON.stringify(Object.fromEntries(rt.vars));
  return data;
}
