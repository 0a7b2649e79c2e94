/**
 * A caller connected with an agent: the conversation until either hangs up (the agent then
 * wraps up), and the transfers the agent asks for — blind to a queue or an extension, announced
 * to an extension (the caller holds while the agent consults) — followed until the caller is
 * served.
 */
import { randomUUID } from 'node:crypto';
import type { EventFields, EventType } from '../events/event-log.js';
import type { Logger } from '../logger.js';
import type { QueueResult } from '../ivr/index.js';
import { promptMedia } from '../shared/prompts.js';
import { SYSTEM_PROMPTS } from '../shared/system-prompts.js';
import { bestEffort, CallHungUpError, untilEnded as ended, type CallChannel } from '../telephony/telephony.js';
import type { QueuedCall } from './acd-store.js';
import type { QueueDefinition } from './queue-config.js';
import { type AcdCore, type Waiter, type Connected, type Served, CallDetachedError, CONSULT, RETURNED_PRIORITY } from './core.js';

/** After an agent hangs up and their next offer is on its way, the pause before the caller's side is torn down. */
const TEARDOWN_AFTER_OFFER_MS = 20;

/** What an agent may ask about the caller they talk to, from the desktop. */
export type AgentRequest =
  | { readonly type: 'acd.transfer_requested'; readonly callId: string; readonly data: Omit<EventFields['acd.transfer_requested'], 'requestId'> }
  | { readonly type: 'acd.consult_complete_requested' | 'acd.consult_cancel_requested'; readonly callId: string; readonly data: Omit<EventFields['acd.consult_complete_requested'], 'requestId'> };

export class Conversation {
  constructor(private readonly core: AcdCore) {}

  /**
   * An agent transferred the caller. To another queue: they wait there (music, announcements),
   * with the data and journey they came with and who sent them, until the next agent. To an
   * extension: it rings while the caller hears music; nobody answering puts the caller back at the
   * head of the queue they came from — never a dead end.
   */
  async followTransfers(call: CallChannel, from: QueuedCall, served: Served, log: Logger, keepCaller = false): Promise<QueueResult> {
    let result = served;
    let queued = from;
    while (result.outcome === 'transfer' || result.outcome === 'returned') {
      if (call.ended.aborted) return { outcome: 'answered' };
      if (result.outcome === 'transfer' && 'extension' in result.to) {
        if ((await this.toExtension(call, queued, result.to.extension, log)) === 'connected') return { outcome: 'answered' };
        result = { outcome: 'returned', extension: result.to.extension };
        continue;
      }
      const returned = result.outcome === 'returned';
      const target = result.outcome === 'transfer' && 'queue' in result.to ? result.to.queue : queued.queueId;
      const def = this.core.config.queues.get(target);
      if (!def) return { outcome: 'answered' };
      const enteredAt = this.core.nowMs();
      const data = returned ? { ...queued.data, returnedFrom: result.outcome === 'returned' ? result.extension : '' } : { ...queued.data, transferredFrom: queued.queueId };
      const priority = returned ? RETURNED_PRIORITY : queued.priority;
      try {
        if (returned) await call.play([promptMedia(SYSTEM_PROMPTS.transferNoAnswer)], { timeoutMs: this.core.deps.promptTimeoutMs });
        const { seq } = await this.core.store.enqueue({ callId: queued.callId, queueId: target, priority, enteredAt, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data }, def.maxLength, this.core.now());
        queued = { callId: queued.callId, queueId: target, priority, enteredAt, seq, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data, status: 'waiting' };
      } catch (error) {
        if (error instanceof CallHungUpError) return { outcome: 'answered' };
        // A full queue: the caller has been served once; they hear that the operators are busy.
        log.warn({ queue: target, err: error instanceof Error ? error.message : String(error) }, 'acd.transfer_failed');
        await bestEffort(this.core.log, 'play', () => call.play([promptMedia(SYSTEM_PROMPTS.operatorsBusy)], { timeoutMs: this.core.deps.promptTimeoutMs }));
        return { outcome: 'answered' };
      }
      result = await this.core.rooms.wait.serve(call, queued, def, log, { keepCaller });
    }
    return result;
  }

