/**
 * The ACD at run time: callers wait in queues on music on hold with announcements; the routing
 * core (in memory) chooses; every change is claimed in Redis atomically before it happens; an
 * offer rings the agent's phone; on answer caller and agent are bridged; when the conversation
 * ends the agent goes to wrap-up. Redis holds the truth, so an engine that restarts (even after
 * kill -9) finds agents in their state and callers in their place, and adopts them.
 */
import { hashPin } from '../agents/pin.js';
import { EngineError } from '../errors.js';
import type { EventLog, EventType } from '../events/event-log.js';
import type { Logger } from '../logger.js';
import type { QueueRequest, QueueResult } from '../ivr/nodes/node.js';
import { promptMedia } from '../ivr/prompts.js';
import { SYSTEM_PROMPTS } from '../ivr/system-prompts.js';
import type { Transfers } from '../calls/transfers.js';
import { bestEffort, CallHungUpError, ringLeg, untilEnded as ended, type CallChannel, type Telephony } from '../telephony/telephony.js';
import { mayDialCallback } from '../callbacks/dialling-rules.js';
import type { AcdStore, Agent, AgentAction, AgentProfile, QueuedCall } from './acd-store.js';
import { estimateWaitSeconds, minutesToSay } from './estimate.js';
import { localDate } from '../ivr/schedule.js';
import { NO_COUNTERS, type QueueNow } from '../supervisor/live-view.js';
import type { AcdConfig, QueueDefinition } from './queue-config.js';
import { nextRelaxationAt, RoutingState, type RoutingAgent } from './routing.js';

/** Stasis arguments of an agent leg the ACD originated: [OFFER, callId, agentId]. */
const OFFER = 'acd-offer';
/** Stasis arguments of the extension an agent calls for an announced transfer: [CONSULT, callId]. */
const CONSULT = 'acd-consult';
/** Stasis arguments of a citizen dialled back: [CALLBACK_LEG, callId]. */
const CALLBACK_LEG = 'acd-callback';
/** The key a caller in queue presses to be called back instead of waiting. */
const CALLBACK_KEY = '2';
/** How often a callback waiting for its turn asks again for an agent (its share may have freed up). */
const CALLBACK_NUDGE_MS = 5000;
/** A caller whose blind transfer found nobody goes back ahead of the callers waiting. */
const RETURNED_PRIORITY = 9;
/** How long a resumed conversation waits for its agent leg to be adopted too. */
const LEG_ADOPTION_MS = 5000;
const MAX_CLAIM_ATTEMPTS = 5;

/** Thrown out of a queue wait when the engine stops: the caller stays in Asterisk for the next engine. */
export class CallDetachedError extends EngineError {
  constructor(callId: string) {
    super('ACD.DETACHED', `call ${callId} left to the next engine`);
  }
}

/**
 * Music and announcements for a caller waiting in a queue: when Asterisk is busy (a command timed
 * out or failed) the caller keeps their place and waits on, and the failure is logged with its
 * code. Only the caller hanging up (or anything that is not a telephony error) ends the wait.
 */
export async function despiteSlowAsterisk(log: Logger, what: 'music_on_hold' | 'announcement', op: () => Promise<unknown>): Promise<void> {
  try {
    await op();
  } catch (error) {
    if (!(error instanceof EngineError) || error instanceof CallHungUpError || !error.code.startsWith('TELEPHONY.')) throw error;
    log.warn({ what, code: error.code, err: error.message }, 'acd.media_failed_caller_keeps_waiting');
  }
}

export interface AcdDeps {
  readonly store: AcdStore;
  readonly telephony: Telephony;
  readonly events: EventLog;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The configuration at start; `configSource` replaces it when another version goes live. */
  readonly config: AcdConfig;
  /** The live queues.yaml version (checked when a caller enters a queue). */
  readonly configSource?: () => Promise<AcdConfig | undefined>;
  /** This engine, recorded with its offers. */
  readonly instance: string;
  readonly promptTimeoutMs: number;
  /** Recent calls needed before a wait estimate is said (default 3). */
  readonly minEstimateSamples?: number;
  /** Connects a caller to an extension (shared with the IVR's transfers); without it extension transfers fail over to the queue. */
  readonly transfers?: Pick<Transfers, 'connect' | 'untilOver'>;
}

/**
 * What an agent asked for the caller they are talking to: another queue (blind), or an extension,
 * blind (the agent is released at once) or announced (the agent talks to the extension first).
 */
export type AgentTransfer = { readonly queue: string } | { readonly extension: string; readonly mode: 'blind' | 'announced' };

interface Connected {
  readonly agentId: string;
  readonly leg: CallChannel;
  readonly bridgeId: string;
}

interface Waiter {
  readonly call: CallChannel;
  readonly queued: QueuedCall;
  readonly log: Logger;
  connected?: Connected;
  offering: boolean;
  /** The agent asked to transfer the caller. */
  transfer?: AgentTransfer;
  /** During an announced transfer: the agent completed it or took the caller back. */
  consultAction?: 'complete' | 'cancel';
  /** The flow lets this caller ask for a callback (after this estimated wait, in minutes). */
  callbackOffer?: { readonly afterMinutes: number };
  /** The callback was offered (the key works from then on), and the caller pressed it. */
  callbackOffered?: boolean;
  callbackChosen?: boolean;
  wake: () => void;
}

/** A callback whose turn is due: it waits in the queue like a caller, then is dialled agent first. */
export interface CallbackRequest {
  readonly callbackId: string;
  /** Its ACD entry: the caller's own (keep-my-place) or a new one entering at `enteredAt`. */
  readonly acdCallId: string;
  readonly queueId: string;
  readonly priority: number;
  readonly enteredAt: number;
  /** E.164, shown to the agent. */
  readonly number: string;
  /** The Asterisk dial string of the citizen's phone (through the carrier trunk). */
  readonly dial: string;
  /** The service number presented to the citizen. */
  readonly callerId: string;
  readonly data: Readonly<Record<string, string>>;
  /** Asked just before the citizen is dialled: false if this attempt has already dialled (another engine). */
  readonly beforeDial: () => Promise<boolean>;
}

export type CallbackAttemptOutcome = 'answered' | 'no_answer' | 'busy' | 'failed' | 'cancelled';

interface CallbackWaiter {
  readonly request: CallbackRequest;
  readonly queued: QueuedCall;
  readonly log: Logger;
  offering: boolean;
  done: (outcome: CallbackAttemptOutcome | 'detached') => void;
}

/**
 * How serving a caller ended: one of the flow's outcomes, a blind transfer (to a queue or an
 * extension), or back to the queue the caller was in (the extension did not answer).
 */
type Served =
  | QueueResult
  | { readonly outcome: 'transfer'; readonly to: { readonly queue: string } | { readonly extension: string } }
  | { readonly outcome: 'returned'; readonly extension: string };

/** Asterisk's cause for a citizen's phone that did not answer, as a callback outcome. */
export function callbackOutcome(reason: 'gone' | 'timeout' | 'stopped' | 'failed', cause: string): CallbackAttemptOutcome {
  if (/busy/i.test(cause)) return 'busy';
  if (reason === 'timeout' || /no answer|no user|normal|unavailable|not found|rejected|declined/i.test(cause)) return 'no_answer';
  return 'failed';
}


