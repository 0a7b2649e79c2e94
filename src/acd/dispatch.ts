/**
 * The decisions: which agent for a call, which call for an agent, one at a time, each claimed
 * in Redis before the offer starts; calls enter and leave the routing state here, and relax
 * their skills over time.
 */
import { mayDialCallback } from '../callbacks/index.js';
import type { QueuedCall } from './acd-store.js';
import { nextRelaxationAt } from './routing.js';
import { type AcdCore, type Waiter, MAX_CLAIM_ATTEMPTS } from './core.js';

export class Dispatch {
  constructor(private readonly core: AcdCore) {}

  /** Decisions run one at a time, each claimed in Redis before the next is taken. */
  schedule(job: () => Promise<void>): void {
    this.core.chain = this.core.chain.then(job).catch((error: unknown) => this.core.log.error({ err: String(error) }, 'acd.routing_failed'));
  }

  routeCall(callId: string): void {
    this.schedule(async () => {
      for (let i = 0; i < MAX_CLAIM_ATTEMPTS; i++) {
        const waiting = this.core.routing.call(callId);
        if (waiting?.callback !== undefined && !this.admitsCallback(waiting.queueId)) return;
        const choice = this.core.decide(() => this.core.routing.chooseAgent(callId, this.core.nowMs()));
        if (!choice) return;
        if (await this.reserve(choice.agentId, callId, choice.why)) return;
      }
    });
  }

  routeAgent(agentId: string): void {
    this.schedule(async () => {
      for (let i = 0; i < MAX_CLAIM_ATTEMPTS; i++) {
        let choice = this.core.decide(() => this.core.routing.chooseCall(agentId, this.core.nowMs()));
        const chosen = choice && this.core.routing.call(choice.callId);
        // A callback past its share waits: the agent takes the first live caller instead.
        if (chosen?.callback !== undefined && !this.admitsCallback(chosen.queueId)) choice = this.core.routing.chooseCall(agentId, this.core.nowMs(), true);
        if (!choice) return;
        if (await this.reserve(agentId, choice.callId, choice.why)) return;
      }
    });
  }

  async reserve(agentId: string, callId: string, why: unknown): Promise<boolean> {
    const waiter = this.core.waiters.get(callId);
    const callback = waiter ? undefined : this.core.callbackWaiters.get(callId);
    const agent = this.core.routing.agent(agentId);
    if ((!waiter && !callback) || !agent) return false;
    if (!(await this.core.store.claim(agentId, callId, why, this.core.deps.instance, this.core.now()))) {
      // Another engine (or a state change) won: learn the truth and decide again.
      await this.core.rooms.mirror.refreshAgent(agentId, false);
      const q = await this.core.store.queuedCall(callId);
      if (q?.status !== 'waiting') this.core.routing.removeCall(callId);
      return false;
    }
    this.core.routing.removeCall(callId);
    this.core.routing.upsertAgent({ ...agent, status: 'reserved' });
    if (callback) this.countCallback(callback.queued.queueId, 1);
    if (callback) callback.offering = true;
    else this.core.move(waiter as Waiter, 'offer');
    const offer = (callback ? this.core.rooms.callbacks.offerCallback(callback, agent) : this.core.rooms.offer.offer(waiter as Waiter, agent)).finally(() => this.core.inFlight.delete(offer));
    this.core.inFlight.add(offer);
    return true;
  }

  /** Callbacks of a queue may take a free agent: agent first, and within their share while live callers wait. */
  admitsCallback(queueId: string): boolean {
    const def = this.core.config.queues.get(queueId);
    if (!def) return false;
    return mayDialCallback({
      freeAgents: 1,
      callbacksInFlight: this.core.callbacksInFlight.get(queueId) ?? 0,
      liveWaiting: this.core.routing.liveWaitingIn(queueId),
      callbackShare: def.callbacks.share,
      servingAgents: this.core.rooms.mirror.agentsServing(queueId),
    });
  }

  countCallback(queueId: string, delta: number): void {
    this.core.callbacksInFlight.set(queueId, Math.max(0, (this.core.callbacksInFlight.get(queueId) ?? 0) + delta));
  }

  /** A call (live or callback) starts waiting for an agent here: routed now, and again as its skills relax. */
  enterRouting(call: QueuedCall): void {
    this.core.routing.addCall(call);
    this.armRelaxation(call.callId);
    this.routeCall(call.callId);
  }

  leaveRouting(callId: string): void {
    this.core.routing.removeCall(callId);
    clearTimeout(this.core.relaxTimers.get(callId));
    this.core.relaxTimers.delete(callId);
  }

  armRelaxation(callId: string): void {
    const call = this.core.routing.call(callId);
    const at = call && nextRelaxationAt(this.core.routing.queues, call, this.core.nowMs());
    if (at === undefined) return;
    this.core.relaxTimers.set(
      callId,
      setTimeout(() => {
        this.core.relaxTimers.delete(callId);
        if (!this.core.routing.call(callId)) return;
        this.routeCall(callId);
        this.armRelaxation(callId);
      }, at - this.core.nowMs()),
    );
  }
}
