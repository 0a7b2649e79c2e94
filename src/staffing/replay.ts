/**
 * What-if replay (#24), pure: a day of calls in simulated time through the **same routing core
 * as production** (acd/routing.ts: skills, relaxation, overflow, priorities, strategies), with
 * simulated agents following a staffing plan and callers with patience. No clock, no timers: a
 * queue of events in time order.
 *
 * - A caller arrives, takes the free agent the core chooses, or waits; they hang up when their
 *   patience runs out. With `callbacks`, a caller still waiting after `afterSeconds` asks to be
 *   called back with probability `take` (drawn once per call, by the call's own number): they
 *   keep their place and no longer hang up; the agent who takes them calls back (counted apart).
 *   As in production, callbacks hold at most `share` of the agents on duty: beyond it a free
 *   agent takes the first live caller and the callbacks keep their places.
 * - An agent talks for the call's handle time (talk and wrap-up together: `handleSeconds`),
 *   then takes the call the core chooses. The plan says how many agents of each group are on
 *   duty in each half hour; one going off duty finishes the call in hand.
 * - Relaxation widens who may take a waiting call as it waits: each step is an event too.
 *
 * Figures per half hour of arrival: offered, answered, abandoned, callbacks, answered within the
 * threshold, the mean wait of the answered (ASA); and the agent-hours on duty.
 */
import { RoutingState, type RoutingAgent, type RoutingQueue, nextRelaxationAt } from '../acd/index.js';
import { mayDialCallback } from '../callbacks/index.js';
import { SLOTS } from './forecast.js';

export interface ReplayCall {
  readonly id: string;
  readonly queueId: string;
  /** Ms from the day's midnight. */
  readonly arrivalMs: number;
  readonly priority: number;
  /** Talk and wrap-up: how long the agent is taken. */
  readonly handleSeconds: number;
  /** How long this caller would wait before hanging up (Infinity: never). */
  readonly patienceSeconds: number;
  /** 0..1, drawn once: the caller takes a callback offer when this is below `callbacks.take`. */
  readonly callbackDraw?: number;
}

/** A group of identical agents (one profile) and how many are on duty in each half hour. */
export interface ReplayStaff {
  readonly group: string;
  readonly skills: ReadonlyMap<string, number>;
  readonly queues: readonly string[];
  /** 48 numbers: agents of this group on duty in each half hour. */
  readonly onDuty: readonly number[];
}

export interface ReplayOptions {
  readonly queues: ReadonlyMap<string, RoutingQueue>;
  /** The service level's threshold (seconds). */
  readonly slSeconds: number;
  /** `share`: as in production (callbacks/dialling-rules.ts), while live callers wait callbacks hold at most this share of the agents (default 0.3, never none). */
  readonly callbacks?: { readonly afterSeconds: number; readonly take: number; readonly share?: number };
}

export interface ReplaySlot {
  readonly slot: number;
  offered: number;
  answered: number;
  abandoned: number;
  callbacks: number;
  answeredWithinSl: number;
  waitedSeconds: number;
  agentsOnDuty: number;
}

export interface ReplayResult {
  readonly slots: ReplaySlot[];
  readonly total: { offered: number; answered: number; abandoned: number; callbacks: number; answeredRate: number; serviceLevel: number; asaSeconds: number; agentHours: number };
}

const SLOT_MS = 1_800_000;

type NewEvent =
  | { readonly at: number; readonly kind: 'arrive'; readonly call: ReplayCall }
  | { readonly at: number; readonly kind: 'patience'; readonly call: ReplayCall }
  | { readonly at: number; readonly kind: 'relax'; readonly call: ReplayCall }
  | { readonly at: number; readonly kind: 'callback'; readonly call: ReplayCall }
  | { readonly at: number; readonly kind: 'done'; readonly agentId: string }
  | { readonly at: number; readonly kind: 'shift'; readonly slot: number };
type Event = NewEvent & { readonly seq: number };

