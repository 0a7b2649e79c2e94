/** A period's figures from per-day sums equal the figures computed over all its records at once, and follow every change. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { agentKpis, agentRows, topicKpis, topicRows } from '../../src/reports/agent-topic-kpis.js';
import { hourlyProfile, ivrKpis, ivrRows } from '../../src/reports/ivr-kpis.js';
import { PeriodFigures } from '../../src/reports/period-figures.js';
import { queueKpis, queueRows, type GroupBy } from '../../src/reports/queue-kpis.js';
import { CallRecordStore, type StoredEvent } from '../../src/reports/record-store.js';

let seq = 0;
/** A call on a day (data: fixed instants, not the clock), through a queue or the information. */
function call(callId: string, at: string, kind: 'answered' | 'abandoned' | 'short' | 'info', queue = 'tributi'): StoredEvent[] {
  const steps: { type: string; data: Record<string, unknown> }[] = [
    { type: 'call.started', data: { flowId: 'milano-020202', caller: '+39333****567', callerKey: `k-${callId}` } },
    { type: 'ivr.node', data: { node: 'menu', nodeType: 'menu', choice: kind === 'info' ? '9' : '2' } },
    { type: 'call.tagged', data: { tags: [kind === 'info' ? 'orari' : queue] } },
  ];
  if (kind === 'info') steps.push({ type: 'ivr.node', data: { node: 'fine', nodeType: 'hangup' } });
  else {
    steps.push({ type: 'acd.enter', data: { queue } });
    if (kind === 'answered') steps.push({ type: 'acd.answer', data: { queue, agentId: 'anna', waitedMs: 25_000 } }, { type: 'acd.call_ended', data: { queue, agentId: 'anna', talkSeconds: 100, wrapUpSeconds: 20 } });
    else steps.push({ type: 'acd.abandon', data: { queue, reason: 'abandoned', waitedMs: kind === 'short' ? 2000 : 50_000 } });
  }
  steps.push({ type: 'call.ended', data: { outcome: kind === 'abandoned' || kind === 'short' ? 'caller_hung_up' : 'completed' } });
  return steps.map((s) => {
    const ms = Date.parse(at) + ++seq;
    return { id: `${ms}-0`, type: s.type, callId, at: new Date(ms).toISOString(), data: s.data };
  });
}

function seeded(): CallRecordStore {
  const store = new CallRecordStore(':memory:');
  store.apply([
    // 23:30 UTC on 27 March 2027 is Sunday 28 in Rome; the change to summer time falls on the 28th.
    ...call('a', '2027-03-27T23:30:00.000Z', 'answered'),
    ...call('b', '2027-03-28T09:00:00.000Z', 'abandoned', 'anagrafe'),
    ...call('c', '2027-03-28T10:00:00.000Z', 'short'),
    ...call('d', '2027-03-29T08:00:00.000Z', 'info'),
    ...call('e', '2027-03-29T08:30:00.000Z', 'answered', 'anagrafe'),
    ...call('f', '2027-03-30T15:00:00.000Z', 'abandoned'),
  ]);
  return store;
}

