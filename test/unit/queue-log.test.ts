import { describe, expect, it } from 'vitest';
import { callRecord, queueKpis, type CallRecord } from '../../src/reports/index.js';
import { queueLogLines } from '../../src/reports/queue-log.js';
import type { StoredEvent } from '../../src/reports/record-store.js';

const T0 = Date.parse('2027-05-03T08:00:00.000Z');
let seq = 0;
/** A call's events, each `offsetS` seconds after T0 + `startS` (data: fixed instants, not a clock). */
function call(callId: string, startS: number, steps: [number, string, Record<string, unknown>][]): StoredEvent[] {
  return [[0, 'call.started', { flowId: 'milano-020202', caller: '+39333****567' }] as [number, string, Record<string, unknown>], ...steps].map(([offsetS, type, data]) => {
    const ms = T0 + (startS + offsetS) * 1000;
    return { id: `${ms}-${++seq}`, type, callId, at: new Date(ms).toISOString(), data };
  });
}

/** app_queue's service-level counters, read from a queue_log as app_queue counts them (holdtime ≤ servicelevel, whole seconds). */
function appQueueLevels(lines: readonly string[], queue: string, servicelevel: number) {
  let completed = 0;
  let completedInSl = 0;
  let abandoned = 0;
  let abandonedInSl = 0;
  for (const l of lines) {
    const [, , q, , event, d1, , d3] = l.split('|');
    if (q !== queue) continue;
    if (event === 'COMPLETECALLER' || event === 'COMPLETEAGENT' || event === 'TRANSFER') {
      completed++;
      if (Number(event === 'TRANSFER' ? l.split('|')[7] : d1) <= servicelevel) completedInSl++;
    }
    if (event === 'ABANDON') {
      abandoned++;
      if (Number(d3) <= servicelevel) abandonedInSl++;
    }
  }
  return { servicelevelperf: completedInSl / completed, servicelevelperf2: (completedInSl + abandonedInSl) / (completed + abandoned) };
}

const enter = (queue: string, length: number): [number, string, Record<string, unknown>] => [10, 'acd.enter', { queue, priority: 5, length }];
const events = [
  // Answered after exactly 20 s (within a 20 s level), 20.4 s (not), 3 s; one ended by the agent.
  ...call('c1', 0, [enter('tributi', 1), [30, 'acd.answer', { queue: 'tributi', agentId: 'anna', waitedMs: 20_000 }], [150, 'acd.call_ended', { queue: 'tributi', agentId: 'anna', talkSeconds: 120, endedBy: 'caller', wrapUpSeconds: 10 }]]),
  ...call('c2', 5, [enter('tributi', 2), [30.4, 'acd.answer', { queue: 'tributi', agentId: 'bruno', waitedMs: 20_400 }], [90, 'acd.call_ended', { queue: 'tributi', agentId: 'bruno', talkSeconds: 60, endedBy: 'agent', wrapUpSeconds: 10 }]]),
  ...call('c3', 9, [enter('tributi', 3), [13, 'acd.answer', { queue: 'tributi', agentId: 'anna', waitedMs: 3000 }], [40, 'acd.call_ended', { queue: 'tributi', agentId: 'anna', talkSeconds: 27, endedBy: 'caller', wrapUpSeconds: 10 }]]),
  // Abandoned after 12 s (within) and 95 s; one timed out; one chose a callback; one lost to a failure.
  ...call('c4', 12, [enter('tributi', 2), [22, 'acd.abandon', { queue: 'tributi', reason: 'abandoned', waitedMs: 12_000 }]]),
  ...call('c5', 14, [enter('tributi', 3), [105, 'acd.abandon', { queue: 'tributi', reason: 'abandoned', waitedMs: 95_000 }]]),
  ...call('c6', 15, [enter('tributi', 4), [915, 'acd.leave', { queue: 'tributi', reason: 'timeout', waitedMs: 900_000 }]]),
  ...call('c7', 16, [enter('tributi', 5), [70, 'acd.callback_chosen', { queue: 'tributi', position: 3 }]]),
  ...call('c8', 17, [enter('tributi', 6), [40, 'acd.leave', { queue: 'tributi', reason: 'lost', waitedMs: 30_000 }]]),
  // Answered in tributi, then handed on to anagrafe.
  ...call('c9', 20, [enter('tributi', 1), [18, 'acd.answer', { queue: 'tributi', agentId: 'carla', waitedMs: 8000 }], [200, 'acd.transferred', { agentId: 'carla', from: 'tributi', to: 'anagrafe', kind: 'queue', mode: 'blind', talkSeconds: 182 }]]),
];
const records = new Map<string, CallRecord>();
for (const id of new Set(events.map((e) => e.callId))) records.set(id, callRecord(id, events.filter((e) => e.callId === id)));
const lines = queueLogLines(events, (id) => records.get(id));

