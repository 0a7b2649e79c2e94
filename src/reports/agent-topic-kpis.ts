/**
 * Agent and topic KPIs over call records (#22): pure.
 *
 * Per agent (the conversations they had, by queue visit answered):
 * - handled: conversations; talkSeconds: their total talk; meanTalkSeconds, meanWrapUpSeconds;
 *   meanHoldSeconds: the callers' hold while the agent consulted an extension (an announced
 *   transfer) — part of the talk, which runs from the answer to the end; ahtSeconds =
 *   mean(talk + wrap-up), hold included. A conversation whose end the log has not shown yet is
 *   counted in handled, not in the means.
 * - with their time at work (agent-time.ts): loggedInSeconds, pausedSeconds, and occupancy =
 *   (talk + wrap-up) / (logged in − paused).
 *
 * Per topic (the tags a call carried — the menu's choice, a flow's tag — a call counts once in
 * each of its topics; calls with no topic under "—"):
 * - calls (ended), toOperator (reached a queue), answered (by an agent in any queue), abandoned
 *   (hung up waiting, in any queue; short abandons included: the queue report tells them apart),
 *   callbacks (chose to be called back), selfServed (as the IVR report defines it, ivr-kpis.ts).
 */
import type { AgentTime } from './agent-time.js';
import type { CallRecord } from './call-record.js';
import { isSelfServed } from './ivr-kpis.js';

export interface AgentKpis {
  readonly agentId: string;
  readonly handled: number;
  readonly talkSeconds: number;
  readonly meanTalkSeconds: number | null;
  readonly meanWrapUpSeconds: number | null;
  /** The mean time their callers held (a consultation), part of the talk. */
  readonly meanHoldSeconds: number | null;
  readonly ahtSeconds: number | null;
}

/** An agent's figures with their time at work (agent-time.ts) and occupancy. */
export interface AgentWorkKpis extends AgentKpis {
  readonly loggedInSeconds: number;
  readonly pausedSeconds: number;
  /** (talk + wrap-up) / (logged in − paused); null when they were never available. */
  readonly occupancy: number | null;
}

export interface TopicKpis {
  readonly topic: string;
  readonly calls: number;
  readonly toOperator: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly callbacks: number;
  readonly selfServed: number;
}

export const NO_TOPIC = '—';

const byKey = <T>(m: ReadonlyMap<string, T>): [string, T][] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** An agent's sums (they add up across days: period-figures.ts). */
export interface AgentAcc {
  handled: number;
  ended: number;
  talk: number;
  wrap: number;
  hold: number;
}
/** A topic's sums. */
export type TopicAcc = { -readonly [K in Exclude<keyof TopicKpis, 'topic'>]: TopicKpis[K] };

export function agentKpis(records: readonly CallRecord[]): AgentKpis[] {
  return agentRows(agentAccs(records));
}

export function agentAccs(records: readonly CallRecord[]): Map<string, AgentAcc> {
  const agents = new Map<string, AgentAcc>();
  for (const r of records) {
    for (const v of r.queues) {
      if (v.outcome !== 'answered' || v.agentId === undefined) continue;
      let a = agents.get(v.agentId);
      if (!a) {
        a = { handled: 0, ended: 0, talk: 0, wrap: 0, hold: 0 };
        agents.set(v.agentId, a);
      }
      a.handled++;
      if (v.talkSeconds !== undefined) {
        a.ended++;
        a.talk += v.talkSeconds;
        a.wrap += v.wrapUpSeconds ?? 0;
        a.hold += v.holdSeconds ?? 0;
      }
    }
  }
  return agents;
}

/** Each agent who took calls or was at work: the figures above, their time and occupancy. */
export function agentWorkRows(agents: ReadonlyMap<string, AgentAcc>, times: ReadonlyMap<string, AgentTime>): AgentWorkKpis[] {
  const ids = [...new Set([...agents.keys(), ...times.keys()])].sort();
  const none: AgentAcc = { handled: 0, ended: 0, talk: 0, wrap: 0, hold: 0 };
  return ids.map((agentId) => {
    const [row] = agentRows(new Map([[agentId, agents.get(agentId) ?? none]]));
    const a = agents.get(agentId) ?? none;
    const t = times.get(agentId) ?? { loggedInSeconds: 0, pausedSeconds: 0 };
    const available = t.loggedInSeconds - t.pausedSeconds;
    return { ...(row as AgentKpis), loggedInSeconds: Math.round(t.loggedInSeconds), pausedSeconds: Math.round(t.pausedSeconds), occupancy: available > 0 ? (a.talk + a.wrap) / available : null };
  });
}

export function agentRows(agents: ReadonlyMap<string, AgentAcc>): AgentKpis[] {
  return byKey(agents).map(([agentId, a]) => ({
    agentId,
    handled: a.handled,
    talkSeconds: a.talk,
    meanTalkSeconds: a.ended > 0 ? a.talk / a.ended : null,
    meanWrapUpSeconds: a.ended > 0 ? a.wrap / a.ended : null,
    meanHoldSeconds: a.ended > 0 ? a.hold / a.ended : null,
    ahtSeconds: a.ended > 0 ? (a.talk + a.wrap) / a.ended : null,
  }));
}

export function topicKpis(records: readonly CallRecord[]): TopicKpis[] {
  return topicRows(topicAccs(records));
}

export function topicAccs(records: readonly CallRecord[]): Map<string, TopicAcc> {
  const topics = new Map<string, TopicAcc>();
  for (const r of records) {
    if (!r.complete) continue;
    for (const topic of r.topics.length > 0 ? r.topics : [NO_TOPIC]) {
      let t = topics.get(topic);
      if (!t) {
        t = { calls: 0, toOperator: 0, answered: 0, abandoned: 0, callbacks: 0, selfServed: 0 };
        topics.set(topic, t);
      }
      t.calls++;
      if (r.queues.length > 0) t.toOperator++;
      if (isSelfServed(r)) t.selfServed++;
      if (r.queues.some((v) => v.outcome === 'answered')) t.answered++;
      if (r.queues.some((v) => v.outcome === 'abandoned')) t.abandoned++;
      if (r.queues.some((v) => v.outcome === 'callback')) t.callbacks++;
    }
  }
  return topics;
}

export function topicRows(topics: ReadonlyMap<string, TopicAcc>): TopicKpis[] {
  return byKey(topics).map(([topic, t]) => ({ topic, ...t }));
}
