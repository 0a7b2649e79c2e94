/**
 * The AcdStore in memory, for unit tests of the ACD: the same rules as the Lua scripts in
 * src/store/lua/acd-*.lua (each method changes the state in one synchronous step, so it is as
 * atomic as a script), the same events, the same errors. Two instances made on one `MemoryAcdState`
 * are two engines sharing one Redis. Both pass test/contract/acd-store.contract.ts.
 */
import type { AcdStore, Agent, AgentAction, CallEnded, AgentProfile, Consult, LeaveReason, NewQueuedCall, OfferOutcome, QueuedCall } from '../../src/acd/acd-store.js';
import type { AgentStatus } from '../../src/acd/routing.js';
import { EngineError } from '../../src/errors.js';
import type { EventType } from '../../src/events/event-log.js';
import { localDate } from '../../src/shared/schedule.js';
import { MemoryEventLog } from './memory-stores.js';

type MutableCall = { -readonly [K in keyof QueuedCall]: QueuedCall[K] };
type MutableAgent = { -readonly [K in keyof Agent]: Agent[K] };

/** What Redis would hold: agents, PINs, the calls in the ACD, counters, handle times, the event stream. */
export class MemoryAcdState {
  readonly agents = new Map<string, MutableAgent>();
  readonly pins = new Map<string, string>();
  readonly calls = new Map<string, MutableCall>();
  readonly stats = new Map<string, Record<string, number>>();
  readonly handleTimes = new Map<string, number[]>();
  seq = 0;
  constructor(readonly events = new MemoryEventLog()) {}
}

const ALLOWED: Record<AgentAction, readonly AgentStatus[]> = {
  login: ['logged_out'],
  logout: ['available', 'paused', 'wrap_up', 'logged_out'],
  ready: ['paused', 'wrap_up', 'available'],
  pause: ['available', 'paused', 'wrap_up'],
  wrapup_done: ['wrap_up'],
};

const clone = <T>(value: T): T => structuredClone(value);

export class MemoryAcdStore implements AcdStore {
  constructor(readonly state = new MemoryAcdState()) {}

  private emit(type: EventType, callId: string, at: Date, data: Record<string, unknown>): void {
    // Synchronous, like the XADD inside a script: the events keep the order of the changes.
    void this.state.events.append({ type, ...(callId ? { callId } : {}), at, data });
  }

  private count(queueId: string, at: Date, counter: string, by = 1): void {
    const key = `${queueId}:${localDate(at)}`;
    const stats = this.state.stats.get(key) ?? {};
    stats[counter] = (stats[counter] ?? 0) + by;
    this.state.stats.set(key, stats);
  }

  private waitingIn(queueId: string): MutableCall[] {
    return [...this.state.calls.values()].filter((c) => c.queueId === queueId && c.status !== 'connected').sort((x, y) => x.enteredAt - y.enteredAt);
  }

  saveAgent(p: AgentProfile, actor: string, at: Date): Promise<{ created: boolean }> {
    const before = this.state.agents.get(p.id);
    const now = at.getTime();
    const state = before ?? { status: 'logged_out' as AgentStatus, since: now, availableSince: now, occupiedSeconds: 0, reason: '', callId: '' };
    this.state.agents.set(p.id, { ...state, id: p.id, name: p.name, endpoint: p.endpoint, skills: clone(p.skills), queues: [...p.queues] });
    const change: Record<string, unknown> = { agentId: p.id, by: actor, created: before === undefined };
    if (before?.name !== p.name) change.name = p.name;
    if (before?.endpoint !== p.endpoint) change.endpoint = p.endpoint;
    if (JSON.stringify(before?.skills) !== JSON.stringify(p.skills)) change.skills = clone(p.skills);
    if (JSON.stringify(before?.queues) !== JSON.stringify(p.queues)) change.queues = [...p.queues];
    this.emit('agent.saved', '', at, change);
    return Promise.resolve({ created: before === undefined });
  }

  removeAgent(agentId: string, actor: string, at: Date): Promise<void> {
    const a = this.state.agents.get(agentId);
    if (!a) return Promise.reject(new EngineError('ACD.NO_SUCH_AGENT', `agent ${agentId} does not exist`));
    if (a.status !== 'logged_out') return Promise.reject(new EngineError('ACD.AGENT_LOGGED_IN', `agent ${agentId} is ${a.status}; log them out first`));
    this.state.agents.delete(agentId);
    this.state.pins.delete(agentId);
    this.emit('agent.removed', '', at, { agentId, by: actor });
    return Promise.resolve();
  }

