import { describe, expect, it } from 'vitest';
import { callList, callListNeedles } from '../../src/reports/call-list.js';
import type { CallRecord, QueueVisit } from '../../src/reports/index.js';

const AT = '2027-05-03T08:00:00.000Z';
const record = (callId: string, visits: QueueVisit[], more: Partial<CallRecord> = {}): CallRecord => ({
  callId,
  startedAt: AT,
  caller: '+39333****567',
  flowId: 'milano-020202',
  outcome: 'completed',
  path: [
    { node: 'benvenuto', nodeType: 'play', at: AT },
    { node: 'menu', nodeType: 'menu', at: AT, choice: '2' },
  ],
  topics: ['tributi'],
  queues: visits,
  tickets: [],
  callbacks: [],
  recovered: false,
  complete: true,
  ...more,
});
const visit = (queue: string, outcome: QueueVisit['outcome'], waitedS: number, more: Partial<QueueVisit> = {}): QueueVisit => ({ queue, enteredAt: AT, outcome, waitedMs: waitedS * 1000, ...more });

const records = [
  record('answered', [visit('tributi', 'answered', 20, { agentId: 'anna' })]),
  record('abandoned', [visit('tributi', 'abandoned', 95)]),
  record('short', [visit('tributi', 'abandoned', 2)]),
  record('transferred', [visit('anagrafe', 'answered', 5), visit('tributi', 'abandoned', 40)], { topics: ['anagrafe'] }),
  record('info', [], { path: [{ node: 'orari', nodeType: 'play', at: AT }, { node: 'menu', nodeType: 'menu', at: AT, failed: 'no_input' }], topics: [] }),
];
const list = (f: Parameters<typeof callList>[1]) => callList(records, f).map((r) => r.callId);

describe('the calls behind a figure', () => {
  it('lists the abandoned calls of a queue with the masked caller, the wait and the path, short abandons apart', () => {
    const rows = callList(records, { queue: 'tributi', outcome: 'abandoned', shortAbandonMs: 5000 });
    expect(rows.map((r) => r.callId)).toEqual(['abandoned', 'transferred']);
    expect(rows[0]).toMatchObject({ caller: '+39333****567', queue: 'tributi', queueOutcome: 'abandoned', waitedSeconds: 95, path: ['benvenuto', 'menu (2)'] });
    expect(list({ queue: 'tributi', outcome: 'short_abandoned', shortAbandonMs: 5000 })).toEqual(['short']);
    expect(list({ queue: 'tributi', outcome: 'short_abandoned', shortAbandonMs: 1000 })).toEqual([]);
  });

  it('filters by topic, flow and the step where the caller left the IVR; without a queue filter the first visit is shown', () => {
    expect(list({ topic: 'anagrafe', shortAbandonMs: 5000 })).toEqual(['transferred']);
    expect(callList(records, { topic: 'anagrafe', shortAbandonMs: 5000 })[0]).toMatchObject({ queue: 'anagrafe', queueOutcome: 'answered' });
    expect(list({ lastStep: 'menu', flow: 'milano-020202', shortAbandonMs: 5000 })).toEqual(['answered', 'abandoned', 'short', 'transferred', 'info']);
    expect(callList(records, { lastStep: 'menu', shortAbandonMs: 5000 }).at(-1)).toMatchObject({ queue: null, queueOutcome: null, waitedSeconds: null, path: ['orari', 'menu: no_input'] });
    expect(list({ flow: 'numero-verde', shortAbandonMs: 5000 })).toEqual([]);
    expect(list({ outcome: 'answered', shortAbandonMs: 5000 })).toEqual(['answered', 'transferred']);
    expect(list({ agent: 'anna', shortAbandonMs: 5000 })).toEqual(['answered']);
  });

  it('sieves with text every matching record contains, as a record is stored', () => {
    const filters = [{ queue: 'tributi', outcome: 'short_abandoned' as const }, { agent: 'anna' }, { topic: 'anagrafe' }, { flow: 'milano-020202', lastStep: 'menu' }, { outcome: 'answered' as const }];
    for (const f of filters) {
      const filter = { ...f, shortAbandonMs: 5000 };
      const needles = callListNeedles(filter);
      expect(needles.length).toBeGreaterThan(0);
      // Every record the exact filter keeps passes the sieve.
      for (const id of list(filter)) {
        const text = JSON.stringify(records.find((r) => r.callId === id));
        for (const n of needles) expect(text).toContain(n);
      }
    }
    expect(callListNeedles({ shortAbandonMs: 5000 })).toEqual([]);
  });
});
