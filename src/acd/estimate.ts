/**
 * Estimated wait, pure: from the caller's position, the agents serving the queue now and the
 * handle times of its recent calls. Said to the caller as "meno di N minuti"; nothing is said
 * when there is not enough data to be honest about it.
 */
export interface EstimateInput {
  /** 1-based position in queue. */
  readonly position: number;
  /** Agents logged in for the queue and not paused (available, ringing, on a call, in wrap-up). */
  readonly agentsServing: number;
  /** Recent handle times (talk + wrap-up) in seconds, newest first. */
  readonly handleTimesSeconds: readonly number[];
  /** Fewer samples than this: no estimate. */
  readonly minSamples: number;
}

/** Seconds, or undefined when there is not enough data (no agents, too few recent calls). */
export function estimateWaitSeconds(input: EstimateInput): number | undefined {
  const { position, agentsServing, handleTimesSeconds, minSamples } = input;
  if (agentsServing <= 0 || handleTimesSeconds.length < Math.max(1, minSamples) || position < 1) return undefined;
  const average = handleTimesSeconds.reduce((a, b) => a + b, 0) / handleTimesSeconds.length;
  // Every `agentsServing` callers ahead take one average handle time; the caller's own turn
  // comes when the round they are in starts.
  return Math.ceil(position / agentsServing) * average;
}

/** The N of "meno di N minuti": whole minutes, at least 1; undefined beyond `maxMinutes` (not worth promising). */
export function minutesToSay(seconds: number | undefined, maxMinutes = 30): number | undefined {
  if (seconds === undefined) return undefined;
  const n = Math.max(1, Math.ceil(seconds / 60));
  return n > maxMinutes ? undefined : n;
}