describe("Asterisk's queue_log, from the event log", () => {
  it('writes the lines app_queue writes, the caller masked', () => {
    const of = (callId: string) => lines.filter((l) => l.split('|')[1] === callId).map((l) => l.split('|').slice(2).join('|'));
    const epoch = (s: number) => String(Math.floor(T0 / 1000) + s);
    expect(lines[0]).toBe(`${epoch(10)}|c1|tributi|NONE|ENTERQUEUE||+39333****567|1`);
    expect(of('c1')).toEqual(['tributi|NONE|ENTERQUEUE||+39333****567|1', 'tributi|anna|CONNECT|20||0', 'tributi|anna|COMPLETECALLER|20|120|1']);
    expect(of('c2')).toEqual(['tributi|NONE|ENTERQUEUE||+39333****567|2', 'tributi|bruno|CONNECT|21||0', 'tributi|bruno|COMPLETEAGENT|21|60|2']);
    expect(of('c5')).toEqual(['tributi|NONE|ENTERQUEUE||+39333****567|3', 'tributi|NONE|ABANDON|3|3|95']);
    expect(of('c6').at(-1)).toBe('tributi|NONE|EXITWITHTIMEOUT|4|4|900');
    expect(of('c7').at(-1)).toBe('tributi|NONE|EXITWITHKEY|*|3|5|60');
    // Cut off by a failure: no end line, as app_queue writes none when Asterisk dies.
    expect(of('c8')).toEqual(['tributi|NONE|ENTERQUEUE||+39333****567|6']);
    expect(of('c9').at(-1)).toBe('tributi|carla|TRANSFER|anagrafe|queue|8|182|1');
  });

  it("gives app_queue's two service levels exactly the engine's own (short abandons at 0, as app_queue has none)", () => {
    const [tributi] = queueKpis([...records.values()], 'queue', { slSeconds: () => 20, shortAbandonMs: 0 });
    const app = appQueueLevels(lines, 'tributi', 20);
    // c1 (20 s), c3 (3 s), c9 (8 s) within 20 s of 4 completed; c4 (12 s) within of 2 abandoned.
    expect(app).toEqual({ servicelevelperf: 3 / 4, servicelevelperf2: (3 + 1) / (4 + 2) });
    expect(tributi?.slAnswered).toBe(app.servicelevelperf);
    expect(tributi?.slAbandonsWithinSuccess).toBe(app.servicelevelperf2);
  });

  it("writes agents' logins, pauses and the pause after an unanswered offer", () => {
    const agentLines = queueLogLines(
      [
        { id: '1-1', type: 'agent.state', callId: '', at: '2027-05-03T07:00:00.000Z', data: { agentId: 'anna', from: 'logged_out', to: 'available' } },
        { id: '1-2', type: 'agent.state', callId: '', at: '2027-05-03T07:30:00.000Z', data: { agentId: 'anna', from: 'available', to: 'paused', reason: 'pausa' } },
        { id: '1-3', type: 'agent.state', callId: '', at: '2027-05-03T07:40:00.000Z', data: { agentId: 'anna', from: 'paused', to: 'available' } },
        { id: '1-4', type: 'acd.no_answer', callId: 'c1', at: '2027-05-03T08:00:20.000Z', data: { agentId: 'anna', outcome: 'no_answer', agentStatus: 'paused', reason: 'non-risponde' } },
        { id: '1-5', type: 'agent.state', callId: '', at: '2027-05-03T09:00:00.000Z', data: { agentId: 'anna', from: 'paused', to: 'logged_out' } },
      ],
      (id) => records.get(id),
    ).map((l) => l.split('|').slice(2).join('|'));
    expect(agentLines).toEqual(['NONE|anna|AGENTLOGIN|Local/anna', 'NONE|anna|PAUSE|pausa', 'NONE|anna|UNPAUSE|', 'tributi|anna|RINGNOANSWER|0', 'NONE|anna|PAUSE|non-risponde', 'NONE|anna|AGENTLOGOFF|Local/anna|0']);
  });
});
