import { describe, expect, it } from 'vitest';
import type { CallRecord, PathStep, QueueVisit } from '../../src/reports/call-record.js';
import { hourlyProfile, ivrKpis } from '../../src/reports/ivr-kpis.js';

let n = 0;
const AT = '2027-03-29T08:00:00.000Z';
const step = (node: string, nodeType: string, more: Partial<PathStep> = {}): PathStep => ({ node, nodeType, at: AT, ...more });
const call = (path: PathStep[], outcome = 'completed', queues: QueueVisit[] = [], more: Partial<CallRecord> = {}): CallRecord => ({
  callId: `c${++n}`,
  flowId: 'milano-020202',
  startedAt: AT,
  outcome,
  path,
  topics: [],
  queues,
  tickets: [],
  callbacks: [],
  recovered: false,
  complete: true,
  ...more,
});
const waitedInTributi: QueueVisit = { queue: 'tributi', enteredAt: AT, outcome: 'answered', waitedMs: 9000 };

const records = [
  // Information only: heard the opening hours, the flow hung up. Self-served.
  call([step('benvenuto', 'play'), step('menu', 'menu', { choice: '1' }), step('orari', 'play'), step('fine', 'hangup')]),
  // To an operator.
  call([step('benvenuto', 'play'), step('menu', 'menu', { choice: '2' }), step('tributi', 'queue')], 'completed', [waitedInTributi]),
  // Pressed nothing twice, then the flow gave up with a goodbye: not self-served (no information heard).
  call([step('benvenuto', 'play'), step('menu', 'menu', { failed: 'no_input' }), step('fine', 'hangup')]),
  // Hung up during the welcome.
  call([step('benvenuto', 'play')], 'caller_hung_up'),
  // A menu reached twice in one call counts once as reached, each key counted.
  call([step('benvenuto', 'play'), step('menu', 'menu', { choice: '9' }), step('menu', 'menu', { choice: '1' }), step('orari', 'play'), step('fine', 'hangup')]),
  // Still in progress: not counted.
  call([step('benvenuto', 'play')], 'completed', [], { complete: false }),
];

describe('IVR KPIs over call records', () => {
  it('counts each step reached once per call, where callers left, the keys pressed and the failures', () => {
    const [flow] = ivrKpis(records);
    expect(flow).toMatchObject({ flowId: 'milano-020202', calls: 5 });
    const steps = Object.fromEntries((flow?.steps ?? []).map((s) => [s.node, s]));
    expect(steps.benvenuto).toMatchObject({ reached: 5, endedHere: 1 });
    expect(steps.menu).toMatchObject({ reached: 4, endedHere: 0, choices: { '1': 2, '2': 1, '9': 1 }, failures: { no_input: 1 } });
    expect(steps.orari).toMatchObject({ reached: 2, endedHere: 0 });
    expect(steps.fine).toMatchObject({ nodeType: 'hangup', reached: 3, endedHere: 3 });
    expect(steps.tributi).toMatchObject({ nodeType: 'queue', reached: 1, endedHere: 1 });
    expect(flow?.steps.map((s) => s.node)).toEqual(['benvenuto', 'menu', 'orari', 'fine', 'tributi']);
  });

  it('self-service: ended by the flow at a hang-up step, with no operator and no step that gave up on the way', () => {
    const [flow] = ivrKpis(records);
    // The two information calls only: not the one the menu gave up on, nor the caller who hung up.
    expect(flow?.selfServed).toBe(2);
    expect(flow?.selfServiceRate).toBeCloseTo(2 / 5, 10);
    expect(ivrKpis([])).toEqual([]);
  });

  it("profiles the calls by Rome's weekday and hour, summer time included", () => {
    const grid = hourlyProfile([
      // Monday 29 March 2027, 08:00 UTC = 10:00 in Rome (UTC+2).
      call([], 'completed', [], { startedAt: '2027-03-29T08:00:00.000Z' }),
      // Sunday 28 March 2027, 00:30 UTC = 01:30 in Rome (still UTC+1: the change is at 02:00).
      call([], 'completed', [], { startedAt: '2027-03-28T00:30:00.000Z' }),
    ]);
    expect(grid).toHaveLength(7);
    expect(grid[0]?.[10]).toBe(1);
    expect(grid[6]?.[1]).toBe(1);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(2);
  });
});
