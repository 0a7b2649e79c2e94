import { describe, expect, it } from 'vitest';
import type { CallRecord, PathStep, QueueVisit } from '../../src/reports/call-record.js';
import { agentKpis, NO_TOPIC, topicKpis } from '../../src/reports/agent-topic-kpis.js';

let n = 0;
const AT = '2027-03-29T08:00:00.000Z';
const answered = (agentId: string, talkSeconds?: number, wrapUpSeconds?: number): QueueVisit => ({ queue: 'tributi', enteredAt: AT, outcome: 'answered', agentId, waitedMs: 5000, ...(talkSeconds === undefined ? {} : { talkSeconds }), ...(wrapUpSeconds === undefined ? {} : { wrapUpSeconds }) });
const visit = (outcome: QueueVisit['outcome']): QueueVisit => ({ queue: 'tributi', enteredAt: AT, outcome, waitedMs: 30_000 });
const hangupPath: PathStep[] = [{ node: 'info', nodeType: 'play', at: AT }, { node: 'fine', nodeType: 'hangup', at: AT }];
const call = (topics: string[], queues: QueueVisit[], more: Partial<CallRecord> = {}): CallRecord => ({
  callId: `c${++n}`,
  flowId: 'milano-020202',
  outcome: 'completed',
  path: queues.length > 0 ? [{ node: 'coda', nodeType: 'queue', at: AT }] : hangupPath,
  topics,
  queues,
  tickets: [],
  callbacks: [],
  recovered: false,
  complete: true,
  ...more,
});

describe('agent KPIs', () => {
  it('counts each conversation, and the means over those whose end is known', () => {
    const rows = agentKpis([
      call(['tributi'], [answered('anna', 200, 30)]),
      call(['tributi'], [answered('anna', 100, 10)]),
      // Still talking: handled, not in the means.
      call(['tributi'], [answered('anna')], { complete: false }),
      // Two queues in one call, two agents.
      call(['anagrafe'], [answered('bruno', 60, 0), answered('carla', 40, 20)]),
      call([], [visit('abandoned')]),
    ]);
    expect(rows.map((r) => r.agentId)).toEqual(['anna', 'bruno', 'carla']);
    expect(rows[0]).toEqual({ agentId: 'anna', handled: 3, talkSeconds: 300, meanTalkSeconds: 150, meanWrapUpSeconds: 20, meanHoldSeconds: 0, ahtSeconds: 170 });
    expect(rows[1]).toMatchObject({ handled: 1, ahtSeconds: 60 });
    expect(rows[2]).toMatchObject({ handled: 1, ahtSeconds: 60 });
  });
});

describe('topic KPIs', () => {
  it('counts a call once in each of its topics, the untagged apart, and what became of it', () => {
    const rows = topicKpis([
      call(['tributi', 'tari'], [answered('anna', 100, 0)]),
      call(['tributi'], [visit('abandoned')]),
      call(['tributi'], [visit('callback')]),
      call(['tributi'], []),
      call([], []),
      call(['tributi'], [], { complete: false }),
    ]);
    expect(rows.map((r) => r.topic)).toEqual(['tari', 'tributi', NO_TOPIC].sort());
    const t = Object.fromEntries(rows.map((r) => [r.topic, r]));
    expect(t.tributi).toEqual({ topic: 'tributi', calls: 4, toOperator: 3, answered: 1, abandoned: 1, callbacks: 1, selfServed: 1 });
    expect(t.tari).toMatchObject({ calls: 1, answered: 1, selfServed: 0 });
    expect(t[NO_TOPIC]).toMatchObject({ calls: 1, toOperator: 0, selfServed: 1 });
  });
});
