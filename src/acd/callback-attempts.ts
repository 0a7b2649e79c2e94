/**
 * One callback attempt: it waits in its queue in its place like a caller, then the agent is
 * rung first and, once they answer, the citizen is dialled and bridged; the conversation goes
 * on like any other.
 */
import type { Logger } from '../logger.js';
import { bestEffort, CallHungUpError, untilEnded as ended } from '../telephony/telephony.js';
import type { QueuedCall } from './acd-store.js';
import type { QueueDefinition } from './queue-config.js';
import type { RoutingAgent } from './routing.js';
import { type AcdCore, type Waiter, type CallbackWaiter, type CallbackRequest, type CallbackAttemptOutcome, CallDetachedError, callbackOutcome, OFFER, CALLBACK_LEG, CALLBACK_NUDGE_MS } from './core.js';

export class CallbackAttempts {
  constructor(private readonly core: AcdCore) {}

  /**
   * One attempt of a callback: it waits in its queue in its place (counted in positions, served in
   * its turn, within the callbacks' share of the agents while live callers wait); when its turn
   * comes an agent is reserved and rung with the callback's screen-pop, and only once the agent
   * has answered is the citizen dialled through the trunk, presenting the service number. Resolves
   * when the attempt is over: answered (the conversation goes on), or why not.
   */
  async serveCallback(request: CallbackRequest, log: Logger): Promise<CallbackAttemptOutcome> {
    await this.core.refreshConfig();
    const def = this.core.config.queues.get(request.queueId);
    if (!def) {
      log.error({ queue: request.queueId }, 'acd.no_such_queue');
      return 'failed';
    }
    const callId = request.acdCallId;
    if (this.core.detaching) throw new CallDetachedError(callId);
    let queued = await this.core.store.queuedCall(callId);
    if (queued?.status === 'connected') {
      // A previous engine connected it and died: that conversation took place.
      if (queued.agentId !== undefined) {
        await this.core.store.callEnd(queued.agentId, callId, queued.queueId, def.wrapUpSeconds, 'asterisk', this.core.now());
        const agentId = queued.agentId;
        await this.core.cleanup('refresh_agent', () => this.core.rooms.mirror.refreshAgent(agentId));
      }
      return 'answered';
    }
    if (!queued) {
      const data = { ...request.data, callback: request.callbackId };
      const { seq } = await this.core.store.enqueue({ callId, queueId: request.queueId, priority: request.priority, enteredAt: request.enteredAt, channelId: '', callerNumber: request.number, data }, Number.MAX_SAFE_INTEGER, this.core.now());
      queued = { callId, queueId: request.queueId, priority: request.priority, enteredAt: request.enteredAt, seq, channelId: '', callerNumber: request.number, data, status: 'waiting', callback: request.callbackId };
    }
    const entry: QueuedCall = { ...queued, callback: request.callbackId };
    let settle: (outcome: CallbackAttemptOutcome | 'detached') => void = () => undefined;
    const settled = new Promise<CallbackAttemptOutcome | 'detached'>((resolve) => (settle = resolve));
    const waiter: CallbackWaiter = { request, queued: entry, log, offering: false, done: (o) => settle(o) };
    this.core.callbackWaiters.set(callId, waiter);
    this.core.rooms.dispatch.enterRouting(entry);
    const nudge = setInterval(() => {
      if (!waiter.offering && this.core.routing.call(callId)) this.core.rooms.dispatch.routeCall(callId);
    }, CALLBACK_NUDGE_MS);
    log.info({ queue: entry.queueId, callback: request.callbackId }, 'acd.callback_waiting');
    try {
      const outcome = await settled;
      if (outcome === 'detached') throw new CallDetachedError(callId);
      return outcome;
    } finally {
      clearInterval(nudge);
      this.core.callbackWaiters.delete(callId);
      this.core.rooms.dispatch.leaveRouting(callId);
    }
  }

  /** A callback cancelled while it waits for its turn leaves the queue (on whichever engine holds it). */
  async cancelCallback(acdCallId: string): Promise<void> {
    const q = await this.core.store.queuedCall(acdCallId);
    if (q?.status === 'waiting' && q.callback !== undefined) await this.core.store.leave(acdCallId, q.queueId, 'callback_cancelled', this.core.now());
    const w = this.core.callbackWaiters.get(acdCallId);
    if (w && !w.offering) w.done('cancelled');
  }