/** The events the ACD acts on as they arrive (asked from the desktop, on whichever engine). */
export const ACD_READS: readonly EventType[] = ['acd.transfer_requested', 'acd.consult_complete_requested', 'acd.consult_cancel_requested'];

export class Acd {
  readonly routing: RoutingState;
  private readonly waiters = new Map<string, Waiter>();
  /** Callbacks waiting for their turn on this engine (no caller on the line). */
  private readonly callbackWaiters = new Map<string, CallbackWaiter>();
  /** Citizens being dialled back: call id → resolves with their channel when they answer. */
  private readonly callbackLegs = new Map<string, (leg: CallChannel) => void>();
  /** Per queue: callbacks of this engine ringing an agent, dialling the citizen or talking. */
  private readonly callbacksInFlight = new Map<string, number>();
  private readonly offers = new Map<string, { agentId: string; answered: (leg: CallChannel) => void }>();
  /** Announced transfers ringing: call id → resolves with the extension's channel when it answers. */
  private readonly consults = new Map<string, (leg: CallChannel) => void>();
  /** Agent id → PJSIP endpoint, kept with the routing state so an offer reads nothing before it rings. */
  private readonly endpoints = new Map<string, string>();
  private readonly wrapTimers = new Map<string, NodeJS.Timeout>();
  private readonly relaxTimers = new Map<string, NodeJS.Timeout>();
  /** Agent legs of conversations found in Redis at start: leg channel id → call id. */
  private readonly legOwners = new Map<string, string>();
  private readonly adoptedLegs = new Map<string, CallChannel>();
  private readonly legAdopted = new Set<() => void>();
  private readonly inFlight = new Set<Promise<void>>();
  private chain: Promise<void> = Promise.resolve();
  private detaching = false;
  private readonly log: Logger;
  private currentConfig: AcdConfig;

  constructor(private readonly deps: AcdDeps) {
    this.currentConfig = deps.config;
    this.routing = new RoutingState(deps.config.queues);
    this.log = deps.logger.child({ component: 'acd' });
  }

  get config(): AcdConfig {
    return this.currentConfig;
  }

  /** Applies another configuration at once (a queues.yaml version went live). */
  useConfig(config: AcdConfig): void {
    if (config === this.currentConfig) return;
    this.currentConfig = config;
    this.routing.setQueues(config.queues);
    this.log.info({ queues: [...config.queues.keys()] }, 'acd.config_applied');
  }

  private async refreshConfig(): Promise<void> {
    const live = await this.deps.configSource?.().catch((error: unknown) => {
      this.log.error({ err: String(error) }, 'acd.config_read_failed');
      return undefined;
    });
    if (live) this.useConfig(live);
  }

