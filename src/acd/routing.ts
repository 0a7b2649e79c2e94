/**
 * The routing core: which free agent takes a call, which waiting call a freed agent takes.
 * Pure and synchronous: the engine keeps one RoutingState in memory (the hot path), applies to it
 * the changes Redis has confirmed, and asks it for decisions; time is always an argument.
 *
 * Rules
 * - An agent is eligible for a call when they are a member of the call's queue and meet its
 *   required skills (each at its minimum level). Timed relaxation, by how long the call has
 *   waited: a lower level, alternative skills, then overflow (members of another queue who meet
 *   that queue's skills may take it). Relaxation only ever widens, so an agent not eligible for
 *   a call is not eligible for any call of the same queue that has waited less.
 * - Call → agent: among eligible available agents, by the queue's strategy (longest idle, best
 *   proficiency on the required skills, least occupied), ties by longest idle, then agent id.
 * - Agent → call: highest priority (queue priority + call priority), then longest waiting, across
 *   every queue the agent serves (FIFO across queues: none starves at equal priority); a call
 *   keeps its original entry time when it overflows or comes back after a no-answer.
 * - Every decision carries a "why": the rule, the winner's value and the runners-up.
 */
import type { QueueDefinition, SkillRequirement } from './queue-config.js';

export type AgentStatus = 'logged_out' | 'available' | 'reserved' | 'on_call' | 'wrap_up' | 'paused';

export interface RoutingAgent {
  readonly id: string;
  /** Skill id → proficiency 1–5. */
  readonly skills: ReadonlyMap<string, number>;
  readonly queues: readonly string[];
  readonly status: AgentStatus;
  /** Epoch ms since the agent has been available (longest idle). */
  readonly availableSince: number;
  /** Seconds on calls today (least occupied). */
  readonly occupiedSeconds: number;
}

export interface RoutingCall {
  readonly callId: string;
  readonly queueId: string;
  /** 0–9 from the flow's queue step. */
  readonly priority: number;
  /** Epoch ms the caller entered the queue; kept on overflow and after a no-answer. */
  readonly enteredAt: number;
  /** Tie-break for calls entering in the same millisecond. */
  readonly seq: number;
  /** The booking id of a callback waiting for its turn (no caller on the line): admitted only within its share. */
  readonly callback?: string;
}

export type RoutingQueue = Pick<QueueDefinition, 'skills' | 'priority' | 'strategy' | 'relaxation'>;

/** A set of agents a call may go to at a given wait: members of `queueId` meeting one of `requirements`. */
interface Target {
  readonly queueId: string;
  /** Alternatives: the agent must meet every requirement of at least one of them. */
  readonly requirements: readonly (readonly SkillRequirement[])[];
  /** What widened the call to this target ('base' when nothing). */
  readonly step: string;
}

export interface Runner {
  readonly id: string;
  readonly value: number;
}

export interface AgentChoice {
  readonly agentId: string;
  readonly why: {
    readonly rule: string;
    readonly queueId: string;
    readonly step: string;
    readonly value: number;
    readonly eligible: number;
    readonly over: readonly Runner[];
  };
}

export interface CallChoice {
  readonly callId: string;
  readonly why: {
    readonly rule: 'priority-then-longest-wait';
    readonly queueId: string;
    readonly priority: number;
    readonly waitedMs: number;
    readonly over: readonly { readonly callId: string; readonly queueId: string; readonly priority: number; readonly waitedMs: number }[];
  };
}

const RUNNERS_UP = 3;

/** The targets of a call of queue `queueId` that has waited `waitedMs` (pure). */
export function targetsFor(queues: ReadonlyMap<string, RoutingQueue>, queueId: string, waitedMs: number): Target[] {
  const q = queues.get(queueId);
  if (!q) return [];
  let minLevel: number | undefined;
  const alternatives: SkillRequirement[][] = [];
  const overflows: string[] = [];
  const steps: string[] = [];
  for (const s of q.relaxation) {
    if (s.afterSeconds * 1000 > waitedMs) break;
    if (s.level !== undefined) minLevel = minLevel === undefined ? s.level : Math.min(minLevel, s.level);
    if (s.skills) alternatives.push(s.skills);
    if (s.overflowTo !== undefined) overflows.push(s.overflowTo);
    steps.push(`after ${s.afterSeconds}s`);
  }
  const base = q.skills.map((r) => (minLevel === undefined ? r : { skill: r.skill, level: Math.min(r.level, minLevel) }));
  const step = steps.length === 0 ? 'base' : `relaxed ${steps.join(', ')}`;
  const targets: Target[] = [{ queueId, requirements: [base, ...alternatives], step }];
  for (const o of overflows) {
    const other = queues.get(o);
    if (other) targets.push({ queueId: o, requirements: [other.skills], step: `overflow to ${o}` });
  }
  return targets;
}

/** Epoch ms of the next relaxation step of a call, or undefined when none is left. */
export function nextRelaxationAt(queues: ReadonlyMap<string, RoutingQueue>, call: RoutingCall, now: number): number | undefined {
  for (const s of queues.get(call.queueId)?.relaxation ?? []) {
    const at = call.enteredAt + s.afterSeconds * 1000;
    if (at > now) return at;
  }
  return undefined;
}

