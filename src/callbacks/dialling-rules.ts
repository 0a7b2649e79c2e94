/**
 * When a callback may be dialled, and what happens after an attempt fails (pure).
 *
 * Admission: a callback is dialled agent first, so it takes a free agent; booked and keep-my-place
 * callbacks in flight never exceed the agents free for them, and while live callers wait, callbacks
 * get at most their share of the agents (the rest stay for the live queue) — but never zero, so a
 * callback whose turn has come is not starved either.
 *
 * Retries: no answer, busy or a failed line → another attempt after the spacing, inside opening
 * hours (the next opening if the service is closed by then), up to the attempts allowed; then a
 * final outcome for the citizen's history.
 */

export interface AdmissionInput {
  /** Agents available now who could take this callback's queue. */
  readonly freeAgents: number;
  /** Callbacks already being dialled or talking (this queue). */
  readonly callbacksInFlight: number;
  /** Live callers waiting in the queue (with their channel, not callbacks). */
  readonly liveWaiting: number;
  /** Share of the serving agents callbacks may hold while live callers wait (0–1). */
  readonly callbackShare: number;
  /** Agents serving the queue (available, on a call, in wrap-up). */
  readonly servingAgents: number;
}

export function mayDialCallback(i: AdmissionInput): boolean {
  if (i.freeAgents <= 0) return false;
  if (i.liveWaiting === 0) return true;
  const allowed = Math.max(1, Math.floor(i.servingAgents * i.callbackShare));
  return i.callbacksInFlight < allowed;
}

export type AttemptOutcome = 'answered' | 'no_answer' | 'busy' | 'failed' | 'refused';

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Wait before attempt n+1 (index n-1); the last value repeats. */
  readonly spacingMinutes: readonly number[];
}

export type NextStep = { readonly retryAt: Date } | { readonly final: 'answered' | 'unreachable' | 'refused' };

/**
 * After attempt number `attempt` (1-based) ended with `outcome`: when to try again, or the final
 * outcome. `nextOpening` gives the first instant at or after a time when the service is open
 * (undefined: not within the horizon).
 */
export function afterAttempt(outcome: AttemptOutcome, attempt: number, policy: RetryPolicy, now: Date, nextOpening: (from: Date) => Date | undefined): NextStep {
  if (outcome === 'answered') return { final: 'answered' };
  // A number the guard refuses will be refused again: never retried.
  if (outcome === 'refused') return { final: 'refused' };
  if (attempt >= policy.maxAttempts) return { final: 'unreachable' };
  const spacing = policy.spacingMinutes[Math.min(attempt - 1, policy.spacingMinutes.length - 1)] ?? 15;
  const at = nextOpening(new Date(now.getTime() + spacing * 60_000));
  return at ? { retryAt: at } : { final: 'unreachable' };
}
