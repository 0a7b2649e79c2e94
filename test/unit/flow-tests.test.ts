import { describe, expect, it } from 'vitest';
import { flowTestSchema } from '../../src/ivr/flow-test-schema.js';
import { judge } from '../../src/ivr/flow-tests.js';
import type { Simulation } from '../../src/ivr/simulator.js';

const sim = (s: Partial<Simulation>): Simulation => ({ lines: [], destination: 'the engine ended the call', journey: [], tags: [], heard: [], ...s });
const test = (expect: object) => flowTestSchema.parse({ name: 'caso', at: '2031-03-03 10:00', expect });

describe("judging a flow's test case", () => {
  it('hears: in this order, others between; notHears: never', () => {
    const heard = sim({ heard: ['welcome', 'privacy', 'menu', 'info'] });
    expect(judge(test({ hears: ['welcome', 'menu'] }), heard)).toEqual([]);
    expect(judge(test({ hears: ['menu', 'welcome'] }), heard)).toEqual(['expected to hear menu then welcome; heard: welcome, privacy, menu, info']);
    expect(judge(test({ notHears: ['privacy', 'closed'] }), heard)).toEqual(['expected not to hear privacy; heard: welcome, privacy, menu, info']);
  });

  it('where the call goes: a queue, a transfer, or the flow ends it; the tags it gets', () => {
    const queued = sim({ queue: 'tributi', tags: ['Tributi'], destination: 'queue tributi (priority 5)' });
    expect(judge(test({ queue: 'tributi', tags: ['Tributi'] }), queued)).toEqual([]);
    expect(judge(test({ queue: 'anagrafe' }), queued)).toEqual(['expected queue anagrafe; the call went to queue tributi']);
    expect(judge(test({ transfer: '2003' }), queued)).toEqual(['expected a transfer to 2003; the call went to queue tributi']);
    expect(judge(test({ hangsUp: true }), queued)).toEqual(['expected the flow to end the call; the call went to queue tributi']);
    expect(judge(test({ tags: ['Tributi', 'Anagrafe'] }), queued)).toEqual(['expected the tags Anagrafe; the call has Tributi']);
    expect(judge(test({ transfer: '2003' }), sim({ transfer: '2003' }))).toEqual([]);
    expect(judge(test({ queue: 'tributi' }), sim({}))).toEqual(['expected queue tributi; the call ended: the engine ended the call']);
  });

  it('a case must expect something, at a Rome time', () => {
    const bad = flowTestSchema.safeParse({ name: 'vuoto', at: '03/03/2031', expect: {} });
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['at: Rome time, YYYY-MM-DD HH:MM', 'expect: say what to expect: hears, notHears, queue, transfer, tags or hangsUp']);
  });
});
