import { describe, expect, it } from 'vitest';
import type { CallRecord, QueueVisit } from '../../src/reports/index.js';
import { isoWeek, queueKpis } from '../../src/reports/queue-kpis.js';

let n = 0;
const call = (visits: QueueVisit[], endedAt?: string): CallRecord => ({ callId: `c${++n}`, path: [], topics: [], queues: visits, tickets: [], callbacks: [], recovered: false, complete: true, ...(endedAt ? { endedAt } : {}) });
const AT = '2027-03-28T10:00:00.000Z';
const visit = (queue: string, outcome: QueueVisit['outcome'], waitedS: number | undefined, more: Partial<QueueVisit> = {}): QueueVisit => ({ queue, enteredAt: AT, outcome, ...(waitedS === undefined ? {} : { waitedMs: waitedS * 1000 }), ...more });

const records = [
  call([visit('tributi', 'answered', 10, { talkSeconds: 100, wrapUpSeconds: 20 })]),
  call([visit('tributi', 'answered', 40, { talkSeconds: 200, wrapUpSeconds: 40 })]),
  call([visit('tributi', 'abandoned', 3)]),
  call([visit('tributi', 'abandoned', 15)]),
  // No wait in the log: from the entry to the call's end (60 s).
  call([visit('tributi', 'abandoned', undefined)], '2027-03-28T10:01:00.000Z'),
  call([visit('tributi', 'callback', 30)]),
  call([visit('tributi', 'lost', 12)]),
  call([visit('tributi', 'left', 300, { reason: 'timeout' })]),
  // One call through two queues: counted in each.
  call([visit('anagrafe', 'left', 90, { reason: 'overflow' }), visit('tributi', 'answered', 5, { talkSeconds: 60, wrapUpSeconds: 0 })]),
  // Still waiting: not counted yet.
  call([visit('tributi', 'waiting', undefined)]),
];
const sl = (q: string) => (q === 'anagrafe' ? 30 : 20);

