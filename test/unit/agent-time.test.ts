import { describe, expect, it } from 'vitest';
import { agentTime, type AgentStateChange } from '../../src/reports/agent-time.js';

const T0 = Date.parse('2027-05-03T06:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const state = (agentId: string, minutes: number, from: string, to: string): AgentStateChange => ({ type: 'agent.state', at: at(minutes), data: { agentId, from, to, action: 'x' } });

describe("agents' time at work", () => {
  it('counts logged-in and paused time within the period, the ACD pausing an agent who did not answer included', () => {
    const during = [
      state('anna', 60, 'logged_out', 'available'),
      state('anna', 120, 'available', 'paused'),
      state('anna', 135, 'paused', 'available'),
      { type: 'acd.no_answer', at: at(200), data: { agentId: 'anna', outcome: 'no_answer', agentStatus: 'paused', reason: 'non-risponde' } },
      state('anna', 210, 'paused', 'available'),
      // An offer that ended with the agent available again changes nothing.
      { type: 'acd.no_answer', at: at(220), data: { agentId: 'anna', outcome: 'no_answer', agentStatus: 'available' } },
      state('anna', 300, 'available', 'logged_out'),
    ];
    const t = agentTime([], during, T0, T0 + 600 * 60_000).get('anna');
    expect(t).toEqual({ loggedInSeconds: 240 * 60, pausedSeconds: 25 * 60 });
  });

  it("takes an agent's state at the start from their last change before it, and cuts at the end", () => {
    const before = [state('bruno', -600, 'logged_out', 'available'), state('bruno', -30, 'available', 'paused'), state('carla', -300, 'available', 'logged_out')];
    const during = [state('bruno', 30, 'paused', 'available')];
    const times = agentTime(before, during, T0, T0 + 90 * 60_000);
    expect(times.get('bruno')).toEqual({ loggedInSeconds: 90 * 60, pausedSeconds: 30 * 60 });
    // Logged out all along: no time at work.
    expect(times.get('carla')).toBeUndefined();
    // An agent never seen was not at work.
    expect(times.get('dario')).toBeUndefined();
  });

  it('ignores events that are not state changes and changes outside the period', () => {
    const during = [{ type: 'agent.state', at: at(10), data: { from: 'x' } }, state('anna', -5, 'logged_out', 'available'), state('anna', 700, 'available', 'logged_out')];
    expect(agentTime([], during, T0, T0 + 60 * 60_000).get('anna')).toEqual({ loggedInSeconds: 3600, pausedSeconds: 0 });
  });
});
