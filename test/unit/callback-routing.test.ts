import { describe, expect, it } from 'vitest';
import { callbackOutcome } from '../../src/acd/acd.js';
import { queueDefinitionSchema } from '../../src/acd/queue-config.js';
import { RoutingState, type RoutingAgent, type RoutingCall } from '../../src/acd/routing.js';
import { dialDigits } from '../../src/callbacks/number-policy.js';
import { nextOpening } from '../../src/callbacks/queue-slots.js';
import { scheduleSchema, type HolidayCalendar } from '../../src/shared/schedule.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const agent: RoutingAgent = { id: 'a1', skills: new Map([['tributi', 3]]), queues: ['tributi'], status: 'available', availableSince: T0, occupiedSeconds: 0 };
const queues = new Map([['tributi', queueDefinitionSchema.parse({ name: 'Tributi', skills: [{ skill: 'tributi', level: 2 }] })]]);
const waiting = (callId: string, at: number, callback?: string): RoutingCall => ({ callId, queueId: 'tributi', priority: 5, enteredAt: at, seq: at, ...(callback ? { callback } : {}) });

describe('a callback waiting in the queue keeps its place', () => {
  const state = () => {
    const s = new RoutingState(queues);
    s.upsertAgent(agent);
    s.addCall(waiting('live-before', T0 - 300_000));
    s.addCall(waiting('cb', T0 - 200_000, 'booking-1'));
    s.addCall(waiting('live-after', T0 - 100_000));
    return s;
  };

  it('counts in positions and is served in its turn: after the callers who came before, before those who came after', () => {
    const s = state();
    expect(s.position('cb')).toBe(2);
    expect(s.position('live-after')).toBe(3);
    expect(s.chooseCall('a1', T0)?.callId).toBe('live-before');
    s.removeCall('live-before');
    expect(s.chooseCall('a1', T0)?.callId).toBe('cb');
  });

  it('passed over when callbacks have used their share: the agent takes the next live caller, the callback stays first', () => {
    const s = state();
    s.removeCall('live-before');
    expect(s.chooseCall('a1', T0, true)?.callId).toBe('live-after');
    expect(s.position('cb')).toBe(1);
    expect(s.liveWaitingIn('tributi')).toBe(1);
  });
});

describe("the citizen's phone that did not answer", () => {
  it.each([
    ['gone', 'User busy', 'busy'],
    ['gone', 'User alerting, no answer', 'no_answer'],
    ['timeout', 'no answer', 'no_answer'],
    ['gone', 'Normal Clearing', 'no_answer'],
    ['gone', 'Network out of order', 'failed'],
    ['failed', 'Allocation failed', 'failed'],
  ] as const)('%s with "%s" is %s', (reason, cause, outcome) => {
    expect(callbackOutcome(reason, cause)).toBe(outcome);
  });
});

describe('dialling and opening hours', () => {
  it('dials national numbers as they are and others with 00', () => {
    expect(dialDigits('+393337654321')).toBe('3337654321');
    expect(dialDigits('+41441234567')).toBe('0041441234567');
  });

  const noHolidays: HolidayCalendar = { holidayName: () => undefined };
  const hours = scheduleSchema.parse({ hours: { 'mon-fri': ['08:30-12:30', '14:00-17:00'] } });

  it('a retry falls due at the next opening (Rome), or at once without hours', () => {
    // Monday 13:00 in Rome → 14:00; Friday 17:30 → Monday 08:30.
    expect(nextOpening(hours, new Date('2026-11-23T12:00:00Z'), noHolidays)?.toISOString()).toBe('2026-11-23T13:00:00.000Z');
    expect(nextOpening(hours, new Date('2026-11-27T16:30:00Z'), noHolidays)?.toISOString()).toBe('2026-11-30T07:30:00.000Z');
    expect(nextOpening(hours, new Date('2026-11-23T08:00:00Z'), noHolidays)?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    const at = new Date('2026-11-22T03:00:00Z');
    expect(nextOpening(undefined, at, noHolidays)).toBe(at);
  });
});
