import { describe, expect, it } from 'vitest';
import { queueDefinitionSchema } from '../../src/acd/queue-config.js';
import { isEligible, nextRelaxationAt, RoutingState, targetsFor, type RoutingAgent, type RoutingCall, type RoutingQueue } from '../../src/acd/routing.js';
import { estimateWaitSeconds, minutesToSay } from '../../src/acd/estimate.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const S = 1000;

function queue(def: Partial<Record<string, unknown>>): RoutingQueue {
  return queueDefinitionSchema.parse({ name: 'q', ...def });
}

function agent(id: string, skills: Record<string, number>, queues: string[], over: Partial<RoutingAgent> = {}): RoutingAgent {
  return { id, skills: new Map(Object.entries(skills)), queues, status: 'available', availableSince: T0, occupiedSeconds: 0, ...over };
}

let seq = 0;
function call(callId: string, queueId: string, enteredAt: number, priority = 5): RoutingCall {
  return { callId, queueId, priority, enteredAt, seq: seq++ };
}

const QUEUES = new Map<string, RoutingQueue>([
  ['anagrafe', queue({ skills: [{ skill: 'anagrafe', level: 3 }], relaxation: [{ afterSeconds: 60, level: 1 }, { afterSeconds: 120, skills: [{ skill: 'generale', level: 2 }] }, { afterSeconds: 240, overflowTo: 'generale' }] })],
  ['tributi', queue({ skills: [{ skill: 'tributi', level: 2 }] })],
  ['generale', queue({ skills: [{ skill: 'generale', level: 1 }], priority: 4 })],
  ['urgenze', queue({ skills: [{ skill: 'generale', level: 1 }], priority: 8 })],
  ['esperti', queue({ skills: [{ skill: 'tributi', level: 1 }], strategy: 'best-proficiency' })],
  ['bilanciata', queue({ skills: [], strategy: 'least-occupied' })],
]);

describe('call → agent: who takes a call that just arrived', () => {
  it('gives the call to the agent idle longest among the eligible ones, and says why', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('a1', { anagrafe: 3 }, ['anagrafe'], { availableSince: T0 - 10 * S }));
    s.upsertAgent(agent('a2', { anagrafe: 4 }, ['anagrafe'], { availableSince: T0 - 90 * S }));
    s.upsertAgent(agent('a3', { anagrafe: 5 }, ['anagrafe'], { availableSince: T0 - 30 * S }));
    s.addCall(call('c1', 'anagrafe', T0));
    const choice = s.chooseAgent('c1', T0);
    expect(choice?.agentId).toBe('a2');
    expect(choice?.why).toMatchObject({ rule: 'longest-idle', queueId: 'anagrafe', step: 'base', eligible: 3, value: T0 - 90 * S });
    expect(choice?.why.over.map((r) => r.id)).toEqual(['a3', 'a1']);
  });

  it('skips agents below the required level, not members of the queue, or not available', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('low', { anagrafe: 2 }, ['anagrafe'], { availableSince: T0 - 500 * S }));
    s.upsertAgent(agent('other-queue', { anagrafe: 5 }, ['tributi'], { availableSince: T0 - 500 * S }));
    s.upsertAgent(agent('paused', { anagrafe: 5 }, ['anagrafe'], { status: 'paused', availableSince: T0 - 500 * S }));
    s.upsertAgent(agent('on-call', { anagrafe: 5 }, ['anagrafe'], { status: 'on_call' }));
    s.upsertAgent(agent('ok', { anagrafe: 3 }, ['anagrafe']));
    s.addCall(call('c1', 'anagrafe', T0));
    expect(s.chooseAgent('c1', T0)?.agentId).toBe('ok');
    s.removeAgent('ok');
    expect(s.chooseAgent('c1', T0)).toBeUndefined();
  });

  it('best-proficiency prefers the higher level; ties go to the longest idle, then the agent id', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('b', { tributi: 5 }, ['esperti'], { availableSince: T0 - 1 * S }));
    s.upsertAgent(agent('a', { tributi: 5 }, ['esperti'], { availableSince: T0 - 1 * S }));
    s.upsertAgent(agent('c', { tributi: 5 }, ['esperti'], { availableSince: T0 - 2 * S }));
    s.upsertAgent(agent('novice', { tributi: 1 }, ['esperti'], { availableSince: T0 - 999 * S }));
    s.addCall(call('c1', 'esperti', T0));
    const choice = s.chooseAgent('c1', T0);
    expect(choice?.agentId).toBe('c');
    expect(choice?.why.over.map((r) => r.id)).toEqual(['a', 'b', 'novice']);
    s.removeAgent('c');
    expect(s.chooseAgent('c1', T0)?.agentId).toBe('a');
  });

  it('least-occupied prefers the agent with the fewest seconds on calls today', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('busy', {}, ['bilanciata'], { occupiedSeconds: 3600, availableSince: T0 - 999 * S }));
    s.upsertAgent(agent('fresh', {}, ['bilanciata'], { occupiedSeconds: 600 }));
    s.addCall(call('c1', 'bilanciata', T0));
    expect(s.chooseAgent('c1', T0)).toMatchObject({ agentId: 'fresh', why: { rule: 'least-occupied', value: 600 } });
  });
});

