/** When a callback may be dialled (agents free, live callers' share) and what follows a failed attempt. */
import { describe, expect, it } from 'vitest';
import { afterAttempt, mayDialCallback, type RetryPolicy } from '../../src/callbacks/dialling-rules.js';
import { localTime, romeInstant } from '../../src/shared/schedule.js';

describe('admission', () => {
  const base = { freeAgents: 2, callbacksInFlight: 0, liveWaiting: 0, callbackShare: 0.25, servingAgents: 8 };
  it.each([
    [{}, true],
    [{ freeAgents: 0 }, false], // agent first: nobody free, nobody dialled
    [{ liveWaiting: 5, callbacksInFlight: 1 }, true], // 8 × 0.25 = 2 callbacks allowed while live callers wait
    [{ liveWaiting: 5, callbacksInFlight: 2 }, false],
    [{ liveWaiting: 0, callbacksInFlight: 6 }, true], // nobody live waiting: every free agent may call back
    [{ liveWaiting: 5, servingAgents: 2, callbacksInFlight: 0 }, true], // never starved: at least one
    [{ liveWaiting: 5, servingAgents: 2, callbacksInFlight: 1 }, false],
  ])('%j → %s', (change, expected) => {
    expect(mayDialCallback({ ...base, ...change })).toBe(expected);
  });
});

describe('retries', () => {
  const policy: RetryPolicy = { maxAttempts: 3, spacingMinutes: [10, 30] };
  /** Open Monday–Friday 8:30–17:00 in Rome. */
  const nextOpening = (from: Date): Date | undefined => {
    for (let t = from.getTime(); t < from.getTime() + 7 * 86_400_000; t += 60_000) {
      const l = localTime(new Date(t));
      if (!['sat', 'sun'].includes(l.day) && l.minutes >= 510 && l.minutes < 1020) return new Date(t);
    }
    return undefined;
  };
  const label = (d: Date) => `${localTime(d).date} ${Math.floor(localTime(d).minutes / 60)}:${String(localTime(d).minutes % 60).padStart(2, '0')}`;

  it('answered and refused are final; the attempts run out as unreachable', () => {
    const now = romeInstant('2026-11-23 10:00');
    expect(afterAttempt('answered', 1, policy, now, nextOpening)).toEqual({ final: 'answered' });
    expect(afterAttempt('refused', 1, policy, now, nextOpening)).toEqual({ final: 'refused' });
    expect(afterAttempt('no_answer', 3, policy, now, nextOpening)).toEqual({ final: 'unreachable' });
  });

  it('spacing grows as the policy says, the last value repeating', () => {
    const now = romeInstant('2026-11-23 10:00');
    const next = (attempt: number) => label((afterAttempt('busy', attempt, { ...policy, maxAttempts: 9 }, now, nextOpening) as { retryAt: Date }).retryAt);
    expect([next(1), next(2), next(3)]).toEqual(['2026-11-23 10:10', '2026-11-23 10:30', '2026-11-23 10:30']);
  });

  it('a retry that would fall after closing waits for the next opening (Friday evening → Monday)', () => {
    const step = afterAttempt('no_answer', 1, policy, romeInstant('2026-11-27 16:55'), nextOpening);
    expect(label((step as { retryAt: Date }).retryAt)).toBe('2026-11-30 8:30');
  });

  it('no opening within the horizon: unreachable', () => {
    expect(afterAttempt('failed', 1, policy, romeInstant('2026-11-23 10:00'), () => undefined)).toEqual({ final: 'unreachable' });
  });
});
