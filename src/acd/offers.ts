/**
 * An offer: the agent's phone rings; answered, caller and agent are bridged; not answered, the
 * agent is released (paused as non-risponde if the queue says so) and the caller goes back to
 * their place.
 */
import { EngineError } from '../errors.js';
import { bestEffort, untilEnded as ended, type CallChannel } from '../telephony/telephony.js';
import type { QueueDefinition } from './queue-config.js';
import type { RoutingAgent } from './routing.js';
import { type AcdCore, type Waiter, OFFER } from './core.js';

export class Offers {
  constructor(private readonly core: AcdCore) {}

  /** Rings the agent; on answer bridges them with the caller; otherwise releases the agent and puts the call back. */
  async offer(waiter: Waiter, agent: RoutingAgent): Promise<void> {
    const { call, queued, log } = waiter;
    const def = this.core.config.queues.get(queued.queueId) as QueueDefinition;
    let outcome: 'no_answer' | 'failed' | 'caller_gone' = 'no_answer';
    let leg: CallChannel | undefined;
    try {
      // Stopped when the caller hangs up; a leg not answered is hung up by the dial.
      const rung = await this.core.telephony.dial(
        { endpoint: `PJSIP/${this.core.endpoints.get(agent.id) ?? agent.id}`, purpose: [OFFER, queued.callId, agent.id], timeoutSeconds: def.ringSeconds, callerId: call.info.callerNumber },
        { stop: ended(call.ended), onOriginated: (legId) => this.core.store.setOfferLeg(queued.callId, legId) },
      );
      if (rung.leg !== undefined) {
        leg = rung.leg;
        if (await this.connect(waiter, agent.id, rung.leg)) return;
        outcome = 'caller_gone';
      } else if (rung.reason === 'stopped') outcome = 'caller_gone';
      else if (rung.reason === 'failed') throw new Error(rung.cause);
    } catch (error) {
      log.warn({ agentId: agent.id, err: error instanceof Error ? error.message : String(error) }, 'acd.offer_failed');
      outcome = call.ended.aborted ? 'caller_gone' : 'failed';
      const answeredLeg = leg;
      if (answeredLeg) await bestEffort(this.core.log, 'hangup', () => answeredLeg.hangup());
    }
    await this.endUnansweredOffer(agent.id, queued.callId, outcome, def);
    log.info({ agentId: agent.id, outcome }, 'acd.offer_ended');
    this.core.move(waiter, 'offer_ended');
    if (outcome !== 'caller_gone' && this.core.waiters.get(queued.callId) === waiter) {
      // Back in the queue in the place it had: its entry time has not changed.
      this.core.routing.addCall(queued);
      this.core.rooms.dispatch.routeCall(queued.callId);
    }
    await this.core.rooms.mirror.refreshAgent(agent.id);
    waiter.wake();
  }

  async connect(waiter: Waiter, agentId: string, leg: CallChannel): Promise<boolean> {
    const { call, queued } = waiter;
    if (call.ended.aborted) return false;
    // A prompt in progress would hold every other command on the channel until it ended.
    await bestEffort(this.core.log, 'stopPlayback', () => call.stopPlayback());
    await bestEffort(this.core.log, 'stopMoh', () => call.stopMoh());
    const bridgeId = await this.core.telephony.createBridge('mixing');
    try {
      await this.core.telephony.addToBridge(bridgeId, call.info.channelId);
      await this.core.telephony.addToBridge(bridgeId, leg.info.channelId);
      const waited = await this.core.store.connect(agentId, queued.callId, queued.queueId, leg.info.channelId, bridgeId, this.core.now(), this.core.config.queues.get(queued.queueId)?.serviceLevel.seconds);
      if (waited === undefined) throw new EngineError('ACD.OFFER_GONE', 'the offer ended before the bridge');
      waiter.log.info({ agentId, waitedMs: waited }, 'acd.connected');
    } catch (error) {
      waiter.log.warn({ agentId, err: error instanceof Error ? error.message : String(error) }, 'acd.connect_failed');
      await bestEffort(this.core.log, 'hangup', () => leg.hangup());
      await bestEffort(this.core.log, 'destroyBridge', () => this.core.telephony.destroyBridge(bridgeId));
      return false;
    }
    waiter.connected = { agentId, leg, bridgeId };
    this.core.move(waiter, 'answered');
    await this.core.rooms.mirror.refreshAgent(agentId, false);
    waiter.wake();
    return true;
  }

  /** An offer the agent did not take: paused as "non-risponde" if the queue says so — unless the caller left. */
  async endUnansweredOffer(agentId: string, callId: string, outcome: 'no_answer' | 'failed' | 'caller_gone', def: QueueDefinition): Promise<void> {
    const pause = outcome !== 'caller_gone' && def.pauseOnNoAnswer;
    await this.core.store.offerEnd(agentId, callId, outcome, pause ? 'paused' : 'available', pause ? 'non-risponde' : '', this.core.now());
  }
}