describe('timed relaxation', () => {
  const s = new RoutingState(QUEUES);
  s.upsertAgent(agent('junior', { anagrafe: 1 }, ['anagrafe']));
  s.upsertAgent(agent('generalist', { generale: 2 }, ['anagrafe']));
  s.upsertAgent(agent('other-desk', { generale: 1 }, ['generale']));
  s.addCall(call('c1', 'anagrafe', T0));

  it('nobody below level 3 before 60 s', () => {
    expect(s.chooseAgent('c1', T0 + 59 * S)).toBeUndefined();
    expect(targetsFor(QUEUES, 'anagrafe', 59 * S)).toEqual([{ queueId: 'anagrafe', requirements: [[{ skill: 'anagrafe', level: 3 }]], step: 'base' }]);
  });

  it('after 60 s a lower proficiency is accepted', () => {
    expect(s.chooseAgent('c1', T0 + 60 * S)).toMatchObject({ agentId: 'junior', why: { step: 'relaxed after 60s' } });
  });

  it('after 120 s an alternative skill is accepted', () => {
    const only = new RoutingState(QUEUES);
    only.upsertAgent(agent('generalist', { generale: 2 }, ['anagrafe']));
    only.addCall(call('c1', 'anagrafe', T0));
    expect(only.chooseAgent('c1', T0 + 119 * S)).toBeUndefined();
    expect(only.chooseAgent('c1', T0 + 120 * S)).toMatchObject({ agentId: 'generalist', why: { step: 'relaxed after 60s, after 120s' } });
  });

  it("after 240 s another queue's agents may take it", () => {
    const only = new RoutingState(QUEUES);
    only.upsertAgent(agent('other-desk', { generale: 1 }, ['generale']));
    only.addCall(call('c1', 'anagrafe', T0));
    expect(only.chooseAgent('c1', T0 + 239 * S)).toBeUndefined();
    expect(only.chooseAgent('c1', T0 + 240 * S)).toMatchObject({ agentId: 'other-desk', why: { queueId: 'generale', step: 'overflow to generale' } });
    // …and from the other side: the generale agent, freeing, sees the overflowed call.
    expect(only.chooseCall('other-desk', T0 + 239 * S)).toBeUndefined();
    expect(only.chooseCall('other-desk', T0 + 240 * S)?.callId).toBe('c1');
  });

  it('an overflowed caller keeps their place: they are served before later callers of the other queue', () => {
    const st = new RoutingState(QUEUES);
    st.upsertAgent(agent('other-desk', { generale: 1 }, ['generale']));
    st.addCall(call('old-anagrafe', 'anagrafe', T0));
    st.addCall(call('new-generale', 'generale', T0 + 200 * S));
    // generale's priority (4) is below anagrafe's (5), so this also shows priority is per the call's own queue.
    expect(st.chooseCall('other-desk', T0 + 300 * S)?.callId).toBe('old-anagrafe');
  });

  it('tells when the next step comes, and nothing after the last', () => {
    const c = call('c', 'anagrafe', T0);
    expect(nextRelaxationAt(QUEUES, c, T0)).toBe(T0 + 60 * S);
    expect(nextRelaxationAt(QUEUES, c, T0 + 60 * S)).toBe(T0 + 120 * S);
    expect(nextRelaxationAt(QUEUES, c, T0 + 240 * S)).toBeUndefined();
    expect(nextRelaxationAt(QUEUES, call('t', 'tributi', T0), T0)).toBeUndefined();
  });

  it('eligibility only widens with waiting time', () => {
    const a = agent('x', { generale: 1 }, ['generale']);
    const c = call('c', 'anagrafe', T0);
    const at = [0, 59, 60, 119, 120, 239, 240, 10_000].map((sec) => isEligible(QUEUES, a, c, T0 + sec * S));
    expect(at).toEqual([false, false, false, false, false, false, true, true]);
  });
});