  /** Rings the agent for a callback; once they answer, dials the citizen and bridges them. */
  async offerCallback(w: CallbackWaiter, agent: RoutingAgent): Promise<void> {
    const { request, queued, log } = w;
    const def = this.core.config.queues.get(queued.queueId) as QueueDefinition;
    const { callId } = queued;
    let finished = false;
    try {
      const rung = await this.core.telephony.dial(
        { endpoint: `PJSIP/${this.core.endpoints.get(agent.id) ?? agent.id}`, purpose: [OFFER, callId, agent.id], timeoutSeconds: def.ringSeconds, callerId: request.number },
        { onOriginated: (legId) => this.core.store.setOfferLeg(callId, legId) },
      );
      if (rung.leg === undefined) {
        // The agent did not take it: as for a live caller, the callback keeps its place.
        await this.core.rooms.offer.endUnansweredOffer(agent.id, callId, rung.reason === 'failed' ? 'failed' : 'no_answer', def);
        log.info({ agentId: agent.id, outcome: rung.reason }, 'acd.callback_offer_ended');
        w.offering = false;
        this.core.rooms.dispatch.countCallback(queued.queueId, -1);
        if (this.core.callbackWaiters.get(callId) === w) {
          if (this.core.detaching) w.done('detached');
          else {
            this.core.routing.addCall(queued);
            this.core.rooms.dispatch.routeCall(callId);
          }
        }
        await this.core.rooms.mirror.refreshAgent(agent.id);
        return;
      }
      const agentLeg = rung.leg;
      const bridgeId = await this.core.telephony.createBridge('mixing');
      await bestEffort(this.core.log, 'addToBridge', () => this.core.telephony.addToBridge(bridgeId, agentLeg.info.channelId));
      const dial = (await request.beforeDial())
        ? await this.core.telephony.dial({ endpoint: request.dial, purpose: [CALLBACK_LEG, callId], timeoutSeconds: def.callbacks.ringSeconds, callerId: request.callerId }, { stop: ended(agentLeg.ended) })
        : ({ reason: 'failed', cause: 'this attempt was already dialled' } as const);
      if (dial.leg === undefined) {
        const outcome = dial.reason === 'stopped' ? 'failed' : callbackOutcome(dial.reason, dial.cause);
        await bestEffort(this.core.log, 'hangup', () => agentLeg.hangup());
        await bestEffort(this.core.log, 'destroyBridge', () => this.core.telephony.destroyBridge(bridgeId));
        await this.core.store.offerEnd(agent.id, callId, 'citizen_unreachable', 'available', '', this.core.now());
        await this.core.store.leave(callId, queued.queueId, 'callback_unreachable', this.core.now());
        log.info({ agentId: agent.id, outcome, cause: dial.cause }, 'acd.callback_unanswered');
        finished = true;
        w.done(outcome);
        await this.core.rooms.mirror.refreshAgent(agent.id);
        return;
      }
      const citizen = dial.leg;
      await this.core.telephony.addToBridge(bridgeId, citizen.info.channelId);
      await this.core.store.setCallChannel(callId, citizen.info.channelId);
      const waited = await this.core.store.connect(agent.id, callId, queued.queueId, agentLeg.info.channelId, bridgeId, this.core.now(), def.serviceLevel.seconds);
      log.info({ agentId: agent.id, waitedMs: waited ?? null }, 'acd.callback_connected');
      const talking: QueuedCall = { ...queued, channelId: citizen.info.channelId, status: 'connected' };
      const waiter: Waiter = { call: citizen, queued: talking, log, phase: 'connected', connected: { agentId: agent.id, leg: agentLeg, bridgeId }, wake: () => undefined };
      this.core.waiters.set(callId, waiter);
      await this.core.rooms.mirror.refreshAgent(agent.id, false);
      finished = true;
      w.done('answered');
      // The conversation goes on like any other (the agent may transfer the citizen).
      try {
        const served = await this.core.rooms.talk.converse(waiter, def);
        await this.core.rooms.talk.followTransfers(citizen, talking, served, log);
      } catch (error) {
        if (!(error instanceof CallDetachedError) && !(error instanceof CallHungUpError)) log.warn({ err: error instanceof Error ? error.message : String(error) }, 'acd.callback_conversation_failed');
      } finally {
        this.core.waiters.delete(callId);
        if (!this.core.detaching) await bestEffort(this.core.log, 'hangup', () => citizen.hangup());
      }
    } catch (error) {
      log.warn({ agentId: agent.id, err: error instanceof Error ? error.message : String(error) }, 'acd.callback_failed');
      if (!finished) {
        await this.core.cleanup('end_offer', () => this.core.store.offerEnd(agent.id, callId, 'failed', 'available', '', this.core.now()));
        await this.core.cleanup('leave_queue', () => this.core.store.leave(callId, queued.queueId, 'callback_unreachable', this.core.now()));
        await this.core.cleanup('refresh_agent', () => this.core.rooms.mirror.refreshAgent(agent.id));
        w.done('failed');
      }
    } finally {
      if (w.offering) {
        w.offering = false;
        this.core.rooms.dispatch.countCallback(queued.queueId, -1);
      }
    }
  }
}