  /** A blind transfer to an extension: it rings while the caller hears music; connected until either hangs up. */
  async toExtension(call: CallChannel, queued: QueuedCall, extension: string, log: Logger): Promise<'connected' | 'failed'> {
    const def = this.core.config.queues.get(queued.queueId);
    if (!this.core.deps.transfers || !def) return 'failed';
    await bestEffort(this.core.log, 'startMoh', () => call.startMoh(def.musicOnHold));
    const outcome = await this.core.deps.transfers.connect(call, queued.callId, { extension }, def.transferRingSeconds);
    await this.core.events.append({ type: 'acd.extension_transfer', callId: queued.callId, at: this.core.now(), data: { queue: queued.queueId, extension, outcome } });
    log.info({ extension, outcome }, 'acd.extension_transfer');
    if (outcome === 'failed') {
      await bestEffort(this.core.log, 'stopMoh', () => call.stopMoh());
      return 'failed';
    }
    await this.core.deps.transfers.untilOver(queued.callId);
    return 'connected';
  }

  /** Requests logged and carried out here, by id: their copies read back from the log are skipped. */
  private readonly appliedHere = new Set<string>();

  /**
   * An agent's request about the caller they talk to: always written to the event log; carried out
   * at once when this engine holds the caller (no round trip through Redis), otherwise by the
   * engine that does, when it reads the request from the log.
   */
  async request(req: AgentRequest): Promise<void> {
    const requestId = randomUUID();
    const here = this.holds(req.callId, req.data.agentId);
    // Marked before the append: the log's tail may hand the copy back before append resolves.
    if (here) this.appliedHere.add(requestId);
    try {
      await this.core.events.append({ type: req.type, callId: req.callId, at: this.core.now(), data: { ...req.data, requestId } });
    } catch (error) {
      this.appliedHere.delete(requestId);
      throw error;
    }
    if (here) this.apply(req);
  }

  /** A request read from the event log (written by this engine or another). */
  onEvent(event: { readonly type: string; readonly callId: string; readonly data: Record<string, unknown> }): void {
    const id = event.data.requestId;
    if (typeof id === 'string' && this.appliedHere.delete(id)) return;
    this.apply(event);
  }

  private holds(callId: string, agentId: unknown): boolean {
    const waiter = this.core.waiters.get(callId);
    return waiter?.connected !== undefined && waiter.connected.agentId === agentId;
  }

  private apply(event: { readonly type: string; readonly callId: string; readonly data: Record<string, unknown> }): void {
    const waiter = this.core.waiters.get(event.callId);
    if (!waiter?.connected || waiter.connected.agentId !== event.data.agentId) return;
    const d = event.data;
    if (event.type === 'acd.transfer_requested') {
      if (typeof d.queue === 'string') waiter.transfer = { queue: d.queue };
      else if (typeof d.extension === 'string' && (d.mode === 'blind' || d.mode === 'announced')) waiter.transfer = { extension: d.extension, mode: d.mode };
      else return;
    } else if (event.type === 'acd.consult_complete_requested') waiter.consultAction = 'complete';
    else if (event.type === 'acd.consult_cancel_requested') waiter.consultAction = 'cancel';
    else return;
    waiter.wake();
  }

