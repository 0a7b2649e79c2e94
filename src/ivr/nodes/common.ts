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