function meets(agent: RoutingAgent, reqs: readonly SkillRequirement[]): boolean {
  for (const r of reqs) if ((agent.skills.get(r.skill) ?? 0) < r.level) return false;
  return true;
}

function meetsAny(agent: RoutingAgent, alternatives: readonly (readonly SkillRequirement[])[]): readonly SkillRequirement[] | undefined {
  for (const reqs of alternatives) if (meets(agent, reqs)) return reqs;
  return undefined;
}

/** True if the agent may take this call now (membership and skills, with relaxation). */
export function isEligible(queues: ReadonlyMap<string, RoutingQueue>, agent: RoutingAgent, call: RoutingCall, now: number): boolean {
  for (const t of targetsFor(queues, call.queueId, now - call.enteredAt)) {
    if (agent.queues.includes(t.queueId) && meetsAny(agent, t.requirements)) return true;
  }
  return false;
}

/** Lower is better; the strategy's value for one agent. */
function strategyValue(strategy: RoutingQueue['strategy'], agent: RoutingAgent, matched: readonly SkillRequirement[]): number {
  switch (strategy) {
    case 'best-proficiency':
      // Negated sum of levels on the required skills: higher proficiency sorts first.
      return -matched.reduce((sum, r) => sum + (agent.skills.get(r.skill) ?? 0), 0);
    case 'least-occupied':
      return agent.occupiedSeconds;
    case 'longest-idle':
    default:
      return agent.availableSince;
  }
}

function compareCalls(queues: ReadonlyMap<string, RoutingQueue>, a: RoutingCall, b: RoutingCall): number {
  const pa = effectivePriority(queues, a);
  const pb = effectivePriority(queues, b);
  if (pa !== pb) return pb - pa;
  if (a.enteredAt !== b.enteredAt) return a.enteredAt - b.enteredAt;
  return a.seq - b.seq;
}

function effectivePriority(queues: ReadonlyMap<string, RoutingQueue>, c: RoutingCall): number {
  return (queues.get(c.queueId)?.priority ?? 0) + c.priority;
}