  /** Clean-up after a failure: the first error is the one that counts; this one is logged with its code. */
  private async cleanup(what: string, op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
    } catch (error) {
      this.log.error({ code: 'ACD.CLEANUP_FAILED', what, err: error instanceof Error ? error.message : String(error) }, 'acd.cleanup_failed');
    }
  }

  private nowMs(): number {
    return this.deps.now().getTime();
  }

  /**
   * Loads agents and queued calls from Redis. Offers that were ringing when the previous engine
   * died are ended (the agent is released, the caller keeps their place); conversations in
   * progress are adopted when their channels come back from Asterisk.
   */
  async start(): Promise<void> {
    await this.refreshConfig();
    for (const a of await this.deps.store.agents()) this.applyAgent(a);
    for (const q of await this.deps.store.queuedCalls()) {
      if (q.status === 'offered' && q.agentId !== undefined) {
        const legId = q.legChannelId;
        if (legId !== undefined) await bestEffort(this.log, 'hangupChannel', () => this.deps.telephony.hangupChannel(legId));
        await this.deps.store.offerEnd(q.agentId, q.callId, 'recovered', 'available', '', this.deps.now());
        await this.refreshAgent(q.agentId, false);
      }
      if (q.status === 'connected' && q.legChannelId !== undefined) this.legOwners.set(q.legChannelId, q.callId);
    }
    this.log.info({ agents: [...this.routing.allAgents()].length, legs: this.legOwners.size }, 'acd.loaded');
  }

  /** True (and handled) if this channel is an agent leg of the ACD. */
  claimLeg(channel: CallChannel): boolean {
    const [kind, callId, agentId] = channel.info.appArgs;
    if (kind === OFFER && callId !== undefined) {
      const pending = this.offers.get(callId);
      if (pending && pending.agentId === agentId) pending.answered(channel);
      else void bestEffort(this.log, 'hangup', () => channel.hangup()); // answered after the offer ended
      return true;
    }
    const awaited = kind === CONSULT ? this.consults : kind === CALLBACK_LEG ? this.callbackLegs : undefined;
    if (awaited && callId !== undefined) {
      const pending = awaited.get(callId);
      if (pending) pending(channel);
      else void bestEffort(this.log, 'hangup', () => channel.hangup()); // answered after the agent gave up
      return true;
    }
    if (channel.info.recovered && this.legOwners.has(channel.info.channelId)) {
      this.adoptedLegs.set(channel.info.channelId, channel);
      for (const notify of this.legAdopted) notify();
      return true;
    }
    return false;
  }

  /** A flow's queue step: waits until an agent has answered and the conversation is over, or the caller must leave. */
  async queue(call: CallChannel, callId: string, request: QueueRequest, log: Logger): Promise<QueueResult> {
    await this.refreshConfig();
    const def = this.config.queues.get(request.queue);
    if (!def) {
      log.error({ queue: request.queue }, 'acd.no_such_queue');
      return { outcome: 'unavailable' };
    }
    if (!this.anyAgentLoggedIn(request.queue)) {
      await this.deps.events.append({ type: 'acd.no_agents', callId, at: this.deps.now(), data: { queue: request.queue } });
      return { outcome: 'no_agents' };
    }
    const enteredAt = this.nowMs();
    const data = { ...request.data, tags: request.tags.join(',') };
    let seq: number;
    try {
      ({ seq } = await this.deps.store.enqueue({ callId, queueId: request.queue, priority: request.priority, enteredAt, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data }, def.maxLength, this.deps.now()));
    } catch (error) {
      if (error instanceof EngineError && error.code === 'ACD.QUEUE_FULL') return { outcome: 'full' };
      const own = error instanceof EngineError && error.code === 'ACD.ALREADY_QUEUED' ? await this.deps.store.queuedCall(callId) : undefined;
      if (own?.status === 'waiting' && own.channelId === call.info.channelId) {
        // Back from the callback offer (the caller chose to keep waiting): the same place.
        return this.followTransfers(call, own, await this.serve(call, own, def, log, request.offerCallback), log);
      }
      throw error;
    }
    const queued: QueuedCall = { callId, queueId: request.queue, priority: request.priority, enteredAt, seq, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data, status: 'waiting' };
    return this.followTransfers(call, queued, await this.serve(call, queued, def, log, request.offerCallback), log);
  }

  /**
   * An agent transferred the caller. To another queue: they wait there (music, announcements),
   * with the data and journey they came with and who sent them, until the next agent. To an
   * extension: it rings while the caller hears music; nobody answering puts the caller back at the
   * head of the queue they came from — never a dead end.
   */
  private async followTransfers(call: CallChannel, from: QueuedCall, served: Served, log: Logger): Promise<QueueResult> {
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
      const def = this.config.queues.get(target);
      if (!def) return { outcome: 'answered' };
      const enteredAt = this.nowMs();
      const data = returned ? { ...queued.data, returnedFrom: result.outcome === 'returned' ? result.extension : '' } : { ...queued.data, transferredFrom: queued.queueId };
      const priority = returned ? RETURNED_PRIORITY : queued.priority;
      try {
        if (returned) await call.play([promptMedia(SYSTEM_PROMPTS.transferNoAnswer)], { timeoutMs: this.deps.promptTimeoutMs });
        const { seq } = await this.deps.store.enqueue({ callId: queued.callId, queueId: target, priority, enteredAt, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data }, def.maxLength, this.deps.now());
        queued = { callId: queued.callId, queueId: target, priority, enteredAt, seq, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data, status: 'waiting' };
      } catch (error) {
        if (error instanceof CallHungUpError) return { outcome: 'answered' };
        // A full queue: the caller has been served once; they hear that the operators are busy.
        log.warn({ queue: target, err: error instanceof Error ? error.message : String(error) }, 'acd.transfer_failed');
        await bestEffort(this.log, 'play', () => call.play([promptMedia(SYSTEM_PROMPTS.operatorsBusy)], { timeoutMs: this.deps.promptTimeoutMs }));
        return { outcome: 'answered' };
      }
      result = await this.serve(call, queued, def, log);
    }
    return result;
  }

  /** A blind transfer to an extension: it rings while the caller hears music; connected until either hangs up. */
  private async toExtension(call: CallChannel, queued: QueuedCall, extension: string, log: Logger): Promise<'connected' | 'failed'> {
    const def = this.config.queues.get(queued.queueId);
    if (!this.deps.transfers || !def) return 'failed';
    await bestEffort(this.log, 'startMoh', () => call.startMoh(def.musicOnHold));
    const outcome = await this.deps.transfers.connect(call, queued.callId, { extension }, def.transferRingSeconds);
    await this.deps.events.append({ type: 'acd.extension_transfer', callId: queued.callId, at: this.deps.now(), data: { queue: queued.queueId, extension, outcome } });
    log.info({ extension, outcome }, 'acd.extension_transfer');
    if (outcome === 'failed') {
      await bestEffort(this.log, 'stopMoh', () => call.stopMoh());
      return 'failed';
    }
    await this.deps.transfers.untilOver(queued.callId);
    return 'connected';
  }

  /**
   * An agent's transfer request, or their completion or cancellation of an announced transfer
   * (from any engine, through the event log), reaches the engine holding the caller.
   */
  onEvent(event: { readonly type: string; readonly callId: string; readonly data: Record<string, unknown> }): void {
    const waiter = this.waiters.get(event.callId);
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
   * A channel adopted after a restart whose call the ACD holds: the caller goes back to waiting
   * in their place, or their conversation with the agent goes on. Undefined if not the ACD's.
   */
  async resume(call: CallChannel, callId: string, log: Logger): Promise<QueueResult | undefined> {
    const queued = await this.deps.store.queuedCall(callId);
    if (!queued) return undefined;
    const def = this.config.queues.get(queued.queueId);
    if (!def) return undefined;
    await this.deps.events.append({ type: 'acd.resumed', callId, at: this.deps.now(), data: { queue: queued.queueId, status: queued.status } });
    if (queued.status === 'connected' && queued.agentId !== undefined && queued.legChannelId !== undefined && queued.bridgeId !== undefined) {
      const leg = await this.adoptedLeg(queued.legChannelId);
      const waiter = this.addWaiter(call, queued, log);
      try {
        if (leg) {
          waiter.connected = { agentId: queued.agentId, leg, bridgeId: queued.bridgeId };
          return await this.followTransfers(call, queued, await this.converse(waiter, def), log);
        }
        // The agent's side did not survive: the conversation is over.
        await this.deps.store.callEnd(queued.agentId, callId, queued.queueId, def.wrapUpSeconds, 'asterisk', this.deps.now());
        await this.refreshAgent(queued.agentId);
        await bestEffort(this.log, 'hangup', () => call.hangup('normal'));
        return { outcome: 'answered' };
      } finally {
        this.waiters.delete(callId);
      }
    }
    const waiting = { ...queued, status: 'waiting' as const };
    return this.followTransfers(call, waiting, await this.serve(call, waiting, def, log), log);
  }

  /**
   * A caller's call ended: if they still hold a place in a queue (they left while the flow was
   * booking their callback), it is given up. A place already turned into a callback stays.
   */
  async release(callId: string, channelId: string): Promise<void> {
    const q = await this.deps.store.queuedCall(callId);
    if (q?.status === 'waiting' && q.channelId === channelId) await this.deps.store.leave(callId, q.queueId, 'abandoned', this.deps.now());
  }

  /**
   * One attempt of a callback: it waits in its queue in its place (counted in positions, served in
   * its turn, within the callbacks' share of the agents while live callers wait); when its turn
   * comes an agent is reserved and rung with the callback's screen-pop, and only once the agent
   * has answered is the citizen dialled through the trunk, presenting the service number. Resolves
   * when the attempt is over: answered (the conversation goes on), or why not.
   */
  async serveCallback(request: CallbackRequest, log: Logger): Promise<CallbackAttemptOutcome> {
    await this.refreshConfig();
    const def = this.config.queues.get(request.queueId);
    if (!def) {
      log.error({ queue: request.queueId }, 'acd.no_such_queue');
      return 'failed';
    }
    const callId = request.acdCallId;
    if (this.detaching) throw new CallDetachedError(callId);
    let queued = await this.deps.store.queuedCall(callId);
    if (queued?.status === 'connected') {
      // A previous engine connected it and died: that conversation took place.
      if (queued.agentId !== undefined) {
        await this.deps.store.callEnd(queued.agentId, callId, queued.queueId, def.wrapUpSeconds, 'asterisk', this.deps.now());
        const agentId = queued.agentId;
        await this.cleanup('refresh_agent', () => this.refreshAgent(agentId));
      }
      return 'answered';
    }
    if (!queued) {
      const data = { ...request.data, callback: request.callbackId };
      const { seq } = await this.deps.store.enqueue({ callId, queueId: request.queueId, priority: request.priority, enteredAt: request.enteredAt, channelId: '', callerNumber: request.number, data }, Number.MAX_SAFE_INTEGER, this.deps.now());
      queued = { callId, queueId: request.queueId, priority: request.priority, enteredAt: request.enteredAt, seq, channelId: '', callerNumber: request.number, data, status: 'waiting', callback: request.callbackId };
    }
    const entry: QueuedCall = { ...queued, callback: request.callbackId };
    let settle: (outcome: CallbackAttemptOutcome | 'detached') => void = () => undefined;
    const settled = new Promise<CallbackAttemptOutcome | 'detached'>((resolve) => (settle = resolve));
    const waiter: CallbackWaiter = { request, queued: entry, log, offering: false, done: (o) => settle(o) };
    this.callbackWaiters.set(callId, waiter);
    this.enterRouting(entry);
    const nudge = setInterval(() => {
      if (!waiter.offering && this.routing.call(callId)) this.routeCall(callId);
    }, CALLBACK_NUDGE_MS);
    log.info({ queue: entry.queueId, callback: request.callbackId }, 'acd.callback_waiting');
    try {
      const outcome = await settled;
      if (outcome === 'detached') throw new CallDetachedError(callId);
      return outcome;
    } finally {
      clearInterval(nudge);
      this.callbackWaiters.delete(callId);
      this.leaveRouting(callId);
    }
  }

  /** A callback cancelled while it waits for its turn leaves the queue (on whichever engine holds it). */
  async cancelCallback(acdCallId: string): Promise<void> {
    const q = await this.deps.store.queuedCall(acdCallId);
    if (q?.status === 'waiting' && q.callback !== undefined) await this.deps.store.leave(acdCallId, q.queueId, 'callback_cancelled', this.deps.now());
    const w = this.callbackWaiters.get(acdCallId);
    if (w && !w.offering) w.done('cancelled');
  }

  /** Rings the agent for a callback; once they answer, dials the citizen and bridges them. */
  private async offerCallback(w: CallbackWaiter, agent: RoutingAgent): Promise<void> {
    const { request, queued, log } = w;
    const def = this.config.queues.get(queued.queueId) as QueueDefinition;
    const { callId } = queued;
    let finished = false;
    try {
      const answered = new Promise<CallChannel>((resolve) => this.offers.set(callId, { agentId: agent.id, answered: resolve }));
      const rung = await ringLeg(this.deps.telephony, { endpoint: `PJSIP/${this.endpoints.get(agent.id) ?? agent.id}`, appArgs: [OFFER, callId, agent.id], timeoutSeconds: def.ringSeconds, callerId: request.number }, answered, undefined, (legId) => this.deps.store.setOfferLeg(callId, legId));
      if (rung.leg === undefined) {
        // The agent did not take it: as for a live caller, the callback keeps its place.
        await this.endUnansweredOffer(agent.id, callId, rung.reason === 'failed' ? 'failed' : 'no_answer', def);
        log.info({ agentId: agent.id, outcome: rung.reason }, 'acd.callback_offer_ended');
        w.offering = false;
        this.countCallback(queued.queueId, -1);
        if (this.callbackWaiters.get(callId) === w) {
          if (this.detaching) w.done('detached');
          else {
            this.routing.addCall(queued);
            this.routeCall(callId);
          }
        }
        await this.refreshAgent(agent.id);
        return;
      }
      const agentLeg = rung.leg;
      const bridgeId = await this.deps.telephony.createBridge('mixing');
      await bestEffort(this.log, 'addToBridge', () => this.deps.telephony.addToBridge(bridgeId, agentLeg.info.channelId));
      const citizenAnswered = new Promise<CallChannel>((resolve) => this.callbackLegs.set(callId, resolve));
      const dial = (await request.beforeDial())
        ? await ringLeg(this.deps.telephony, { endpoint: request.dial, appArgs: [CALLBACK_LEG, callId], timeoutSeconds: def.callbacks.ringSeconds, callerId: request.callerId }, citizenAnswered, ended(agentLeg.ended))
        : ({ reason: 'failed', cause: 'this attempt was already dialled' } as const);
      this.callbackLegs.delete(callId);
      if (dial.leg === undefined) {
        const outcome = dial.reason === 'stopped' ? 'failed' : callbackOutcome(dial.reason, dial.cause);
        await bestEffort(this.log, 'hangup', () => agentLeg.hangup());
        await bestEffort(this.log, 'destroyBridge', () => this.deps.telephony.destroyBridge(bridgeId));
        await this.deps.store.offerEnd(agent.id, callId, 'citizen_unreachable', 'available', '', this.deps.now());
        await this.deps.store.leave(callId, queued.queueId, 'callback_unreachable', this.deps.now());
        log.info({ agentId: agent.id, outcome, cause: dial.cause }, 'acd.callback_unanswered');
        finished = true;
        w.done(outcome);
        await this.refreshAgent(agent.id);
        return;
      }
      const citizen = dial.leg;
      await this.deps.telephony.addToBridge(bridgeId, citizen.info.channelId);
      await this.deps.store.setCallChannel(callId, citizen.info.channelId);
      const waited = await this.deps.store.connect(agent.id, callId, queued.queueId, agentLeg.info.channelId, bridgeId, this.deps.now(), def.serviceLevel.seconds);
      log.info({ agentId: agent.id, waitedMs: waited ?? null }, 'acd.callback_connected');
      const talking: QueuedCall = { ...queued, channelId: citizen.info.channelId, status: 'connected' };
      const waiter: Waiter = { call: citizen, queued: talking, log, offering: false, connected: { agentId: agent.id, leg: agentLeg, bridgeId }, wake: () => undefined };
      this.waiters.set(callId, waiter);
      await this.refreshAgent(agent.id, false);
      finished = true;
      w.done('answered');
      // The conversation goes on like any other (the agent may transfer the citizen).
      try {
        const served = await this.converse(waiter, def);
        await this.followTransfers(citizen, talking, served, log);
      } catch (error) {
        if (!(error instanceof CallDetachedError) && !(error instanceof CallHungUpError)) log.warn({ err: error instanceof Error ? error.message : String(error) }, 'acd.callback_conversation_failed');
      } finally {
        this.waiters.delete(callId);
        if (!this.detaching) await bestEffort(this.log, 'hangup', () => citizen.hangup());
      }
    } catch (error) {
      log.warn({ agentId: agent.id, err: error instanceof Error ? error.message : String(error) }, 'acd.callback_failed');
      if (!finished) {
        await this.cleanup('end_offer', () => this.deps.store.offerEnd(agent.id, callId, 'failed', 'available', '', this.deps.now()));
        await this.cleanup('leave_queue', () => this.deps.store.leave(callId, queued.queueId, 'callback_unreachable', this.deps.now()));
        await this.cleanup('refresh_agent', () => this.refreshAgent(agent.id));
        w.done('failed');
      }
    } finally {
      this.offers.delete(callId);
      this.callbackLegs.delete(callId);
      if (w.offering) {
        w.offering = false;
        this.countCallback(queued.queueId, -1);
      }
    }
  }

  /** After Asterisk (re)connected: calls whose channel is gone leave the ACD (and free their agent). */
  async endLostCalls(present: ReadonlySet<string>): Promise<void> {
    for (const q of await this.deps.store.queuedCalls()) {
      if (present.has(q.channelId)) continue;
      // A callback waiting for its turn has no channel: it is its job's, not Asterisk's.
      if (q.callback !== undefined && q.channelId === '') continue;
      const at = this.deps.now();
      if (q.status === 'connected' && q.agentId !== undefined) {
        const legId = q.legChannelId;
        if (legId !== undefined) await bestEffort(this.log, 'hangupChannel', () => this.deps.telephony.hangupChannel(legId));
        await this.deps.store.callEnd(q.agentId, q.callId, q.queueId, this.config.queues.get(q.queueId)?.wrapUpSeconds ?? 0, 'asterisk', at);
      } else {
        if (q.status === 'offered' && q.agentId !== undefined) await this.deps.store.offerEnd(q.agentId, q.callId, 'caller_gone', 'available', '', at);
        await this.deps.store.leave(q.callId, q.queueId, 'lost', at);
      }
      this.routing.removeCall(q.callId);
      if (q.agentId !== undefined) await this.refreshAgent(q.agentId);
      this.log.warn({ callId: q.callId, queue: q.queueId, status: q.status }, 'acd.call_lost_while_engine_down');
    }
  }

  /** The engine is stopping: callers stay in Asterisk (music on hold, bridges) for the next engine. */
  detach(): void {
    this.detaching = true;
    for (const w of this.waiters.values()) w.wake();
    for (const w of this.callbackWaiters.values()) if (!w.offering) w.done('detached');
  }

  async stop(): Promise<void> {
    this.detach();
    for (const t of [...this.wrapTimers.values(), ...this.relaxTimers.values()]) clearTimeout(t);
    this.wrapTimers.clear();
    this.relaxTimers.clear();
    await Promise.allSettled([...this.inFlight]);
    await this.chain;
  }

  // --- agents (API) -------------------------------------------------------------------------

  async saveAgent(profile: AgentProfile, actor: string): Promise<{ created: boolean; agent: Agent }> {
    for (const q of profile.queues) if (!this.config.queues.has(q)) throw new EngineError('ACD.NO_SUCH_QUEUE', `queues: "${q}" is not a queue in queues.yaml`);
    for (const s of Object.keys(profile.skills)) if (!this.config.skills.has(s)) throw new EngineError('ACD.NO_SUCH_SKILL', `skills: "${s}" is not a skill in queues.yaml`);
    const { created } = await this.deps.store.saveAgent(profile, actor, this.deps.now());
    return { created, agent: await this.refreshAgent(profile.id) };
  }

  /** Sets the PIN an agent logs in to the desktop with (only its hash is kept). */
  async setPin(agentId: string, pin: string, actor: string): Promise<void> {
    await this.deps.store.setPinHash(agentId, await hashPin(pin), actor, this.deps.now());
  }

  async removeAgent(agentId: string, actor: string): Promise<void> {
    await this.deps.store.removeAgent(agentId, actor, this.deps.now());
    this.routing.removeAgent(agentId);
    this.endpoints.delete(agentId);
  }

  async agentAction(agentId: string, action: AgentAction, reason: string | undefined, actor: string): Promise<Agent> {
    if (action === 'pause' && (reason === undefined || !this.config.pauseReasons.has(reason))) {
      throw new EngineError('ACD.NO_SUCH_PAUSE_REASON', `reason: "${reason ?? ''}" is not a pause reason (${[...this.config.pauseReasons.keys()].join(', ')})`);
    }
    await this.deps.store.agentAction(agentId, action, action === 'pause' ? (reason ?? '') : '', actor, this.deps.now());
    return this.refreshAgent(agentId);
  }

  agents(): Promise<Agent[]> {
    return this.deps.store.agents();
  }

  agent(agentId: string): Promise<Agent | undefined> {
    return this.deps.store.agent(agentId);
  }

  /** Per queue of the live configuration: what waits now and today's counters (Rome's day). */
  async queuesNow(): Promise<QueueNow[]> {
    const ids = [...this.config.queues.keys()];
    const now = await this.deps.store.queuesNow(ids, localDate(this.deps.now()));
    return ids.map((id) => {
      const def = this.config.queues.get(id) as QueueDefinition;
      const n = now.get(id);
      return { id, name: def.name, serviceLevel: def.serviceLevel, waiting: n?.waiting ?? 0, oldestEnteredAt: n?.oldestEnteredAt, counters: { ...NO_COUNTERS, ...n?.counters } };
    });
  }

  /** A call in the ACD's hands (waiting, offered or connected), from Redis. */
  queuedCall(callId: string): Promise<QueuedCall | undefined> {
    return this.deps.store.queuedCall(callId);
  }

  // --- the wait -----------------------------------------------------------------------------

  private addWaiter(call: CallChannel, queued: QueuedCall, log: Logger): Waiter {
    const waiter: Waiter = { call, queued, log, offering: false, wake: () => undefined };
    this.waiters.set(queued.callId, waiter);
    return waiter;
  }

  private async serve(call: CallChannel, queued: QueuedCall, def: QueueDefinition, log: Logger, callbackOffer?: { readonly afterMinutes: number }): Promise<Served> {
    const { callId } = queued;
    const waiter = this.addWaiter(call, queued, log);
    const deadline = queued.enteredAt + def.maxWaitSeconds * 1000;
    let nextAnnouncement = this.nowMs() + def.announcements.everySeconds * 1000;
    let stopKeys = (): void => undefined;
    if (callbackOffer) {
      waiter.callbackOffer = callbackOffer;
      // Offered at once when the flow says so; otherwise with the announcement that says a long wait.
      if (callbackOffer.afterMinutes === 0) nextAnnouncement = this.nowMs();
      stopKeys = call.onDtmf((digit) => {
        if (digit !== CALLBACK_KEY || !waiter.callbackOffered || waiter.offering || waiter.connected) return;
        waiter.callbackChosen = true;
        waiter.wake();
      });
    }
    try {
      await despiteSlowAsterisk(log, 'music_on_hold', () => call.startMoh(def.musicOnHold));
      this.enterRouting(queued);
      for (;;) {
        if (this.detaching) throw new CallDetachedError(callId);
        if (waiter.connected) return await this.converse(waiter, def);
        if (waiter.callbackChosen && !waiter.offering && !call.ended.aborted) {
          // The caller's entry stays in Redis, in its place, while the flow confirms the number.
          await bestEffort(this.log, 'stopPlayback', () => call.stopPlayback());
          await bestEffort(this.log, 'stopMoh', () => call.stopMoh());
          await this.deps.events.append({ type: 'acd.callback_chosen', callId, at: this.deps.now(), data: { queue: queued.queueId, position: this.routing.position(callId) ?? null } });
          return { outcome: 'callback' };
        }
        if (call.ended.aborted) {
          await this.deps.store.leave(callId, queued.queueId, 'abandoned', this.deps.now());
          throw new CallHungUpError(call.info.channelId);
        }
        const now = this.nowMs();
        if (!waiter.offering) {
          if (now >= deadline) return await this.leave(waiter, 'timeout');
          if (!this.anyAgentLoggedIn(queued.queueId)) return await this.leave(waiter, 'no_agents');
          if (now >= nextAnnouncement) {
            await this.announce(waiter, def);
            nextAnnouncement = this.nowMs() + def.announcements.everySeconds * 1000;
            continue;
          }
        }
        await this.sleep(waiter, Math.max(0, Math.min(deadline, nextAnnouncement) - now));
      }
    } catch (error) {
      // Whatever went wrong (the caller gone mid-command, Redis or ARI failing), the caller
      // does not stay queued in Redis; a detached caller does, for the next engine.
      if (!(error instanceof CallDetachedError) && !waiter.connected) {
        await this.cleanup('leave_queue', () => this.deps.store.leave(callId, queued.queueId, call.ended.aborted ? 'abandoned' : 'lost', this.deps.now()));
      }
      throw error;
    } finally {
      stopKeys();
      this.waiters.delete(callId);
      this.leaveRouting(callId);
    }
  }

  /** Waits until woken (an offer answered or ended, an agent logged out, the caller hung up) or ms pass. */
  private sleep(waiter: Waiter, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiter.call.ended.removeEventListener('abort', done);
        waiter.wake = () => undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiter.wake = done;
      waiter.call.ended.addEventListener('abort', done, { once: true });
    });
  }

  private async leave(waiter: Waiter, reason: 'timeout' | 'no_agents'): Promise<QueueResult> {
    const { queued, call } = waiter;
    await this.deps.store.leave(queued.callId, queued.queueId, reason === 'timeout' ? 'timeout' : 'lost', this.deps.now());
    await bestEffort(this.log, 'stopMoh', () => call.stopMoh());
    waiter.log.info({ queue: queued.queueId, reason }, 'acd.left_queue');
    return { outcome: reason };
  }

  /** Position and estimated wait, in Italian, over the music. */
  private async announce(waiter: Waiter, def: QueueDefinition): Promise<void> {
    const { queued, call } = waiter;
    const position = this.routing.position(queued.callId);
    const media: string[] = [];
    if (def.announcements.position && position !== undefined) media.push(promptMedia(SYSTEM_PROMPTS.queuePosition), `number:${position}`);
    let minutes: number | undefined;
    if (def.announcements.estimate && position !== undefined) {
      const handle = await this.deps.store.handleTimes(queued.queueId);
      minutes = minutesToSay(estimateWaitSeconds({ position, agentsServing: this.agentsServing(queued.queueId), handleTimesSeconds: handle, minSamples: this.deps.minEstimateSamples ?? 3 }));
      if (minutes === 1) media.push(promptMedia(SYSTEM_PROMPTS.queueWaitUnderOneMinute));
      else if (minutes !== undefined) media.push(promptMedia(SYSTEM_PROMPTS.queueWaitLessThan), `number:${minutes}`, promptMedia(SYSTEM_PROMPTS.queueMinutes));
    }
    if (media.length === 0) media.push(promptMedia(SYSTEM_PROMPTS.queueStayOnLine));
    const offer = waiter.callbackOffer;
    if (offer && (offer.afterMinutes === 0 || (minutes ?? 0) >= offer.afterMinutes)) {
      media.push(promptMedia(SYSTEM_PROMPTS.queueCallbackOffer));
      waiter.callbackOffered = true;
    }
    await this.deps.events.append({ type: 'acd.announcement', callId: queued.callId, at: this.deps.now(), data: { queue: queued.queueId, position, minutes: minutes ?? null, callbackOffered: waiter.callbackOffered === true } });
    if (waiter.offering || waiter.connected) return;
    const log = waiter.log;
    await despiteSlowAsterisk(log, 'music_on_hold', () => call.stopMoh());
    try {
      await despiteSlowAsterisk(log, 'announcement', () => call.play(media, { timeoutMs: this.deps.promptTimeoutMs }));
    } finally {
      // An offer answered meanwhile has taken the caller to the agent: no music then.
      if (!waiter.connected && !call.ended.aborted) await despiteSlowAsterisk(log, 'music_on_hold', () => call.startMoh(def.musicOnHold));
    }
  }

  /**
   * The conversation: ends when either side hangs up; the other is released, the agent goes to
   * wrap-up. The agent may hand the caller on (blind), or consult an extension first (announced).
   */
  private async converse(waiter: Waiter, def: QueueDefinition): Promise<Served> {
    const c = waiter.connected as Connected;
    const { call, queued } = waiter;
    for (;;) {
      const woken = new Promise<void>((r) => (waiter.wake = () => (this.detaching || waiter.transfer !== undefined) && r()));
      await Promise.race([ended(call.ended), ended(c.leg.ended), woken]);
      if (this.detaching && !call.ended.aborted && !c.leg.ended.aborted) throw new CallDetachedError(queued.callId);
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
    const endedBy = call.ended.aborted ? 'caller' : 'agent';
    await Promise.all([bestEffort(this.log, 'hangup', () => call.hangup()), bestEffort(this.log, 'hangup', () => c.leg.hangup())]);
    await bestEffort(this.log, 'destroyBridge', () => this.deps.telephony.destroyBridge(c.bridgeId));
    const talk = await this.deps.store.callEnd(c.agentId, queued.callId, queued.queueId, def.wrapUpSeconds, endedBy, this.deps.now());
    waiter.log.info({ agentId: c.agentId, talkSeconds: talk, endedBy }, 'acd.conversation_ended');
    await this.refreshAgent(c.agentId);
    return { outcome: 'answered' };
  }

  /**
   * The agent leaves the caller: their leg is released and they go to wrap-up; the caller stays
   * up (for the next queue or extension, or already bridged with the extension when announced).
   */
  private async handOff(waiter: Waiter, def: QueueDefinition, to: { queue: string } | { extension: string }, mode: 'blind' | 'announced', keepBridge = false): Promise<void> {
    const c = waiter.connected as Connected;
    const { queued } = waiter;
    if (!keepBridge) await bestEffort(this.log, 'destroyBridge', () => this.deps.telephony.destroyBridge(c.bridgeId));
    await bestEffort(this.log, 'hangup', () => c.leg.hangup());
    const talk = await this.deps.store.callEnd(c.agentId, queued.callId, queued.queueId, def.wrapUpSeconds, 'agent', this.deps.now());
    const target = 'queue' in to ? to.queue : to.extension;
    await this.deps.events.append({ type: 'acd.transferred', callId: queued.callId, at: this.deps.now(), data: { agentId: c.agentId, from: queued.queueId, to: target, kind: 'queue' in to ? 'queue' : 'extension', mode, talkSeconds: talk ?? null } });
    waiter.log.info({ agentId: c.agentId, to: target, mode }, 'acd.transferred');
    await this.refreshAgent(c.agentId);
  }

  /**
   * An announced transfer: the caller holds (music) while the agent's call rings the extension;
   * when it answers the agent talks to it, then completes (or hangs up: the caller is connected to
   * the extension) or cancels (the caller comes back to the agent). An extension that does not
   * answer brings the caller back to the agent — or, if the agent has hung up, to the queue.
   */
  private async consult(waiter: Waiter, def: QueueDefinition, extension: string): Promise<'resumed' | 'completed' | 'ended' | 'returned'> {
    const c = waiter.connected as Connected;
    const { call, queued, log } = waiter;
    const emit = (type: EventType, data: Record<string, unknown> = {}) => this.deps.events.append({ type, callId: queued.callId, at: this.deps.now(), data: { agentId: c.agentId, extension, ...data } });
    waiter.consultAction = undefined;
    await this.deps.store.setConsult(queued.callId, { extension, status: 'ringing' });
    await emit('acd.consult_started');
    await bestEffort(this.log, 'removeFromBridge', () => this.deps.telephony.removeFromBridge(c.bridgeId, call.info.channelId));
    await bestEffort(this.log, 'startMoh', () => call.startMoh(def.musicOnHold));

    let target: CallChannel | undefined;
    let reason = 'no_answer';
    const answered = new Promise<CallChannel>((resolve) => this.consults.set(queued.callId, resolve));
    const cancelled = new Promise<void>((resolve) => (waiter.wake = () => waiter.consultAction === 'cancel' && resolve()));
    try {
      // The agent hanging up while it rings does not stop it: the caller gets the extension, as if blind.
      const rung = await ringLeg(
        this.deps.telephony,
        { endpoint: `PJSIP/${extension}`, appArgs: [CONSULT, queued.callId], timeoutSeconds: def.transferRingSeconds, callerId: call.info.callerNumber },
        answered,
        Promise.race([cancelled, ended(call.ended)]),
      );
      if (rung.leg !== undefined) target = rung.leg;
      else if (rung.reason === 'gone') reason = 'unreachable';
      else if (rung.reason === 'stopped') reason = waiter.consultAction === 'cancel' ? 'cancelled' : 'caller';
      else if (rung.reason === 'failed') {
        log.warn({ extension, err: rung.cause }, 'acd.consult_failed');
        reason = 'failed';
      }
    } finally {
      this.consults.delete(queued.callId);
    }

    if (!target) {
      await emit('acd.consult_failed', { reason });
      await this.deps.store.setConsult(queued.callId, undefined);
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
      await this.deps.telephony.addToBridge(c.bridgeId, leg.info.channelId);
    } catch {
      await bestEffort(this.log, 'hangup', () => leg.hangup());
    }
    await this.deps.store.setConsult(queued.callId, { extension, status: 'talking' });
    await emit('acd.consult_answered');
    // A decision that came while it rang (or the agent who hung up meanwhile) is acted on at once.
    const decided = waiter.consultAction !== undefined ? Promise.resolve() : new Promise<void>((resolve) => (waiter.wake = () => waiter.consultAction !== undefined && resolve()));
    await Promise.race([ended(call.ended), ended(c.leg.ended), ended(leg.ended), decided]);

    if (call.ended.aborted) {
      await bestEffort(this.log, 'hangup', () => leg.hangup());
      await emit('acd.consult_ended', { reason: 'caller' });
      return 'ended';
    }
    if (!leg.ended.aborted && (waiter.consultAction === 'complete' || c.leg.ended.aborted)) {
      // Completed: the agent leaves; the caller joins the extension in the same bridge.
      await this.handOff(waiter, def, { extension }, 'announced', true);
      await bestEffort(this.log, 'stopMoh', () => call.stopMoh());
      await bestEffort(this.log, 'addToBridge', () => this.deps.telephony.addToBridge(c.bridgeId, call.info.channelId));
      await Promise.race([ended(call.ended), ended(leg.ended)]);
      await Promise.all([bestEffort(this.log, 'hangup', () => call.hangup()), bestEffort(this.log, 'hangup', () => leg.hangup())]);
      await bestEffort(this.log, 'destroyBridge', () => this.deps.telephony.destroyBridge(c.bridgeId));
      return 'completed';
    }
    // Cancelled, or the extension hung up: the caller comes back to the agent.
    await bestEffort(this.log, 'hangup', () => leg.hangup());
    await emit('acd.consult_ended', { reason: leg.ended.aborted && waiter.consultAction !== 'cancel' ? 'extension' : 'cancelled' });
    await this.deps.store.setConsult(queued.callId, undefined);
    if (c.leg.ended.aborted) {
      await this.handOff(waiter, def, { extension }, 'announced');
      return 'returned';
    }
    await this.backToAgent(waiter);
    return 'resumed';
  }

  private async backToAgent(waiter: Waiter): Promise<void> {
    const c = waiter.connected as Connected;
    waiter.consultAction = undefined;
    await bestEffort(this.log, 'stopMoh', () => waiter.call.stopMoh());
    await bestEffort(this.log, 'addToBridge', () => this.deps.telephony.addToBridge(c.bridgeId, waiter.call.info.channelId));
  }

  private async adoptedLeg(channelId: string): Promise<CallChannel | undefined> {
    const deadline = Date.now() + LEG_ADOPTION_MS;
    while (!this.adoptedLegs.has(channelId) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.legAdopted.delete(done);
          resolve();
        };
        const t = setTimeout(done, deadline - Date.now());
        this.legAdopted.add(done);
      });
    }
    const leg = this.adoptedLegs.get(channelId);
    this.adoptedLegs.delete(channelId);
    this.legOwners.delete(channelId);
    return leg;
  }

  // --- routing ------------------------------------------------------------------------------

  /** Decisions run one at a time, each claimed in Redis before the next is taken. */
  private schedule(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((error: unknown) => this.log.error({ err: String(error) }, 'acd.routing_failed'));
  }

  private routeCall(callId: string): void {
    this.schedule(async () => {
      for (let i = 0; i < MAX_CLAIM_ATTEMPTS; i++) {
        const waiting = this.routing.call(callId);
        if (waiting?.callback !== undefined && !this.admitsCallback(waiting.queueId)) return;
        const choice = this.routing.chooseAgent(callId, this.nowMs());
        if (!choice) return;
        if (await this.reserve(choice.agentId, callId, choice.why)) return;
      }
    });
  }

  private routeAgent(agentId: string): void {
    this.schedule(async () => {
      for (let i = 0; i < MAX_CLAIM_ATTEMPTS; i++) {
        let choice = this.routing.chooseCall(agentId, this.nowMs());
        const chosen = choice && this.routing.call(choice.callId);
        // A callback past its share waits: the agent takes the first live caller instead.
        if (chosen?.callback !== undefined && !this.admitsCallback(chosen.queueId)) choice = this.routing.chooseCall(agentId, this.nowMs(), true);
        if (!choice) return;
        if (await this.reserve(agentId, choice.callId, choice.why)) return;
      }
    });
  }

  private async reserve(agentId: string, callId: string, why: unknown): Promise<boolean> {
    const waiter = this.waiters.get(callId);
    const callback = waiter ? undefined : this.callbackWaiters.get(callId);
    const agent = this.routing.agent(agentId);
    if ((!waiter && !callback) || !agent) return false;
    if (!(await this.deps.store.claim(agentId, callId, why, this.deps.instance, this.deps.now()))) {
      // Another engine (or a state change) won: learn the truth and decide again.
      await this.refreshAgent(agentId, false);
      const q = await this.deps.store.queuedCall(callId);
      if (q?.status !== 'waiting') this.routing.removeCall(callId);
      return false;
    }
    this.routing.removeCall(callId);
    this.routing.upsertAgent({ ...agent, status: 'reserved' });
    if (callback) this.countCallback(callback.queued.queueId, 1);
    const offering = callback ?? (waiter as Waiter);
    offering.offering = true;
    const offer = (callback ? this.offerCallback(callback, agent) : this.offer(waiter as Waiter, agent)).finally(() => this.inFlight.delete(offer));
    this.inFlight.add(offer);
    return true;
  }

  /** Rings the agent; on answer bridges them with the caller; otherwise releases the agent and puts the call back. */
  private async offer(waiter: Waiter, agent: RoutingAgent): Promise<void> {
    const { call, queued, log } = waiter;
    const def = this.config.queues.get(queued.queueId) as QueueDefinition;
    let outcome: 'no_answer' | 'failed' | 'caller_gone' = 'no_answer';
    let leg: CallChannel | undefined;
    const answered = new Promise<CallChannel>((resolve) => this.offers.set(queued.callId, { agentId: agent.id, answered: resolve }));
    try {
      // Stopped when the caller hangs up; a leg not answered is hung up by ringLeg.
      const rung = await ringLeg(
        this.deps.telephony,
        { endpoint: `PJSIP/${this.endpoints.get(agent.id) ?? agent.id}`, appArgs: [OFFER, queued.callId, agent.id], timeoutSeconds: def.ringSeconds, callerId: call.info.callerNumber },
        answered,
        ended(call.ended),
        (legId) => this.deps.store.setOfferLeg(queued.callId, legId),
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
      if (answeredLeg) await bestEffort(this.log, 'hangup', () => answeredLeg.hangup());
    } finally {
      this.offers.delete(queued.callId);
    }
    await this.endUnansweredOffer(agent.id, queued.callId, outcome, def);
    log.info({ agentId: agent.id, outcome }, 'acd.offer_ended');
    waiter.offering = false;
    if (outcome !== 'caller_gone' && this.waiters.get(queued.callId) === waiter) {
      // Back in the queue in the place it had: its entry time has not changed.
      this.routing.addCall(queued);
      this.routeCall(queued.callId);
    }
    await this.refreshAgent(agent.id);
    waiter.wake();
  }

  private async connect(waiter: Waiter, agentId: string, leg: CallChannel): Promise<boolean> {
    const { call, queued } = waiter;
    if (call.ended.aborted) return false;
    // A prompt in progress would hold every other command on the channel until it ended.
    await bestEffort(this.log, 'stopPlayback', () => call.stopPlayback());
    await bestEffort(this.log, 'stopMoh', () => call.stopMoh());
    const bridgeId = await this.deps.telephony.createBridge('mixing');
    try {
      await this.deps.telephony.addToBridge(bridgeId, call.info.channelId);
      await this.deps.telephony.addToBridge(bridgeId, leg.info.channelId);
      const waited = await this.deps.store.connect(agentId, queued.callId, queued.queueId, leg.info.channelId, bridgeId, this.deps.now(), this.config.queues.get(queued.queueId)?.serviceLevel.seconds);
      if (waited === undefined) throw new EngineError('ACD.OFFER_GONE', 'the offer ended before the bridge');
      waiter.log.info({ agentId, waitedMs: waited }, 'acd.connected');
    } catch (error) {
      waiter.log.warn({ agentId, err: error instanceof Error ? error.message : String(error) }, 'acd.connect_failed');
      await bestEffort(this.log, 'hangup', () => leg.hangup());
      await bestEffort(this.log, 'destroyBridge', () => this.deps.telephony.destroyBridge(bridgeId));
      return false;
    }
    waiter.connected = { agentId, leg, bridgeId };
    waiter.offering = false;
    await this.refreshAgent(agentId, false);
    waiter.wake();
    return true;
  }

  // --- agents in memory ---------------------------------------------------------------------

  private applyAgent(a: Agent): void {
    this.endpoints.set(a.id, a.endpoint);
    this.routing.upsertAgent({ id: a.id, skills: new Map(Object.entries(a.skills)), queues: a.queues, status: a.status, availableSince: a.availableSince, occupiedSeconds: a.occupiedSeconds });
    clearTimeout(this.wrapTimers.get(a.id));
    this.wrapTimers.delete(a.id);
    if (a.status === 'wrap_up' && a.wrapUntil !== undefined) {
      this.wrapTimers.set(
        a.id,
        setTimeout(() => {
          this.wrapTimers.delete(a.id);
          this.deps.store
            .agentAction(a.id, 'wrapup_done', '', 'engine:wrap-up-timer', this.deps.now())
            .catch((error: unknown) => {
              // The agent ended their wrap-up themselves meanwhile (or logged out): nothing to do.
              if (!(error instanceof EngineError && error.code === 'ACD.BAD_TRANSITION')) throw error;
            })
            .then(() => this.refreshAgent(a.id))
            .catch((error: unknown) => this.log.error({ err: String(error), agentId: a.id }, 'acd.wrap_up_end_failed'));
        }, Math.max(0, a.wrapUntil - this.nowMs())),
      );
    }
  }

  /** Reads an agent's truth from Redis into the routing state; a freed agent is offered the next call. */
  private async refreshAgent(agentId: string, route = true): Promise<Agent> {
    const a = await this.deps.store.agent(agentId);
    if (!a) {
      this.routing.removeAgent(agentId);
      this.endpoints.delete(agentId);
      throw new EngineError('ACD.NO_SUCH_AGENT', `agent ${agentId} does not exist`);
    }
    this.applyAgent(a);
    if (a.status === 'available' && route) this.routeAgent(agentId);
    // Callers re-check whether anyone is still logged in for their queue.
    if (a.status === 'logged_out') for (const w of this.waiters.values()) if (a.queues.includes(w.queued.queueId)) w.wake();
    return a;
  }

  private anyAgentLoggedIn(queueId: string): boolean {
    for (const a of this.routing.allAgents()) if (a.status !== 'logged_out' && a.queues.includes(queueId)) return true;
    return false;
  }

  private agentsServing(queueId: string): number {
    let n = 0;
    for (const a of this.routing.allAgents()) if (a.status !== 'logged_out' && a.status !== 'paused' && a.queues.includes(queueId)) n++;
    return n;
  }

  /** Callbacks of a queue may take a free agent: agent first, and within their share while live callers wait. */
  private admitsCallback(queueId: string): boolean {
    const def = this.config.queues.get(queueId);
    if (!def) return false;
    return mayDialCallback({
      freeAgents: 1,
      callbacksInFlight: this.callbacksInFlight.get(queueId) ?? 0,
      liveWaiting: this.routing.liveWaitingIn(queueId),
      callbackShare: def.callbacks.share,
      servingAgents: this.agentsServing(queueId),
    });
  }

  private countCallback(queueId: string, delta: number): void {
    this.callbacksInFlight.set(queueId, Math.max(0, (this.callbacksInFlight.get(queueId) ?? 0) + delta));
  }

  /** A call (live or callback) starts waiting for an agent here: routed now, and again as its skills relax. */
  private enterRouting(call: QueuedCall): void {
    this.routing.addCall(call);
    this.armRelaxation(call.callId);
    this.routeCall(call.callId);
  }

  private leaveRouting(callId: string): void {
    this.routing.removeCall(callId);
    clearTimeout(this.relaxTimers.get(callId));
    this.relaxTimers.delete(callId);
  }

  /** An offer the agent did not take: paused as "non-risponde" if the queue says so — unless the caller left. */
  private async endUnansweredOffer(agentId: string, callId: string, outcome: 'no_answer' | 'failed' | 'caller_gone', def: QueueDefinition): Promise<void> {
    const pause = outcome !== 'caller_gone' && def.pauseOnNoAnswer;
    await this.deps.store.offerEnd(agentId, callId, outcome, pause ? 'paused' : 'available', pause ? 'non-risponde' : '', this.deps.now());
  }

  private armRelaxation(callId: string): void {
    const call = this.routing.call(callId);
    const at = call && nextRelaxationAt(this.routing.queues, call, this.nowMs());
    if (at === undefined) return;
    this.relaxTimers.set(
      callId,
      setTimeout(() => {
        this.relaxTimers.delete(callId);
        if (!this.routing.call(callId)) return;
        this.routeCall(callId);
        this.armRelaxation(callId);
      }, at - this.nowMs()),
    );
  }
}