  /**
   * The conversation: ends when either side hangs up; the other is released, the agent goes to
   * wrap-up. The agent may hand the caller on (blind), or consult an extension first (announced).
   */
  async converse(waiter: Waiter, def: QueueDefinition): Promise<Served> {
    const c = waiter.connected as Connected;
    const { call, queued } = waiter;
    for (;;) {
      const woken = new Promise<void>((r) => (waiter.wake = () => (this.core.detaching || waiter.transfer !== undefined) && r()));
      await Promise.race([ended(call.ended), ended(c.leg.ended), woken]);
      if (this.core.detaching && !call.ended.aborted && !c.leg.ended.aborted) {
        this.core.move(waiter, 'detached');
        throw new CallDetachedError(queued.callId);
      }
      const transfer = waiter.transfer;
      waiter.transfer = undefined;
      if (transfer === undefined || call.ended.aborted) break;
      if ('queue' in transfer || transfer.mode === 'blind') {
        const to = 'queue' in transfer ? { queue: transfer.queue } : { extension: transfer.extension };
        await this.handOff(waiter, def, to, 'blind');
        return { outcome: 'transfer', to };
      }
      const consulted = await this.consult(waiter, def, transfer.extension);
      if (consulted === 'completed') return { outcome: 'answered' };
      if (consulted === 'returned') return { outcome: 'returned', extension: transfer.extension };
      // 'resumed': caller and agent talk again; 'ended': the caller hung up meanwhile.
    }
    this.core.move(waiter, 'ended');
    const endedBy = call.ended.aborted ? 'caller' : 'agent';
    // The flow goes on with the caller (a survey) when the agent hung up first and it asked so.
    const keep = endedBy === 'agent' && waiter.keepCaller === true;
    // The agent is set free (wrap-up, or the next caller at once) as soon as their leg is gone.
    // When the agent hung up, the caller's side is torn down once that next offer is on its way
    // (at most 100 ms), and 20 ms later: Asterisk's work for the teardown would otherwise delay
    // the next agent's INVITE by a few ms (bench:offer). The caller hears nothing of the wait.
    if (endedBy === 'caller') await bestEffort(this.core.log, 'hangup', () => c.leg.hangup());
    try {
      const ended = await this.core.store.callEnd(c.agentId, queued.callId, queued.queueId, def.wrapUpSeconds, endedBy, this.core.now());
      waiter.log.info({ agentId: c.agentId, talkSeconds: ended?.talkSeconds, endedBy, callerKept: keep }, 'acd.conversation_ended');
      // The agent as the end left them, from the same script: the next offer needs no other read.
      if (ended) this.core.rooms.mirror.settle(c.agentId, ended.agent);
      else await this.core.rooms.mirror.refreshAgent(c.agentId);
      if (endedBy === 'agent') {
        await Promise.race([this.core.chain, new Promise((r) => setTimeout(r, 100))]);
        await new Promise((r) => setTimeout(r, TEARDOWN_AFTER_OFFER_MS));
      }
    } finally {
      // A kept caller leaves the bridge with it; only the agent's leg is released.
      await Promise.all([keep ? Promise.resolve() : bestEffort(this.core.log, 'hangup', () => call.hangup()), bestEffort(this.core.log, 'hangup', () => c.leg.hangup())]);
      await bestEffort(this.core.log, 'destroyBridge', () => this.core.telephony.destroyBridge(c.bridgeId));
    }
    return keep && !call.ended.aborted ? { outcome: 'answered', endedBy: 'agent', agentId: c.agentId } : { outcome: 'answered' };
  }

  /**
   * The agent leaves the caller: their leg is released and they go to wrap-up; the caller stays
   * up (for the next queue or extension, or already bridged with the extension when announced).
   */
  async handOff(waiter: Waiter, def: QueueDefinition, to: { queue: string } | { extension: string }, mode: 'blind' | 'announced', keepBridge = false): Promise<void> {
    const c = waiter.connected as Connected;
    const { queued } = waiter;
    this.core.move(waiter, 'transfer');
    if (!keepBridge) await bestEffort(this.core.log, 'destroyBridge', () => this.core.telephony.destroyBridge(c.bridgeId));
    await bestEffort(this.core.log, 'hangup', () => c.leg.hangup());
    const talk = (await this.core.store.callEnd(c.agentId, queued.callId, queued.queueId, def.wrapUpSeconds, 'agent', this.core.now()))?.talkSeconds;
    const target = 'queue' in to ? to.queue : to.extension;
    await this.core.events.append({ type: 'acd.transferred', callId: queued.callId, at: this.core.now(), data: { agentId: c.agentId, from: queued.queueId, to: target, kind: 'queue' in to ? 'queue' : 'extension', mode, talkSeconds: talk ?? null } });
    waiter.log.info({ agentId: c.agentId, to: target, mode }, 'acd.transferred');
    await this.core.rooms.mirror.refreshAgent(c.agentId);
  }