/** Insertion point in an array sorted by (enteredAt, seq). */
function bisect(list: readonly RoutingCall[], c: RoutingCall): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = list[mid] as RoutingCall;
    if (m.enteredAt < c.enteredAt || (m.enteredAt === c.enteredAt && m.seq < c.seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The in-memory picture the decisions read: queues, agents, waiting calls, indexed for the hot
 * path (waiting calls per queue and priority in arrival order; available agents per queue).
 */
export class RoutingState {
  private queueDefs: ReadonlyMap<string, RoutingQueue> = new Map();
  /** Queue → queues whose calls may overflow into it. */
  private overflowSources = new Map<string, string[]>();
  private readonly agents = new Map<string, RoutingAgent>();
  private readonly calls = new Map<string, RoutingCall>();
  /** Queue → priority → calls in (enteredAt, seq) order. */
  private readonly waiting = new Map<string, Map<number, RoutingCall[]>>();
  /** Queue → ids of its available members. */
  private readonly available = new Map<string, Set<string>>();

  constructor(queues: ReadonlyMap<string, RoutingQueue> = new Map()) {
    this.setQueues(queues);
  }

  get queues(): ReadonlyMap<string, RoutingQueue> {
    return this.queueDefs;
  }

  setQueues(queues: ReadonlyMap<string, RoutingQueue>): void {
    this.queueDefs = queues;
    this.overflowSources = new Map();
    for (const [id, q] of queues) {
      for (const s of q.relaxation) {
        if (s.overflowTo === undefined) continue;
        const list = this.overflowSources.get(s.overflowTo) ?? [];
        if (!list.includes(id)) list.push(id);
        this.overflowSources.set(s.overflowTo, list);
      }
    }
  }

  agent(id: string): RoutingAgent | undefined {
    return this.agents.get(id);
  }

  call(id: string): RoutingCall | undefined {
    return this.calls.get(id);
  }

  allAgents(): IterableIterator<RoutingAgent> {
    return this.agents.values();
  }

  allCalls(): IterableIterator<RoutingCall> {
    return this.calls.values();
  }

  /** Adds or replaces an agent (profile or state changed). */
  upsertAgent(agent: RoutingAgent): void {
    this.removeAgent(agent.id);
    this.agents.set(agent.id, agent);
    if (agent.status !== 'available') return;
    for (const q of agent.queues) {
      let set = this.available.get(q);
      if (!set) this.available.set(q, (set = new Set()));
      set.add(agent.id);
    }
  }

  removeAgent(id: string): void {
    const old = this.agents.get(id);
    if (!old) return;
    for (const q of old.queues) this.available.get(q)?.delete(id);
    this.agents.delete(id);
  }

  /** Adds a waiting call (or puts it back, keeping its place by its entry time). */
  addCall(call: RoutingCall): void {
    this.removeCall(call.callId);
    this.calls.set(call.callId, call);
    let byPriority = this.waiting.get(call.queueId);
    if (!byPriority) this.waiting.set(call.queueId, (byPriority = new Map<number, RoutingCall[]>()));
    let list = byPriority.get(call.priority);
    if (!list) byPriority.set(call.priority, (list = []));
    list.splice(bisect(list, call), 0, call);
  }

  removeCall(callId: string): RoutingCall | undefined {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    this.calls.delete(callId);
    const list = this.waiting.get(call.queueId)?.get(call.priority);
    if (list) {
      const i = bisect(list, call);
      if (list[i]?.callId === callId) list.splice(i, 1);
    }
    return call;
  }

  /** Waiting calls in a queue (its own, not overflowed ones). */
  waitingIn(queueId: string): number {
    let n = 0;
    for (const list of this.waiting.get(queueId)?.values() ?? []) n += list.length;
    return n;
  }

  /** Live callers (not callbacks) waiting in a queue. */
  liveWaitingIn(queueId: string): number {
    let n = 0;
    for (const list of this.waiting.get(queueId)?.values() ?? []) for (const c of list) if (c.callback === undefined) n++;
    return n;
  }

  /** 1-based position of a call among the calls of its queue that would be served before it. */
  position(callId: string): number | undefined {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    let ahead = 0;
    for (const [priority, list] of this.waiting.get(call.queueId) ?? []) {
      if (priority > call.priority) ahead += list.length;
      else if (priority === call.priority) ahead += bisect(list, call);
    }
    return ahead + 1;
  }

  /** The position a new caller with this priority would take in a queue now: behind everyone at their priority or higher. */
  positionForNew(queueId: string, priority: number): number {
    let ahead = 0;
    for (const [p, list] of this.waiting.get(queueId) ?? []) if (p >= priority) ahead += list.length;
    return ahead + 1;
  }

  /** The free agent who should take this call now, or undefined. */
  chooseAgent(callId: string, now: number): AgentChoice | undefined {
    const call = this.calls.get(callId);
    const queue = call && this.queueDefs.get(call.queueId);
    if (!call || !queue) return undefined;
    const ranked: { agent: RoutingAgent; value: number; queueId: string; step: string }[] = [];
    const seen = new Set<string>();
    for (const t of targetsFor(this.queueDefs, call.queueId, now - call.enteredAt)) {
      for (const id of this.available.get(t.queueId) ?? []) {
        if (seen.has(id)) continue;
        const agent = this.agents.get(id) as RoutingAgent;
        const matched = meetsAny(agent, t.requirements);
        if (!matched) continue;
        seen.add(id);
        ranked.push({ agent, value: strategyValue(queue.strategy, agent, matched), queueId: t.queueId, step: t.step });
      }
    }
    if (ranked.length === 0) return undefined;
    ranked.sort((a, b) => a.value - b.value || a.agent.availableSince - b.agent.availableSince || (a.agent.id < b.agent.id ? -1 : 1));
    const best = ranked[0] as (typeof ranked)[number];
    return {
      agentId: best.agent.id,
      why: {
        rule: queue.strategy,
        queueId: best.queueId,
        step: best.step,
        value: best.value,
        eligible: ranked.length,
        over: ranked.slice(1, 1 + RUNNERS_UP).map((r) => ({ id: r.agent.id, value: r.value })),
      },
    };
  }

  /**
   * The waiting call a (free) agent should take now, or undefined. With `skipCallbacks` the
   * callbacks waiting are passed over (they have used their share of the agents): the agent takes
   * the first live caller instead, and the callbacks keep their places.
   */
  chooseCall(agentId: string, now: number, skipCallbacks = false): CallChoice | undefined {
    const agent = this.agents.get(agentId);
    if (!agent) return undefined;
    const candidateQueues = new Set<string>();
    for (const q of agent.queues) {
      candidateQueues.add(q);
      for (const s of this.overflowSources.get(q) ?? []) candidateQueues.add(s);
    }
    const heads: RoutingCall[] = [];
    for (const q of candidateQueues) {
      const byPriority = this.waiting.get(q);
      if (!byPriority) continue;
      const priorities = [...byPriority.keys()].sort((a, b) => b - a);
      for (const p of priorities) {
        // The head of a priority group has waited longest, so it is the most relaxed: if the
        // agent cannot take it, they can take none of the group.
        const list = byPriority.get(p) ?? [];
        const head = skipCallbacks ? list.find((c) => c.callback === undefined) : list[0];
        if (head && isEligible(this.queueDefs, agent, head, now)) {
          heads.push(head);
          break;
        }
      }
    }
    if (heads.length === 0) return undefined;
    heads.sort((a, b) => compareCalls(this.queueDefs, a, b));
    const best = heads[0] as RoutingCall;
    const describe = (c: RoutingCall) => ({ callId: c.callId, queueId: c.queueId, priority: effectivePriority(this.queueDefs, c), waitedMs: now - c.enteredAt });
    return {
      callId: best.callId,
      why: { rule: 'priority-then-longest-wait', ...describe(best), over: heads.slice(1, 1 + RUNNERS_UP).map(describe) },
    };
  }
}
