/**
 * What a waiting caller hears at each announcement, pure: their position, the estimated wait and
 * the callback offer, as the queue's settings say. The live wait (wait.ts) and the simulator
 * (ivr/simulator.ts) say the same words from this one place.
 */
import { promptMedia } from '../shared/prompts.js';
import { SYSTEM_PROMPTS } from '../shared/system-prompts.js';
import type { QueueDefinition } from './queue-config.js';

/** What the engine knows of a caller's wait: their place, and the minutes it may honestly promise. */
export interface WaitOutlook {
  /** 1-based position, undefined when unknown. */
  readonly position: number | undefined;
  /** The N of "meno di N minuti" (minutesToSay), undefined when there is no honest estimate. */
  readonly minutes: number | undefined;
}

export interface QueueAnnouncement {
  /** Media to play, in order (prompts and spoken numbers). */
  readonly media: readonly string[];
  /** The callback offer (key 2) was part of it. */
  readonly callbackOffered: boolean;
}

export function queueAnnouncement(
  settings: QueueDefinition['announcements'],
  outlook: WaitOutlook,
  callbackOffer?: { readonly afterMinutes: number },
): QueueAnnouncement {
  const media: string[] = [];
  const { position, minutes } = outlook;
  if (settings.position && position !== undefined) media.push(promptMedia(SYSTEM_PROMPTS.queuePosition), `number:${position}`);
  const said = settings.estimate && position !== undefined ? minutes : undefined;
  if (said === 1) media.push(promptMedia(SYSTEM_PROMPTS.queueWaitUnderOneMinute));
  else if (said !== undefined) media.push(promptMedia(SYSTEM_PROMPTS.queueWaitLessThan), `number:${said}`, promptMedia(SYSTEM_PROMPTS.queueMinutes));
  if (media.length === 0) media.push(promptMedia(SYSTEM_PROMPTS.queueStayOnLine));
  // Offered at once when the flow says 0; otherwise once the wait said reaches the flow's threshold.
  const callbackOffered = callbackOffer !== undefined && (callbackOffer.afterMinutes === 0 || (said ?? 0) >= callbackOffer.afterMinutes);
  if (callbackOffered) media.push(promptMedia(SYSTEM_PROMPTS.queueCallbackOffer));
  return { media, callbackOffered };
}