describe("a period's figures from per-day sums", () => {
  it('equal the figures over all the records at once, for every grouping', () => {
    const store = seeded();
    const figures = new PeriodFigures(store, (q) => (q === 'anagrafe' ? 60 : 20));
    const all = store.callsOfDays('2027-03-27', '2027-03-31');
    const sums = figures.sums('2027-03-27', '2027-03-31', 5000);
    for (const groupBy of ['all', 'queue', 'day', 'week', 'month', 'queue-day', 'queue-week', 'queue-month'] as GroupBy[]) {
      expect(queueRows(PeriodFigures.queues(sums, groupBy))).toEqual(queueKpis(all, groupBy, { slSeconds: (q) => (q === 'anagrafe' ? 60 : 20), shortAbandonMs: 5000 }));
    }
    expect(agentRows(sums.agents)).toEqual(agentKpis(all));
    expect(topicRows(sums.topics)).toEqual(topicKpis(all));
    expect(ivrRows(sums.flows)).toEqual(ivrKpis(all));
    expect(sums.hourly).toEqual(hourlyProfile(all));
    expect(sums).toMatchObject({ calls: 6, ended: 6, selfServed: 1, toOperator: 5 });
    // a is on Sunday the 28th in Rome (ISO week 12), the others from Monday the 29th (week 13).
    expect(figures.topicTrend('2027-03-27', '2027-03-31', 'week')).toEqual([
      { period: '2027-W12', topic: 'tributi', calls: 2 },
      { period: '2027-W12', topic: 'anagrafe', calls: 1 },
      { period: '2027-W13', topic: 'orari', calls: 1 },
      { period: '2027-W13', topic: 'anagrafe', calls: 1 },
      { period: '2027-W13', topic: 'tributi', calls: 1 },
    ]);
    expect(figures.topicTrend('2027-03-27', '2027-03-31', 'month').find((r) => r.topic === 'tributi')).toEqual({ period: '2027-03', topic: 'tributi', calls: 3 });
    expect(figures.repeats('2027-03-27', '2027-03-31', 7)).toEqual(store.repeatCalls('2027-03-27', '2027-03-31', 7));
    store.close();
  });

  it('follow a change to a day already summed, a new short-abandon threshold, and a queue threshold changed', () => {
    const store = seeded();
    let tributi = 20;
    const figures = new PeriodFigures(store, (q) => (q === 'tributi' ? tributi : 60));
    const before = queueRows(PeriodFigures.queues(figures.sums('2027-03-28', '2027-03-30', 5000), 'all'))[0];
    expect(before).toMatchObject({ entered: 5, shortAbandoned: 1, answered: 2, abandoned: 2 });
    // One caller's first call on the 28th, summed; they call again on the 29th: the 28th's figure follows.
    store.apply(call('h', '2027-03-28T11:00:00.000Z', 'info'));
    expect(figures.repeats('2027-03-28', '2027-03-28', 7)).toEqual({ identified: 4, repeated: 0 });
    store.apply(call('h', '2027-03-28T11:00:00.000Z', 'info').map((e) => ({ ...e, callId: 'h2', id: `${Date.parse('2027-03-29T11:00:00.000Z') + ++seq}-0`, at: '2027-03-29T11:00:00.000Z' })));
    expect(figures.repeats('2027-03-28', '2027-03-28', 7)).toEqual({ identified: 4, repeated: 1 });
    store.apply(call('g', '2027-03-29T09:00:00.000Z', 'answered'));
    expect(queueRows(PeriodFigures.queues(figures.sums('2027-03-28', '2027-03-30', 5000), 'all'))[0]).toMatchObject({ entered: 6, answered: 3 });
    expect(queueRows(PeriodFigures.queues(figures.sums('2027-03-28', '2027-03-30', 1000), 'all'))[0]).toMatchObject({ shortAbandoned: 0, abandoned: 3 });
    // Answered after 25 s: outside tributi's 20 s, inside 30 s.
    expect(queueRows(PeriodFigures.queues(figures.sums('2027-03-28', '2027-03-30', 5000), 'queue')).find((r) => r.queue === 'tributi')?.slAnswered).toBe(0);
    tributi = 30;
    expect(queueRows(PeriodFigures.queues(figures.sums('2027-03-28', '2027-03-30', 5000), 'queue')).find((r) => r.queue === 'tributi')?.slAnswered).toBe(1);
    store.close();
  });

  it('keeps the sums in the file: a restarted engine does not read the days again, unless they changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-period-figures-'));
    try {
      const file = join(dir, 'reports.sqlite');
      const first = new CallRecordStore(file);
      first.apply(call('p1', '2027-03-29T08:00:00.000Z', 'answered'));
      first.apply(call('p2', '2027-03-30T08:00:00.000Z', 'abandoned'));
      const before = new PeriodFigures(first, () => 20).sums('2027-03-29', '2027-03-30', 5000);
      const repeats = new PeriodFigures(first, () => 20).repeats('2027-03-29', '2027-03-30', 7);
      first.close();

      const again = new CallRecordStore(file);
      const read = vi.spyOn(again, 'callsOfDays');
      const repeatRead = vi.spyOn(again, 'repeatCalls');
      const figures = new PeriodFigures(again, () => 20);
      expect(queueRows(PeriodFigures.queues(figures.sums('2027-03-29', '2027-03-30', 5000), 'queue'))).toEqual(queueRows(PeriodFigures.queues(before, 'queue')));
      expect(figures.sums('2027-03-29', '2027-03-30', 5000).topics).toEqual(before.topics);
      expect(figures.repeats('2027-03-29', '2027-03-30', 7)).toEqual(repeats);
      expect(read).not.toHaveBeenCalled();
      expect(repeatRead).not.toHaveBeenCalled();
      // A new call on the 30th: only that day is read again.
      again.apply(call('p3', '2027-03-30T09:00:00.000Z', 'answered'));
      expect(queueRows(PeriodFigures.queues(new PeriodFigures(again, () => 20).sums('2027-03-29', '2027-03-30', 5000), 'all'))[0]).toMatchObject({ entered: 3, answered: 2 });
      expect(read.mock.calls).toEqual([['2027-03-30', '2027-03-30']]);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