  setPinHash(agentId: string, pinHash: string, actor: string, at: Date): Promise<void> {
    if (!this.state.agents.has(agentId)) return Promise.reject(new EngineError('ACD.NO_SUCH_AGENT', `agent ${agentId} does not exist`));
    this.state.pins.set(agentId, pinHash);
    this.emit('agent.pin_set', '', at, { agentId, by: actor });
    return Promise.resolve();
  }

  agentAction(agentId: string, action: AgentAction, reason: string, actor: string, at: Date): Promise<AgentStatus> {
    const a = this.state.agents.get(agentId);
    if (!a) return Promise.reject(new EngineError('ACD.NO_SUCH_AGENT', `agent ${agentId} does not exist`));
    if (!ALLOWED[action].includes(a.status)) return Promise.reject(new EngineError('ACD.BAD_TRANSITION', `agent ${agentId} cannot ${action} while ${a.status}`));
    const after: AgentStatus = action === 'logout' ? 'logged_out' : action === 'pause' ? 'paused' : 'available';
    if (after === a.status && action !== 'pause') return Promise.resolve(after);
    const from = a.status;
    const now = at.getTime();
    Object.assign(a, { status: after, since: now, reason: after === 'paused' ? reason : '', callId: '' });
    delete a.wrapUntil;
    if (after === 'available') a.availableSince = now;
    this.emit('agent.state', '', at, { agentId, from, to: after, action, reason, by: actor });
    return Promise.resolve(after);
  }

  agent(agentId: string): Promise<Agent | undefined> {
    const a = this.state.agents.get(agentId);
    return Promise.resolve(a && clone(a));
  }

  agents(): Promise<Agent[]> {
    return Promise.resolve([...this.state.agents.values()].map(clone).sort((x, y) => (x.id < y.id ? -1 : 1)));
  }

  enqueue(c: NewQueuedCall, maxLength: number, at: Date): Promise<{ seq: number; length: number }> {
    if (this.state.calls.has(c.callId)) return Promise.reject(new EngineError('ACD.ALREADY_QUEUED', `call ${c.callId} is already in a queue`));
    const length = this.waitingIn(c.queueId).length;
    if (length >= maxLength) return Promise.reject(new EngineError('ACD.QUEUE_FULL', `queue ${c.queueId} has ${length} callers`));
    const seq = ++this.state.seq;
    // A callback entered as one carries its id in its data (as the Redis store reads it).
    this.state.calls.set(c.callId, { ...clone(c), seq, status: 'waiting', ...(c.data.callback ? { callback: c.data.callback } : {}) });
    this.count(c.queueId, at, 'entered');
    this.emit('acd.enter', c.callId, at, { queue: c.queueId, priority: c.priority, length: length + 1 });
    return Promise.resolve({ seq, length: length + 1 });
  }

  claim(agentId: string, callId: string, why: unknown, _engine: string, at: Date): Promise<boolean> {
    const a = this.state.agents.get(agentId);
    const c = this.state.calls.get(callId);
    if (a?.status !== 'available' || c?.status !== 'waiting') return Promise.resolve(false);
    Object.assign(a, { status: 'reserved', callId, since: at.getTime(), reason: '' });
    Object.assign(c, { status: 'offered', agentId });
    delete c.legChannelId;
    this.emit('acd.offer', callId, at, { agentId, queue: c.queueId, why: clone(why) });
    return Promise.resolve(true);
  }

  setOfferLeg(callId: string, legChannelId: string): Promise<void> {
    const c = this.state.calls.get(callId);
    if (c) c.legChannelId = legChannelId;
    return Promise.resolve();
  }

  setCallChannel(callId: string, channelId: string): Promise<void> {
    const c = this.state.calls.get(callId);
    if (c) c.channelId = channelId;
    return Promise.resolve();
  }

  setConsult(callId: string, consult: Consult | undefined): Promise<void> {
    const c = this.state.calls.get(callId);
    if (c && consult) c.consult = clone(consult);
    else if (c) delete c.consult;
    return Promise.resolve();
  }

  offerEnd(agentId: string, callId: string, outcome: OfferOutcome, agentStatus: 'available' | 'paused', reason: string, at: Date): Promise<boolean> {
    const a = this.state.agents.get(agentId);
    const c = this.state.calls.get(callId);
    let open = false;
    if (a?.status === 'reserved' && a.callId === callId) {
      open = true;
      Object.assign(a, { status: agentStatus, callId: '', since: at.getTime(), reason });
      if (agentStatus === 'available') a.availableSince = at.getTime();
    }
    if (c?.status === 'offered' && c.agentId === agentId) {
      open = true;
      c.status = 'waiting';
      delete c.agentId;
      delete c.legChannelId;
    }
    if (open) this.emit(outcome === 'no_answer' || outcome === 'failed' ? 'acd.no_answer' : 'acd.offer_cancelled', callId, at, { agentId, outcome, agentStatus, reason });
    return Promise.resolve(open);
  }