/** A binary heap of events by time, then by the order they were scheduled. */
class Events {
  private readonly heap: Event[] = [];
  private seq = 0;
  push(e: NewEvent): void {
    const h = this.heap;
    h.push({ ...e, seq: this.seq++ });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i] as Event, h[p] as Event)) break;
      [h[i], h[p]] = [h[p] as Event, h[i] as Event];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as Event, h[m] as Event)) m = l;
        if (r < h.length && before(h[r] as Event, h[m] as Event)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Event, h[i] as Event];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export function replay(calls: readonly ReplayCall[], staff: readonly ReplayStaff[], o: ReplayOptions): ReplayResult {
  const state = new RoutingState(o.queues);
  const events = new Events();
  const slots: ReplaySlot[] = Array.from({ length: SLOTS }, (_, slot) => ({ slot, offered: 0, answered: 0, abandoned: 0, callbacks: 0, answeredWithinSl: 0, waitedSeconds: 0, agentsOnDuty: 0 }));
  const slotOf = (ms: number) => Math.min(SLOTS - 1, Math.max(0, Math.floor(ms / SLOT_MS)));
  const byId = new Map(calls.map((c) => [c.id, c]));
  /** Agents by id: their profile, whether on duty, and whether on a call. */
  const agents = new Map<string, { profile: ReplayStaff; onDuty: boolean; busy: boolean; occupiedMs: number }>();
  const chosenCallback = new Set<string>();
  /** Per queue, callbacks being handled now (their share of the agents is limited). */
  const callbacksInHand = new Map<string, number>();
  let seq = 0;

  const setAgent = (id: string, status: RoutingAgent['status'], now: number) => {
    const a = agents.get(id);
    if (!a) return;
    state.upsertAgent({ id, skills: a.profile.skills, queues: a.profile.queues, status, availableSince: now, occupiedSeconds: a.occupiedMs / 1000 });
  };
  const serve = (callId: string, agentId: string, now: number) => {
    const call = byId.get(callId) as ReplayCall;
    state.removeCall(callId);
    const a = agents.get(agentId);
    if (!a) return;
    a.busy = true;
    a.occupiedMs += call.handleSeconds * 1000;
    setAgent(agentId, 'on_call', now);
    const s = slots[slotOf(call.arrivalMs)] as ReplaySlot;
    const waited = (now - call.arrivalMs) / 1000;
    if (chosenCallback.has(callId)) {
      s.callbacks++;
      callbacksInHand.set(call.queueId, (callbacksInHand.get(call.queueId) ?? 0) + 1);
      inHand.set(agentId, call.queueId);
    } else {
      s.answered++;
      s.waitedSeconds += waited;
      if (waited <= o.slSeconds) s.answeredWithinSl++;
    }
    events.push({ at: now + call.handleSeconds * 1000, kind: 'done', agentId });
  };
  /** Agents handling a callback now, and its queue. */
  const inHand = new Map<string, string>();
  /** Production's admission rule (callbacks/dialling-rules.ts), for the replay's queue. */
  const admits = (queueId: string) =>
    mayDialCallback({
      freeAgents: 1,
      callbacksInFlight: callbacksInHand.get(queueId) ?? 0,
      liveWaiting: state.liveWaitingIn(queueId),
      callbackShare: o.callbacks?.share ?? 0.3,
      servingAgents: [...agents.values()].filter((a) => a.onDuty && a.profile.queues.includes(queueId)).length,
    });
  /** A free agent takes the call the core chooses, if any (a callback only within the callbacks' share). */
  const takeNext = (agentId: string, now: number) => {
    let choice = state.chooseCall(agentId, now);
    if (choice && chosenCallback.has(choice.callId) && !admits(choice.why.queueId)) choice = state.chooseCall(agentId, now, true);
    if (choice) serve(choice.callId, agentId, now);
  };
  const scheduleRelax = (call: ReplayCall, now: number) => {
    const at = nextRelaxationAt(o.queues, { callId: call.id, queueId: call.queueId, priority: call.priority, enteredAt: call.arrivalMs, seq: 0 }, now);
    if (at !== undefined) events.push({ at, kind: 'relax', call });
  };

  for (const c of calls) events.push({ at: c.arrivalMs, kind: 'arrive', call: c });
  for (let slot = 0; slot < SLOTS; slot++) events.push({ at: slot * SLOT_MS, kind: 'shift', slot });

  for (let e = events.pop(); e; e = events.pop()) {
    const now = e.at;
    if (e.kind === 'shift') {
      for (const group of staff) {
        const wanted = group.onDuty[e.slot] ?? 0;
        for (let i = 0; ; i++) {
          const id = `${group.group}-${i + 1}`;
          let a = agents.get(id);
          if (i >= wanted && !a) break;
          if (!a) agents.set(id, (a = { profile: group, onDuty: false, busy: false, occupiedMs: 0 }));
          const on = i < wanted;
          if (on === a.onDuty) continue;
          a.onDuty = on;
          if (a.busy) continue; // on: already working; off: finishes the call in hand first
          if (on) {
            setAgent(id, 'available', now);
            takeNext(id, now);
          } else state.removeAgent(id);
        }
      }
      (slots[e.slot] as ReplaySlot).agentsOnDuty = [...agents.values()].filter((a) => a.onDuty).length;
    } else if (e.kind === 'arrive') {
      const call = e.call;
      (slots[slotOf(call.arrivalMs)] as ReplaySlot).offered++;
      state.addCall({ callId: call.id, queueId: call.queueId, priority: call.priority, enteredAt: call.arrivalMs, seq: seq++ });
      const agent = state.chooseAgent(call.id, now);
      if (agent) serve(call.id, agent.agentId, now);
      else {
        if (Number.isFinite(call.patienceSeconds)) events.push({ at: now + call.patienceSeconds * 1000, kind: 'patience', call });
        if (o.callbacks && (call.callbackDraw ?? 1) < o.callbacks.take) events.push({ at: now + o.callbacks.afterSeconds * 1000, kind: 'callback', call });
        scheduleRelax(call, now);
      }
    } else if (e.kind === 'patience') {
      if (state.call(e.call.id) && !chosenCallback.has(e.call.id)) {
        state.removeCall(e.call.id);
        (slots[slotOf(e.call.arrivalMs)] as ReplaySlot).abandoned++;
      }
    } else if (e.kind === 'callback') {
      // Still waiting (and patient so far): they keep their place as a callback.
      const waiting = state.call(e.call.id);
      if (waiting) {
        chosenCallback.add(e.call.id);
        state.addCall({ ...waiting, callback: e.call.id });
      }
    } else if (e.kind === 'relax') {
      const call = state.call(e.call.id);
      if (!call) continue;
      const agent = state.chooseAgent(call.callId, now);
      if (agent) serve(call.callId, agent.agentId, now);
      else scheduleRelax(e.call, now);
    } else {
      const a = agents.get(e.agentId);
      if (!a) continue;
      a.busy = false;
      const cbQueue = inHand.get(e.agentId);
      if (cbQueue !== undefined) {
        inHand.delete(e.agentId);
        callbacksInHand.set(cbQueue, (callbacksInHand.get(cbQueue) ?? 1) - 1);
      }
      if (!a.onDuty) {
        state.removeAgent(e.agentId);
        continue;
      }
      setAgent(e.agentId, 'available', now);
      takeNext(e.agentId, now);
    }
  }

  const t = slots.reduce((acc, s) => ({ offered: acc.offered + s.offered, answered: acc.answered + s.answered, abandoned: acc.abandoned + s.abandoned, callbacks: acc.callbacks + s.callbacks, within: acc.within + s.answeredWithinSl, waited: acc.waited + s.waitedSeconds, onDuty: acc.onDuty + s.agentsOnDuty }), { offered: 0, answered: 0, abandoned: 0, callbacks: 0, within: 0, waited: 0, onDuty: 0 });
  return {
    slots,
    total: {
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      callbacks: t.callbacks,
      answeredRate: t.offered > 0 ? (t.answered + t.callbacks) / t.offered : 1,
      serviceLevel: t.offered > 0 ? t.within / t.offered : 1,
      asaSeconds: t.answered > 0 ? t.waited / t.answered : 0,
      agentHours: t.onDuty / 2,
    },
  };
}