describe('agent → call: what a freed agent takes', () => {
  it('takes the highest priority first, then the longest waiting', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('a', { generale: 1 }, ['generale', 'urgenze']));
    s.addCall(call('gen-old', 'generale', T0));
    s.addCall(call('urg-new', 'urgenze', T0 + 100 * S));
    s.addCall(call('gen-vip', 'generale', T0 + 50 * S, 9));
    // urgenze: 8 + 5 = 13; gen-vip: 4 + 9 = 13 and waited longer; gen-old: 4 + 5 = 9.
    const c = s.chooseCall('a', T0 + 200 * S);
    expect(c).toMatchObject({ callId: 'gen-vip', why: { rule: 'priority-then-longest-wait', priority: 13, waitedMs: 150 * S } });
    expect(c?.why.over.map((o) => o.callId)).toEqual(['urg-new']);
    s.removeCall('gen-vip');
    expect(s.chooseCall('a', T0 + 200 * S)?.callId).toBe('urg-new');
    s.removeCall('urg-new');
    expect(s.chooseCall('a', T0 + 200 * S)?.callId).toBe('gen-old');
  });

  it('is fair between queues of equal priority: the longest waiting across them', () => {
    const queues = new Map([
      ['q1', queue({})],
      ['q2', queue({})],
      ['q3', queue({})],
    ]);
    const s = new RoutingState(queues);
    s.upsertAgent(agent('a', {}, ['q1', 'q2', 'q3']));
    const order = [
      ['q2', 1],
      ['q1', 2],
      ['q3', 3],
      ['q2', 4],
      ['q1', 5],
    ] as const;
    for (const [q, sec] of order) s.addCall(call(`${q}-${sec}`, q, T0 + sec * S));
    const served: string[] = [];
    for (;;) {
      const c = s.chooseCall('a', T0 + 100 * S);
      if (!c) break;
      served.push(c.callId);
      s.removeCall(c.callId);
    }
    expect(served).toEqual(['q2-1', 'q1-2', 'q3-3', 'q2-4', 'q1-5']);
  });

  it('skips calls the agent is not yet skilled enough for, and takes a later one they can', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('junior', { anagrafe: 1, tributi: 2 }, ['anagrafe', 'tributi']));
    s.addCall(call('anagrafe-new', 'anagrafe', T0 + 30 * S));
    s.addCall(call('tributi-newer', 'tributi', T0 + 40 * S));
    expect(s.chooseCall('junior', T0 + 50 * S)?.callId).toBe('tributi-newer');
    // Once the anagrafe call has waited 60 s the junior may take it, and it is older.
    expect(s.chooseCall('junior', T0 + 90 * S)?.callId).toBe('anagrafe-new');
  });

  it('breaks a tie of the same millisecond by arrival order', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('a', { tributi: 2 }, ['tributi']));
    s.addCall(call('first', 'tributi', T0));
    s.addCall(call('second', 'tributi', T0));
    expect(s.chooseCall('a', T0)?.callId).toBe('first');
  });

  it('a call put back after a no-answer keeps its place at the head', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('a', { tributi: 2 }, ['tributi']));
    const first = call('first', 'tributi', T0);
    s.addCall(first);
    s.addCall(call('later', 'tributi', T0 + 5 * S));
    s.removeCall('first');
    expect(s.position('later')).toBe(1);
    s.addCall(first);
    expect(s.position('first')).toBe(1);
    expect(s.position('later')).toBe(2);
    expect(s.chooseCall('a', T0 + 30 * S)?.callId).toBe('first');
  });

  it('an agent in many queues sees each once; one in none sees nothing', () => {
    const s = new RoutingState(QUEUES);
    s.upsertAgent(agent('multi', { generale: 3, tributi: 3, anagrafe: 3 }, ['anagrafe', 'tributi', 'generale', 'urgenze']));
    s.upsertAgent(agent('none', { generale: 3 }, []));
    s.addCall(call('c', 'tributi', T0));
    expect(s.chooseCall('none', T0)).toBeUndefined();
    expect(s.chooseCall('multi', T0)?.callId).toBe('c');
    expect(s.chooseAgent('c', T0)?.agentId).toBe('multi');
  });

  it('counts positions by priority, then arrival', () => {
    const s = new RoutingState(QUEUES);
    s.addCall(call('a', 'tributi', T0));
    s.addCall(call('b', 'tributi', T0 + S));
    s.addCall(call('vip', 'tributi', T0 + 2 * S, 9));
    expect([s.position('vip'), s.position('a'), s.position('b'), s.position('nope')]).toEqual([1, 2, 3, undefined]);
    expect(s.waitingIn('tributi')).toBe(3);
    // A caller joining now: behind everyone at their priority or above.
    expect([s.positionForNew('tributi', 5), s.positionForNew('tributi', 9), s.positionForNew('tributi', 0), s.positionForNew('anagrafe', 5)]).toEqual([4, 2, 4, 1]);
  });

  it('an agent changing state or skills is re-indexed at once', () => {
    const s = new RoutingState(QUEUES);
    s.addCall(call('c', 'tributi', T0));
    s.upsertAgent(agent('a', { tributi: 1 }, ['tributi']));
    expect(s.chooseAgent('c', T0)).toBeUndefined();
    s.upsertAgent(agent('a', { tributi: 2 }, ['tributi']));
    expect(s.chooseAgent('c', T0)?.agentId).toBe('a');
    s.upsertAgent(agent('a', { tributi: 2 }, ['tributi'], { status: 'paused' }));
    expect(s.chooseAgent('c', T0)).toBeUndefined();
  });
});

describe('estimated wait', () => {
  it('is omitted without agents or with too few recent calls', () => {
    expect(estimateWaitSeconds({ position: 1, agentsServing: 0, handleTimesSeconds: [200, 300, 250], minSamples: 3 })).toBeUndefined();
    expect(estimateWaitSeconds({ position: 1, agentsServing: 2, handleTimesSeconds: [200, 300], minSamples: 3 })).toBeUndefined();
  });

  it('grows by one average handle time per round of agents', () => {
    const h = [240, 300, 360];
    expect(estimateWaitSeconds({ position: 1, agentsServing: 3, handleTimesSeconds: h, minSamples: 3 })).toBe(300);
    expect(estimateWaitSeconds({ position: 3, agentsServing: 3, handleTimesSeconds: h, minSamples: 3 })).toBe(300);
    expect(estimateWaitSeconds({ position: 4, agentsServing: 3, handleTimesSeconds: h, minSamples: 3 })).toBe(600);
  });

  it('is said as whole minutes, at least one, and not beyond the cap', () => {
    expect([minutesToSay(10), minutesToSay(60), minutesToSay(61), minutesToSay(1800), minutesToSay(1801), minutesToSay(undefined)]).toEqual([1, 1, 2, 30, undefined, undefined]);
  });
});