describe('queue KPIs over call records', () => {
  it('counts each outcome apart, short abandons outside offered, and the three service levels side by side', () => {
    const [anagrafe, tributi] = queueKpis(records, 'queue', { slSeconds: sl });
    expect(tributi).toMatchObject({ queue: 'tributi', entered: 9, shortAbandoned: 1, offered: 8, answered: 3, abandoned: 2, callbacks: 1, left: 1, lost: 1 });
    expect(tributi?.answeredRate).toBeCloseTo(3 / 8, 10);
    expect(tributi?.asaSeconds).toBeCloseTo((10 + 40 + 5) / 3, 10);
    expect(tributi?.slAnswered).toBeCloseTo(2 / 3, 10);
    expect(tributi?.slOffered).toBeCloseTo(2 / 8, 10);
    // The caller who hung up at 15 s (within the 20 s) counts neither way.
    expect(tributi?.slAbandonsWithinNeutral).toBeCloseTo(2 / 7, 10);
    // app_queue's second figure: the 15 s abandon counts as served (the 3 s one is a short abandon, apart).
    expect(tributi?.slAbandonsWithinSuccess).toBeCloseTo((2 + 1) / (3 + 2), 10);
    expect(tributi?.ahtSeconds).toBeCloseTo((120 + 240 + 60) / 3, 10);
    expect(tributi?.meanAbandonWaitSeconds).toBeCloseTo((15 + 60) / 2, 10);
    expect(anagrafe).toMatchObject({ queue: 'anagrafe', entered: 1, offered: 1, answered: 0, answeredRate: 0, left: 1, asaSeconds: null, slAnswered: null, slOffered: 0, ahtSeconds: null });
  });

  it('the total counts each call once, by the queue the caller chose (a transfer is not a second call)', () => {
    const [all, ...more] = queueKpis(records, 'all', { slSeconds: sl });
    expect(more).toEqual([]);
    expect(all).not.toHaveProperty('queue');
    expect(all).not.toHaveProperty('day');
    // 9 calls counted (one still waiting): the call through two queues counts by anagrafe, where it was let go.
    expect(all).toMatchObject({ entered: 9, shortAbandoned: 1, offered: 8, answered: 2, abandoned: 2, callbacks: 1, left: 2, lost: 1 });
    expect(all?.answeredRate).toBeCloseTo(2 / 8, 10);
  });

  it('puts a call begun before midnight that reached the queue after it in the next day (Rome)', () => {
    // 22:59:30 UTC on Monday 3 May 2027 is 00:59:30 on Tuesday in Rome (summer time): both sides of Rome's midnight, a call from 23:59:30 to 00:00:20.
    const late: CallRecord = { ...call([{ queue: 'tributi', enteredAt: '2027-05-03T22:00:20.000Z', outcome: 'answered', waitedMs: 1000 }]), startedAt: '2027-05-03T21:59:30.000Z' };
    expect(queueKpis([late], 'day').map((r) => [r.day, r.answered])).toEqual([['2027-05-04', 1]]);
  });

  it('groups by ISO week and by month (a week may straddle a month and a year)', () => {
    expect(['2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04', '2024-12-30', '2026-11-30', '2020-12-31'].map(isoWeek)).toEqual(['2026-W53', '2026-W53', '2026-W53', '2027-W01', '2025-W01', '2026-W49', '2020-W53']);
    const at = (enteredAt: string) => call([{ queue: 'tributi', enteredAt, outcome: 'answered', waitedMs: 1000 }]);
    // Thursday 31 December 2026 and Friday 1 January 2027 (Rome): one ISO week, two months.
    const days = [at('2026-12-31T10:00:00.000Z'), at('2027-01-01T10:00:00.000Z'), at('2027-01-04T10:00:00.000Z')];
    expect(queueKpis(days, 'week').map((r) => [r.period, r.answered])).toEqual([['2026-W53', 2], ['2027-W01', 1]]);
    expect(queueKpis(days, 'queue-month').map((r) => [r.queue, r.period, r.answered])).toEqual([['tributi', '2026-12', 1], ['tributi', '2027-01', 2]]);
    expect(queueKpis(days, 'month')[0]).not.toHaveProperty('queue');
  });

  it("uses each queue's own threshold and the short-abandon threshold given", () => {
    const [, tributi] = queueKpis(records, 'queue', { slSeconds: () => 45, shortAbandonMs: 20_000 });
    // 45 s: all three answered within; 20 s short abandons: 3 s and 15 s.
    expect(tributi).toMatchObject({ shortAbandoned: 2, offered: 7, abandoned: 1, slAnswered: 1 });
    expect(tributi?.slOffered).toBeCloseTo(3 / 7, 10);
  });

  it("groups by Rome's day across the change to summer time, and by queue and day", () => {
    const nights = [
      // 23:30 UTC on Saturday 27 March 2027 is 00:30 on Sunday in Rome (UTC+1).
      call([{ queue: 'tributi', enteredAt: '2027-03-27T23:30:00.000Z', outcome: 'answered', waitedMs: 1000 }]),
      // 22:30 UTC on Sunday 28 March is 00:30 on Monday in Rome: summer time (UTC+2) since 02:00.
      call([{ queue: 'tributi', enteredAt: '2027-03-28T22:30:00.000Z', outcome: 'answered', waitedMs: 1000 }]),
      call([{ queue: 'anagrafe', enteredAt: '2027-03-28T21:30:00.000Z', outcome: 'answered', waitedMs: 1000 }]),
    ];
    expect(queueKpis(nights, 'day').map((r) => [r.day, r.answered])).toEqual([
      ['2027-03-28', 2],
      ['2027-03-29', 1],
    ]);
    expect(queueKpis(nights, 'queue-day').map((r) => [r.queue, r.day, r.answered])).toEqual([
      ['anagrafe', '2027-03-28', 1],
      ['tributi', '2027-03-28', 1],
      ['tributi', '2027-03-29', 1],
    ]);
  });

  it('gives no rows for no records, and null (not NaN) where nothing was offered', () => {
    expect(queueKpis([], 'queue')).toEqual([]);
    const [only] = queueKpis([call([visit('tributi', 'abandoned', 1)])], 'queue');
    expect(only).toMatchObject({ entered: 1, shortAbandoned: 1, offered: 0, answeredRate: null, slOffered: null, slAbandonsWithinNeutral: null });
  });
});
