/**
 * After a restart, and around it: agents and callers found in Redis are taken up again (offers
 * that were ringing end, conversations are adopted when their channels come back), agent legs
 * the ACD dialled are claimed as they enter the application, calls lost while the engine was
 * down leave the ACD; and the stop, which leaves callers in Asterisk for the next engine.
 */
import type { Logger } from '../logger.js';
import type { QueueResult } from '../ivr/index.js';
import { bestEffort, type CallChannel } from '../telephony/telephony.js';
import { type AcdCore, LEG_ADOPTION_MS } from './core.js';

export class Recovery {
  /**
   * The agents' legs of offers that were ringing when the previous engine died: hung up once
   * Asterisk is reachable (start() runs before the engine connects to it). Left ringing, the
   * agent would answer a call that is no longer theirs and hear it cut.
   */
  private readonly staleOfferLegs = new Set<string>();

  constructor(private readonly core: AcdCore) {}

  /**
   * Loads agents and queued calls from Redis. Offers that were ringing when the previous engine
   * died are ended (the agent is released, the caller keeps their place); conversations in
   * progress are adopted when their channels come back from Asterisk.
   */
  async start(): Promise<void> {
    await this.core.refreshConfig();
    for (const a of await this.core.store.agents()) this.core.rooms.mirror.applyAgent(a);
    for (const q of await this.core.store.queuedCalls()) {
      if (q.status === 'offered' && q.agentId !== undefined) {
        if (q.legChannelId !== undefined) this.staleOfferLegs.add(q.legChannelId);
        await this.core.store.offerEnd(q.agentId, q.callId, 'recovered', 'available', '', this.core.now());
        await this.core.rooms.mirror.refreshAgent(q.agentId, false);
      }
      if (q.status === 'connected' && q.legChannelId !== undefined) this.core.legOwners.set(q.legChannelId, q.callId);
    }
    this.core.log.info({ agents: [...this.core.routing.allAgents()].length, legs: this.core.legOwners.size }, 'acd.loaded');
  }

  /**
   * True (and handled) if this channel is the agent's leg of a conversation found in Redis at
   * start, come back from Asterisk: the conversation it belongs to goes on. (Legs this engine
   * dials never come here: the telephony hands them to their dial.)
   */
  claimLeg(channel: CallChannel): boolean {
    if (channel.info.recovered && this.core.legOwners.has(channel.info.channelId)) {
      this.core.adoptedLegs.set(channel.info.channelId, channel);
      for (const notify of this.core.legAdopted) notify();
      return true;
    }
    return false;
  }

  /**
   * A channel adopted after a restart whose call the ACD holds: the caller goes back to waiting
   * in their place, or their conversation with the agent goes on. Undefined if not the ACD's.
   */
  async resume(call: CallChannel, callId: string, log: Logger): Promise<QueueResult | undefined> {
    const queued = await this.core.store.queuedCall(callId);
    if (!queued) return undefined;
    const def = this.core.config.queues.get(queued.queueId);
    if (!def) return undefined;
    await this.core.events.append({ type: 'acd.resumed', callId, at: this.core.now(), data: { queue: queued.queueId, status: queued.status } });
    if (queued.status === 'connected' && queued.agentId !== undefined && queued.legChannelId !== undefined && queued.bridgeId !== undefined) {
      const leg = await this.adoptedLeg(queued.legChannelId);
      const waiter = this.core.rooms.wait.addWaiter(call, queued, log, 'connected');
      try {
        if (leg) {
          waiter.connected = { agentId: queued.agentId, leg, bridgeId: queued.bridgeId };
          return await this.core.rooms.talk.followTransfers(call, queued, await this.core.rooms.talk.converse(waiter, def), log);
        }
        // The agent's side did not survive: the conversation is over.
        await this.core.store.callEnd(queued.agentId, callId, queued.queueId, def.wrapUpSeconds, 'asterisk', this.core.now());
        await this.core.rooms.mirror.refreshAgent(queued.agentId);
        await bestEffort(this.core.log, 'hangup', () => call.hangup('normal'));
        return { outcome: 'answered' };
      } finally {
        this.core.waiters.delete(callId);
      }
    }
    const waiting = { ...queued, status: 'waiting' as const };
    return this.core.rooms.talk.followTransfers(call, waiting, await this.core.rooms.wait.serve(call, waiting, def, log), log);
  }

  /**
   * A caller's call ended: if they still hold a place in a queue (they left while the flow was
   * booking their callback), it is given up. A place already turned into a callback stays.
   */
  async release(callId: string, channelId: string, byCaller = true): Promise<void> {
    const q = await this.core.store.queuedCall(callId);
    if (q?.status === 'waiting' && q.channelId === channelId) await this.core.store.leave(callId, q.queueId, byCaller ? 'abandoned' : 'lost', this.core.now());
  }

  /** After Asterisk (re)connected: calls whose channel is gone leave the ACD (and free their agent). */
  async endLostCalls(present: ReadonlySet<string>): Promise<void> {
    for (const legId of this.staleOfferLegs) {
      this.staleOfferLegs.delete(legId);
      if (present.has(legId)) await bestEffort(this.core.log, 'hangupChannel', () => this.core.telephony.hangupChannel(legId));
    }
    for (const q of await this.core.store.queuedCalls()) {
      if (present.has(q.channelId)) continue;
      // A callback waiting for its turn has no channel: it is its job's, not Asterisk's.
      if (q.callback !== undefined && q.channelId === '') continue;
      const at = this.core.now();
      if (q.status === 'connected' && q.agentId !== undefined) {
        const legId = q.legChannelId;
        if (legId !== undefined) await bestEffort(this.core.log, 'hangupChannel', () => this.core.telephony.hangupChannel(legId));
        await this.core.store.callEnd(q.agentId, q.callId, q.queueId, this.core.config.queues.get(q.queueId)?.wrapUpSeconds ?? 0, 'asterisk', at);
      } else {
        if (q.status === 'offered' && q.agentId !== undefined) await this.core.store.offerEnd(q.agentId, q.callId, 'caller_gone', 'available', '', at);
        await this.core.store.leave(q.callId, q.queueId, 'lost', at);
      }
      this.core.routing.removeCall(q.callId);
      if (q.agentId !== undefined) await this.core.rooms.mirror.refreshAgent(q.agentId);
      this.core.log.warn({ callId: q.callId, queue: q.queueId, status: q.status }, 'acd.call_lost_while_engine_down');
    }
  }

  async adoptedLeg(channelId: string): Promise<CallChannel | undefined> {
    const deadline = Date.now() + LEG_ADOPTION_MS;
    while (!this.core.adoptedLegs.has(channelId) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.core.legAdopted.delete(done);
          resolve();
        };
        const t = setTimeout(done, deadline - Date.now());
        this.core.legAdopted.add(done);
      });
    }
    const leg = this.core.adoptedLegs.get(channelId);
    this.core.adoptedLegs.delete(channelId);
    this.core.legOwners.delete(channelId);
    return leg;
  }

  /** The engine is stopping: callers stay in Asterisk (music on hold, bridges) for the next engine. */
  detach(): void {
    this.core.detaching = true;
    for (const w of this.core.waiters.values()) w.wake();
    for (const w of this.core.callbackWaiters.values()) if (!w.offering) w.done('detached');
  }

  async stop(): Promise<void> {
    this.detach();
    for (const t of [...this.core.wrapTimers.values(), ...this.core.relaxTimers.values()]) clearTimeout(t);
    this.core.wrapTimers.clear();
    this.core.relaxTimers.clear();
    await Promise.allSettled([...this.core.inFlight]);
    await this.core.chain;
  }
}