  connect(agentId: string, callId: string, queueId: string, legChannelId: string, bridgeId: string, at: Date, serviceLevelSeconds = 60): Promise<number | undefined> {
    const a = this.state.agents.get(agentId);
    const c = this.state.calls.get(callId);
    if (a?.status !== 'reserved' || a.callId !== callId || c?.status !== 'offered' || c.agentId !== agentId) return Promise.resolve(undefined);
    const now = at.getTime();
    const waited = now - c.enteredAt;
    Object.assign(a, { status: 'on_call', since: now });
    Object.assign(c, { status: 'connected', legChannelId, bridgeId, connectedAt: now });
    this.count(queueId, at, 'answered');
    this.count(queueId, at, 'waitMs', waited);
    if (waited <= serviceLevelSeconds * 1000) this.count(queueId, at, 'answeredInSl');
    this.emit('acd.answer', callId, at, { agentId, queue: c.queueId, waitedMs: waited });
    return Promise.resolve(waited);
  }

  callEnd(agentId: string, callId: string, queueId: string, wrapUpSeconds: number, endedBy: 'caller' | 'agent' | 'asterisk', at: Date): Promise<CallEnded | undefined> {
    const c = this.state.calls.get(callId);
    if (c?.status !== 'connected') return Promise.resolve(undefined);
    const now = at.getTime();
    const talk = Math.floor((now - (c.connectedAt ?? now)) / 1000 + 0.5);
    const a = this.state.agents.get(agentId);
    if (a?.status === 'on_call' && a.callId === callId) {
      a.occupiedSeconds += talk;
      if (wrapUpSeconds > 0) Object.assign(a, { status: 'wrap_up', since: now, wrapUntil: now + wrapUpSeconds * 1000 });
      else Object.assign(a, { status: 'available', since: now, availableSince: now, callId: '' });
    }
    this.state.calls.delete(callId);
    this.count(queueId, at, 'handled');
    this.count(queueId, at, 'talkSeconds', talk);
    this.state.handleTimes.set(queueId, [talk + wrapUpSeconds, ...(this.state.handleTimes.get(queueId) ?? [])].slice(0, 50));
    this.emit('acd.call_ended', callId, at, { agentId, queue: c.queueId, talkSeconds: talk, endedBy, wrapUpSeconds });
    return Promise.resolve({ talkSeconds: talk, agent: a && clone(a) });
  }

  leave(callId: string, queueId: string, reason: LeaveReason, at: Date): Promise<number | undefined> {
    const c = this.state.calls.get(callId);
    if (!c) return Promise.resolve(undefined);
    const waited = at.getTime() - c.enteredAt;
    this.state.calls.delete(callId);
    const counter = { abandoned: 'abandoned', timeout: 'timedOut', callback_unreachable: 'callbacksUnreachable', callback_cancelled: 'callbacksCancelled' }[reason as string] ?? 'lost';
    this.count(queueId, at, counter);
    this.emit(reason === 'abandoned' ? 'acd.abandon' : 'acd.leave', callId, at, { queue: c.queueId, reason, waitedMs: waited });
    return Promise.resolve(waited);
  }

  queuedCalls(): Promise<QueuedCall[]> {
    return Promise.resolve([...this.state.calls.values()].sort((x, y) => x.enteredAt - y.enteredAt).map(clone));
  }

  queuedCall(callId: string): Promise<QueuedCall | undefined> {
    const c = this.state.calls.get(callId);
    return Promise.resolve(c && clone(c));
  }

  queuesNow(queueIds: readonly string[], day: string): Promise<Map<string, { waiting: number; oldestEnteredAt: number | undefined; counters: Record<string, number> }>> {
    return Promise.resolve(
      new Map(
        queueIds.map((q) => {
          const waiting = this.waitingIn(q);
          return [q, { waiting: waiting.length, oldestEnteredAt: waiting[0]?.enteredAt, counters: { ...(this.state.stats.get(`${q}:${day}`) ?? {}) } }];
        }),
      ),
    );
  }

  handleTimes(queueId: string): Promise<number[]> {
    return Promise.resolve([...(this.state.handleTimes.get(queueId) ?? [])]);
  }
}