  /**
   * An announced transfer: the caller holds (music) while the agent's call rings the extension;
   * when it answers the agent talks to it, then completes (or hangs up: the caller is connected to
   * the extension) or cancels (the caller comes back to the agent). An extension that does not
   * answer brings the caller back to the agent — or, if the agent has hung up, to the queue.
   */
  async consult(waiter: Waiter, def: QueueDefinition, extension: string): Promise<'resumed' | 'completed' | 'ended' | 'returned'> {
    const c = waiter.connected as Connected;
    const { call, queued, log } = waiter;
    const emit = (type: EventType, data: Record<string, unknown> = {}) => this.core.events.append({ type, callId: queued.callId, at: this.core.now(), data: { agentId: c.agentId, extension, ...data } });
    waiter.consultAction = undefined;
    this.core.move(waiter, 'consult');
    await this.core.store.setConsult(queued.callId, { extension, status: 'ringing' });
    await emit('acd.consult_started');
    await bestEffort(this.core.log, 'removeFromBridge', () => this.core.telephony.removeFromBridge(c.bridgeId, call.info.channelId));
    await bestEffort(this.core.log, 'startMoh', () => call.startMoh(def.musicOnHold));

    let target: CallChannel | undefined;
    let reason = 'no_answer';
    const cancelled = new Promise<void>((resolve) => (waiter.wake = () => waiter.consultAction === 'cancel' && resolve()));
    // The agent hanging up while it rings does not stop it: the caller gets the extension, as if blind.
    const rung = await this.core.telephony.dial(
      { endpoint: `PJSIP/${extension}`, purpose: [CONSULT, queued.callId], timeoutSeconds: def.transferRingSeconds, callerId: call.info.callerNumber },
      { stop: Promise.race([cancelled, ended(call.ended)]) },
    );
    if (rung.leg !== undefined) target = rung.leg;
    else if (rung.reason === 'gone') reason = 'unreachable';
    else if (rung.reason === 'stopped') reason = waiter.consultAction === 'cancel' ? 'cancelled' : 'caller';
    else if (rung.reason === 'failed') {
      log.warn({ extension, err: rung.cause }, 'acd.consult_failed');
      reason = 'failed';
    }

    if (!target) {
      await emit('acd.consult_failed', { reason });
      await this.core.store.setConsult(queued.callId, undefined);
      if (call.ended.aborted) return 'ended';
      if (c.leg.ended.aborted) {
        await this.handOff(waiter, def, { extension }, 'announced');
        return 'returned';
      }
      await this.backToAgent(waiter);
      return 'resumed';
    }

    const leg = target;
    try {
      await this.core.telephony.addToBridge(c.bridgeId, leg.info.channelId);
    } catch {
      await bestEffort(this.core.log, 'hangup', () => leg.hangup());
    }
    await this.core.store.setConsult(queued.callId, { extension, status: 'talking' });
    await emit('acd.consult_answered');
    // A decision that came while it rang (or the agent who hung up meanwhile) is acted on at once.
    const decided = waiter.consultAction !== undefined ? Promise.resolve() : new Promise<void>((resolve) => (waiter.wake = () => waiter.consultAction !== undefined && resolve()));
    await Promise.race([ended(call.ended), ended(c.leg.ended), ended(leg.ended), decided]);

    if (call.ended.aborted) {
      await bestEffort(this.core.log, 'hangup', () => leg.hangup());
      await emit('acd.consult_ended', { reason: 'caller' });
      return 'ended';
    }
    if (!leg.ended.aborted && (waiter.consultAction === 'complete' || c.leg.ended.aborted)) {
      // Completed: the agent leaves; the caller joins the extension in the same bridge.
      await this.handOff(waiter, def, { extension }, 'announced', true);
      await bestEffort(this.core.log, 'stopMoh', () => call.stopMoh());
      await bestEffort(this.core.log, 'addToBridge', () => this.core.telephony.addToBridge(c.bridgeId, call.info.channelId));
      await Promise.race([ended(call.ended), ended(leg.ended)]);
      await Promise.all([bestEffort(this.core.log, 'hangup', () => call.hangup()), bestEffort(this.core.log, 'hangup', () => leg.hangup())]);
      await bestEffort(this.core.log, 'destroyBridge', () => this.core.telephony.destroyBridge(c.bridgeId));
      return 'completed';
    }
    // Cancelled, or the extension hung up: the caller comes back to the agent.
    await bestEffort(this.core.log, 'hangup', () => leg.hangup());
    await emit('acd.consult_ended', { reason: leg.ended.aborted && waiter.consultAction !== 'cancel' ? 'extension' : 'cancelled' });
    await this.core.store.setConsult(queued.callId, undefined);
    if (c.leg.ended.aborted) {
      await this.handOff(waiter, def, { extension }, 'announced');
      return 'returned';
    }
    await this.backToAgent(waiter);
    return 'resumed';
  }

  async backToAgent(waiter: Waiter): Promise<void> {
    const c = waiter.connected as Connected;
    this.core.move(waiter, 'consult_ended');
    waiter.consultAction = undefined;
    await bestEffort(this.core.log, 'stopMoh', () => waiter.call.stopMoh());
    await bestEffort(this.core.log, 'addToBridge', () => this.core.telephony.addToBridge(c.bridgeId, waiter.call.info.channelId));
  }
}
