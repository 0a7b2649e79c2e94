/** The staffing plan callbacks are booked against: agents per weekday and time, dated exceptions, Rome's clock. */
import { describe, expect, it } from 'vitest';
import { agentsAt, staffingPlanSchema } from '../../src/callbacks/staffing.js';
import { romeInstant } from '../../src/shared/schedule.js';

const plan = staffingPlanSchema.parse({
  week: {
    'mon-fri': [
      { from: '08:30', to: '13:00', agents: 6 },
      { from: '11:00', to: '17:00', agents: 4 },
    ],
    sat: [{ from: '08:30', to: '12:30', agents: 2 }],
  },
  days: { '2026-11-27': [{ from: '09:00', to: '12:00', agents: 1 }] },
});

describe('staffing plan', () => {
  it.each([
    ['2026-11-23 08:00', 0],
    ['2026-11-23 08:30', 6],
    ['2026-11-23 11:30', 10], // both shifts
    ['2026-11-23 13:00', 4],
    ['2026-11-23 17:00', 0],
    ['2026-11-28 10:00', 2], // Saturday
    ['2026-11-29 10:00', 0], // Sunday: not in the plan
    ['2026-11-27 10:00', 1], // a strike day: the dated plan replaces Friday's
    ['2026-11-27 14:00', 0],
    ['2026-03-30 08:30', 6], // the Monday after the change to summer time
  ])('%s → %i agents', (at, agents) => {
    expect(agentsAt(plan, romeInstant(at))).toBe(agents);
  });

  it('refuses a shift that ends before it starts, a bad day and a bad date, naming where', () => {
    const r = staffingPlanSchema.safeParse({ week: { 'mon-fry': [], tue: [{ from: '14:00', to: '09:00', agents: 3 }] }, days: { '2026-13-01': [] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['week.mon-fry', 'week.tue.0.to', 'days.2026-13-01']));
  });
});
