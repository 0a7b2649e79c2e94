/** A day's staffing plan from a forecast (pure): the agents each half hour needs, nobody for no calls. */
import { describe, expect, it } from 'vitest';
import { agentHours, agentsFor, dayPlan, SLOTS } from '../../src/staffing/index.js';

describe('staffing plan', () => {
  const slots = Array.from({ length: SLOTS }, (_, s) => (s === 20 ? 100 : s === 21 ? 180 : 0));
  const plan = dayPlan({ day: '2031-03-03', slots }, { ahtSeconds: 180, target: { serviceLevel: { share: 0.8, seconds: 20 } }, shrinkage: 0.3 });

  it("each half hour as Erlang says: 100 calls in 10:00–10:30 is the issue's 14 agents, 20 people", () => {
    expect(plan[20]).toMatchObject({ time: '10:00', calls: 100, agents: 14, scheduledAgents: 20 });
    expect(plan[21]?.agents).toBe(agentsFor({ callsPerHour: 360, ahtSeconds: 180 }, { serviceLevel: { share: 0.8, seconds: 20 } }).agents);
    expect(plan[21]?.time).toBe('10:30');
  });

  it('nobody when no call is forecast; agent-hours add the half hours', () => {
    expect(plan[0]).toMatchObject({ time: '00:00', calls: 0, agents: 0, scheduledAgents: 0, figures: undefined });
    expect(agentHours(plan)).toBe(((plan[20]?.agents ?? 0) + (plan[21]?.agents ?? 0)) / 2);
  });

  it("with the callers' patience (Erlang A) fewer agents meet an answered-rate target than Erlang C needs for a stable queue", () => {
    const milan = Array.from({ length: SLOTS }, (_, s) => (s === 20 ? 180 : 0));
    const a = dayPlan({ day: '2031-03-03', slots: milan }, { ahtSeconds: 277, patienceSeconds: 600, target: { minAnsweredRate: 0.9, maxMeanWaitSeconds: 60 }, shrinkage: 0 });
    expect(a[20]?.agents).toBe(26);
    const c = dayPlan({ day: '2031-03-03', slots: milan }, { ahtSeconds: 277, target: { maxMeanWaitSeconds: 60 }, shrinkage: 0 });
    expect(c[20]?.agents).toBeGreaterThan(27);
  });
});
