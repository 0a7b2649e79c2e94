import { describe, expect, it } from 'vitest';
import { callRecord, type LoggedEvent } from '../../src/reports/index.js';

let second = 0;
/** Events one second apart, from an arbitrary instant (the fold never reads a clock). */
const ev = (type: string, data: Record<string, unknown> = {}): LoggedEvent => ({ type, at: new Date(Date.UTC(2030, 0, 7, 9, 0, second++)).toISOString(), data });

describe('one record per call, folded from its events', () => {
  it('an answered call: flow, IVR path, topics, queue wait, agent, talk and wrap-up', () => {
    second = 0;
    const r = callRecord('c1', [
      ev('call.started', { flowId: '020202', flowVersion: '7:abc', dialledNumber: '020202', source: 'trunk' }),
      ev('ivr.node', { node: 'benvenuto', nodeType: 'play', next: 'menu' }),
      ev('prompt.played', { prompts: ['benvenuto'], outcome: 'finished' }),
      ev('ivr.node', { node: 'menu', nodeType: 'menu', next: 'tributi', digits: '2', choice: '2' }),
      ev('call.tagged', { tags: ['tributi'] }),
      ev('queue.requested', { queue: 'tributi', priority: 5, tags: ['tributi', 'tari'], data: {} }),
      ev('acd.enter', { queue: 'tributi', priority: 5, length: 3 }),
      ev('acd.offer', { agentId: 'dario', queue: 'tributi', why: {} }),
      ev('acd.answer', { agentId: 'dario', queue: 'tributi', waitedMs: 62_000 }),
      ev('acd.call_ended', { agentId: 'dario', queue: 'tributi', talkSeconds: 241, endedBy: 'caller', wrapUpSeconds: 20 }),
      ev('call.ended', { outcome: 'completed', endedBy: 'caller', visited: [], durationMs: 310_000 }),
    ]);
    expect(r).toMatchObject({ callId: 'c1', flowId: '020202', flowVersion: '7:abc', dialledNumber: '020202', outcome: 'completed', endedBy: 'caller', durationMs: 310_000, complete: true, recovered: false, topics: ['tributi', 'tari'] });
    expect(r.startedAt).toBe('2030-01-07T09:00:00.000Z');
    expect(r.endedAt).toBe('2030-01-07T09:00:10.000Z');
    expect(r.path.map((p) => p.node)).toEqual(['benvenuto', 'menu']);
    expect(r.path[1]).toMatchObject({ nodeType: 'menu', choice: '2' });
    expect(r.path[0]).not.toHaveProperty('choice');
    expect(r.queues).toEqual([{ queue: 'tributi', enteredAt: '2030-01-07T09:00:06.000Z', outcome: 'answered', agentId: 'dario', waitedMs: 62_000, position: 3, talkSeconds: 241, wrapUpSeconds: 20, endedBy: 'caller' }]);
  });

  it('tells an abandon from a callback chosen, a timeout and a call lost to a failure', () => {
    const visit = (events: LoggedEvent[]) => callRecord('c', [ev('acd.enter', { queue: 'anagrafe' }), ...events]).queues[0];
    expect(visit([ev('acd.abandon', { queue: 'anagrafe', reason: 'abandoned', waitedMs: 4000 })])).toMatchObject({ outcome: 'abandoned', waitedMs: 4000 });
    // The caller chose a callback: a callback (the booking takes their place over, and logs no leave).
    expect(visit([ev('acd.callback_chosen', { queue: 'anagrafe', position: 4 }), ev('callback.booked', { callback: 'cb-9', kind: 'keep_place', queue: 'anagrafe', dueAt: 0, number: '+39…', by: 'caller' })])).toMatchObject({ outcome: 'callback' });
    // …and it stays one when the callback later fails (its place left as unreachable).
    expect(visit([ev('acd.callback_chosen', { queue: 'anagrafe', position: 4 }), ev('callback.booked', { callback: 'cb-9', kind: 'keep_place', queue: 'anagrafe', dueAt: 0, number: '+39…', by: 'caller' }), ev('acd.leave', { queue: 'anagrafe', reason: 'callback_unreachable', waitedMs: 900_000 })])).toMatchObject({ outcome: 'callback' });
    // …then hung up before confirming the number: no callback exists, the place was abandoned.
    expect(visit([ev('acd.callback_chosen', { queue: 'anagrafe', position: 4 }), ev('acd.abandon', { queue: 'anagrafe', reason: 'abandoned', waitedMs: 95_000 })])).toMatchObject({ outcome: 'abandoned', waitedMs: 95_000 });
    expect(visit([ev('acd.leave', { queue: 'anagrafe', reason: 'timeout', waitedMs: 900_000 })])).toMatchObject({ outcome: 'left', reason: 'timeout', waitedMs: 900_000 });
    expect(visit([ev('acd.leave', { queue: 'anagrafe', reason: 'lost', waitedMs: 30_000 })])).toMatchObject({ outcome: 'lost' });
    expect(visit([])).toMatchObject({ outcome: 'waiting' });
  });

  it('keeps each visit when a caller is transferred back to a queue, and the tickets and callbacks of the call', () => {
    const r = callRecord('c2', [
      ev('acd.enter', { queue: 'generale' }),
      ev('acd.answer', { agentId: 'anna', queue: 'generale', waitedMs: 10_000 }),
      ev('acd.transferred', { agentId: 'anna', from: 'generale', to: 'tributi', kind: 'queue', mode: 'blind', talkSeconds: 30 }),
      ev('acd.call_ended', { agentId: 'anna', queue: 'generale', talkSeconds: 30, endedBy: 'agent', wrapUpSeconds: 20 }),
      ev('acd.enter', { queue: 'tributi' }),
      ev('acd.answer', { agentId: 'dario', queue: 'tributi', waitedMs: 5000 }),
      ev('ticket.created', { number: 100123, category: 'tari' }),
      ev('crm.ticket_created', { number: 100123, category: 'tari', level: '1', channel: 'telefono', by: 'dario' }),
      ev('callback.booked', { callback: 'cb-1', kind: 'later', queue: 'tributi', dueAt: 0, number: '+39…', by: 'caller' }),
      ev('call.recovered', { channelId: 'ch' }),
    ]);
    expect(r.queues.map((q) => [q.queue, q.outcome, q.agentId])).toEqual([['generale', 'answered', 'anna'], ['tributi', 'answered', 'dario']]);
    expect(r.tickets).toEqual([100123]);
    expect(r.callbacks).toEqual(['cb-1']);
    expect(r).toMatchObject({ recovered: true, complete: false });
  });

  it('ignores event types it does not know and fields of the wrong kind, without losing the rest', () => {
    const r = callRecord('c3', [ev('call.started', { flowId: 42, dialledNumber: '800123456' }), ev('something.new', { x: 1 }), ev('acd.enter', { queue: 'generale' }), ev('acd.abandon', { queue: 'generale', waitedMs: 'soon' })]);
    expect(r.flowId).toBeUndefined();
    expect(r.dialledNumber).toBe('800123456');
    expect(r.queues[0]).toMatchObject({ outcome: 'abandoned', waitedMs: undefined });
  });

  it("counts the caller's hold while the agent consults an extension, until the consultation ends, fails or completes", () => {
    const r = callRecord('hold', [
      ev('call.started', { flowId: 'milano-020202' }),
      ev('acd.enter', { queue: 'tributi', length: 3 }),
      ev('acd.answer', { queue: 'tributi', agentId: 'anna', waitedMs: 1000 }),
      ev('acd.consult_started', { agentId: 'anna', extension: '2001' }), // +1 s each event
      ev('acd.consult_failed', { agentId: 'anna', extension: '2001', reason: 'no_answer' }),
      ev('acd.consult_started', { agentId: 'anna', extension: '2002' }),
      ev('acd.consult_answered', { agentId: 'anna', extension: '2002' }),
      ev('acd.consult_ended', { agentId: 'anna', extension: '2002', reason: 'cancelled' }),
      ev('acd.consult_started', { agentId: 'anna', extension: '2003' }),
      ev('acd.call_ended', { queue: 'tributi', agentId: 'anna', talkSeconds: 30, wrapUpSeconds: 10, endedBy: 'caller' }),
    ]);
    expect(r.queues[0]).toMatchObject({ outcome: 'answered', position: 3, talkSeconds: 30, holdSeconds: 1 + 2 + 1 });
  });
});
