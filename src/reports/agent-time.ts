/**
 * How long each agent was at work in a period, from their state changes in the log (#22), for
 * occupancy. Pure.
 *
 * - loggedInSeconds: time not logged out, within the period (and before `end`, which is now for
 *   a period that has not ended).
 * - pausedSeconds: of that, time paused (a break, a meeting, or paused by the ACD after an offer
 *   nobody answered).
 * - occupancy (agent-topic-kpis' handle time over this): (talk + wrap-up) / (logged in − paused):
 *   the share of the time they were there to take calls that calls took.
 *
 * An agent's state at the start is the one their last change before it left them in; an agent
 * with no change before or during the period was not at work.
 */

/** A state change as the log has it: `agent.state` (from → to) or `acd.no_answer` (the agent left paused or available). */
export interface AgentStateChange {
  readonly type: string;
  /** ISO time. */
  readonly at: string;
  readonly data: Record<string, unknown>;
}

export interface AgentTime {
  loggedInSeconds: number;
  pausedSeconds: number;
}

type State = 'out' | 'paused' | 'working';

/** The state a change leaves the agent in, or undefined for an event that is not one. */
function after(e: AgentStateChange): { agentId: string; state: State } | undefined {
  const agentId = e.data.agentId;
  if (typeof agentId !== 'string') return undefined;
  if (e.type === 'agent.state' && typeof e.data.to === 'string') return { agentId, state: e.data.to === 'logged_out' ? 'out' : e.data.to === 'paused' ? 'paused' : 'working' };
  if (e.type === 'acd.no_answer') return { agentId, state: e.data.agentStatus === 'paused' ? 'paused' : 'working' };
  return undefined;
}

/**
 * Each agent's time at work between `startMs` and `endMs`: `before` are changes before the start
 * (the last of each agent counts), `during` the changes within, both in time order.
 */
export function agentTime(before: readonly AgentStateChange[], during: readonly AgentStateChange[], startMs: number, endMs: number): Map<string, AgentTime> {
  const state = new Map<string, { state: State; since: number }>();
  for (const e of before) {
    const a = after(e);
    if (a) state.set(a.agentId, { state: a.state, since: startMs });
  }
  const out = new Map<string, AgentTime>();
  const close = (agentId: string, until: number): void => {
    const s = state.get(agentId);
    if (!s || s.state === 'out' || until <= s.since) return;
    let t = out.get(agentId);
    if (!t) {
      t = { loggedInSeconds: 0, pausedSeconds: 0 };
      out.set(agentId, t);
    }
    const seconds = (until - s.since) / 1000;
    t.loggedInSeconds += seconds;
    if (s.state === 'paused') t.pausedSeconds += seconds;
  };
  for (const e of during) {
    const a = after(e);
    const at = Math.min(Math.max(Date.parse(e.at), startMs), endMs);
    if (!a || Number.isNaN(at)) continue;
    close(a.agentId, at);
    state.set(a.agentId, { state: a.state, since: at });
  }
  for (const agentId of state.keys()) close(agentId, endMs);
  return out;
}
