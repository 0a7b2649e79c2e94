import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallRecordStore, type StoredEvent } from '../../src/reports/record-store.js';

let seq = 0;
/** Events one millisecond apart from a fixed instant (the ids and times are data here, not the clock). */
const ev = (callId: string, type: string, data: Record<string, unknown>, at = '2027-03-28T22:30:00.000Z'): StoredEvent => {
  seq++;
  return { id: `${Date.parse(at) + seq}-0`, type, callId, at: new Date(Date.parse(at) + seq).toISOString(), data };
};

const aCall = (callId: string, at?: string): StoredEvent[] => [
  ev(callId, 'call.started', { flowId: 'milano-020202', flowVersion: 'v1', dialledNumber: '020202' }, at),
  ev(callId, 'acd.enter', { queue: 'tributi' }, at),
  ev(callId, 'acd.answer', { queue: 'tributi', agentId: 'anna', waitedMs: 12_000 }, at),
  ev(callId, 'acd.call_ended', { queue: 'tributi', agentId: 'anna', talkSeconds: 180, wrapUpSeconds: 20, endedBy: 'caller' }, at),
  ev(callId, 'call.ended', { outcome: 'completed', endedBy: 'caller', durationMs: 200_000 }, at),
];

describe('the call records kept for reporting (SQLite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("folds each call's events into its record, by Rome's day, and remembers the last event applied", () => {
    const store = new CallRecordStore(':memory:');
    expect(store.lastEventId()).toBeUndefined();
    // 22:30 UTC on 28 March 2027 is 00:30 on the 29th in Rome (summer time).
    const events = [...aCall('c1'), ...aCall('c2', '2027-03-28T10:00:00.000Z'), ev('', 'agent.state', { agentId: 'anna', from: 'available', to: 'paused' })];
    expect(store.apply(events).sort()).toEqual(['c1', 'c2']);
    expect(store.lastEventId()).toBe(events.at(-1)?.id);
    expect(store.call('c1')).toMatchObject({ complete: true, flowId: 'milano-020202', queues: [{ queue: 'tributi', outcome: 'answered', agentId: 'anna', waitedMs: 12_000, talkSeconds: 180, wrapUpSeconds: 20 }] });
    expect(store.callsOfDays('2027-03-29', '2027-03-29').map((r) => r.callId)).toEqual(['c1']);
    expect(store.callsOfDays('2027-03-28', '2027-03-29').map((r) => r.callId)).toEqual(['c2', 'c1']);
    store.close();
  });

  it('a later event of a call (a ticket opened after it) updates its record; the same batch twice changes nothing', () => {
    const store = new CallRecordStore(':memory:');
    const first = aCall('c3');
    store.apply(first);
    const ticket = ev('c3', 'crm.ticket_created', { number: 41, category: 'tributi', level: 'primo_livello', channel: 'telefono', by: 'anna' });
    store.apply([ticket]);
    expect(store.call('c3')?.tickets).toEqual([41]);
    store.apply([...first, ticket]);
    expect(store.call('c3')?.tickets).toEqual([41]);
    expect(store.call('c3')?.queues).toHaveLength(1);
    store.close();
  });

  it('a bad event id is refused by name, and nothing of its batch is applied', () => {
    const store = new CallRecordStore(':memory:');
    const good = aCall('c4');
    store.apply(good);
    const bad = [ev('c5', 'call.started', {}), { ...ev('c5', 'call.ended', {}), id: 'not-an-id' }];
    expect(() => store.apply(bad)).toThrow(/event id "not-an-id" is not a stream id/);
    expect(store.call('c5')).toBeUndefined();
    expect(store.lastEventId()).toBe(good.at(-1)?.id);
    store.close();
  });

  it('keeps everything in its file across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-reports-'));
    dirs.push(dir);
    const file = join(dir, 'reports.sqlite');
    const events = aCall('c6');
    const a = new CallRecordStore(file);
    a.apply(events);
    a.close();
    const b = new CallRecordStore(file);
    expect(b.lastEventId()).toBe(events.at(-1)?.id);
    expect(b.call('c6')?.complete).toBe(true);
    b.close();
  });
});

describe('two projectors on one file', () => {
  it('the last event id never moves back when one of them applies an older batch', () => {
    const store = new CallRecordStore(':memory:');
    const older = aCall('c7');
    const newer = aCall('c8', '2027-03-29T10:00:00.000Z');
    store.apply(newer);
    store.apply(older);
    expect(store.lastEventId()).toBe(newer.at(-1)?.id);
    store.close();
  });
});

describe('repeat callers (first-contact resolution)', () => {
  const from = (callId: string, key: string | null, at: string): StoredEvent[] => [
    ev(callId, 'call.started', { flowId: 'milano-020202', flowVersion: 'v1', dialledNumber: '020202', caller: '+39333****567', callerKey: key }, at),
    ev(callId, 'call.ended', { outcome: 'completed', endedBy: 'caller', durationMs: 60_000 }, at),
  ];

  it('counts the calls followed by another from the same caller within the window, up to its last instant', () => {
    const store = new CallRecordStore(':memory:');
    store.apply([
      ...from('a1', 'key-a', '2027-01-04T09:00:00.000Z'),
      ...from('a2', 'key-a', '2027-01-06T09:00:00.000Z'), // 2 days after a1: a1 repeated
      ...from('a3', 'key-a', '2027-01-13T09:00:00.000Z'), // 7 days after a2 (ev adds a few ms): a2 not repeated
      ...from('b1', 'key-b', '2027-01-05T09:00:00.000Z'),
      ...from('x1', null, '2027-01-05T10:00:00.000Z'), // withheld: not counted
      ...from('b2', 'key-b', '2027-01-11T08:00:00.000Z'), // 6 days after b1: b1 repeated
    ]);
    expect(store.call('a1')).toMatchObject({ caller: '+39333****567', callerKey: 'key-a' });
    expect(store.repeatCalls('2027-01-04', '2027-01-05', 7)).toEqual({ identified: 2, repeated: 2 });
    expect(store.repeatCalls('2027-01-06', '2027-01-13', 7)).toEqual({ identified: 3, repeated: 0 });
    expect(store.repeatCalls('2027-01-04', '2027-01-04', 1)).toEqual({ identified: 1, repeated: 0 });
    expect(store.repeatCalls('2027-02-01', '2027-02-28', 7)).toEqual({ identified: 0, repeated: 0 });
    store.close();
  });
});
