/**
 * What the ACD's rooms share: the dependencies, the live configuration, the routing state, the
 * calls and legs this engine holds (the hot path, in memory; Redis holds the truth), and each
 * room, so one can hand a call to another. The facade (acd.ts) builds it; nothing else does.
 */
import { EngineError } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { Logger } from '../logger.js';
import type { QueueResult } from '../ivr/index.js';
import type { Transfers } from '../calls/index.js';
import { CallHungUpError, type CallChannel, type Telephony } from '../telephony/telephony.js';
import type { AcdStore, QueuedCall } from './acd-store.js';
import { isFinal, nextPhase, type CallPhase, type CallPhaseEvent } from './call-phase.js';
import type { AcdConfig } from './queue-config.js';
import { RoutingState } from './routing.js';
import type { AgentMirror } from './agent-mirror.js';
import type { CallbackAttempts } from './callback-attempts.js';
import type { Conversation } from './conversation.js';
import type { Dispatch } from './dispatch.js';
import type { Offers } from './offers.js';
import type { Recovery } from './recovery.js';
import type { Wait } from './wait.js';

/** Stasis arguments of an agent leg the ACD originated: [OFFER, callId, agentId]. */
export const OFFER = 'acd-offer';
/** Stasis arguments of the extension an agent calls for an announced transfer: [CONSULT, callId]. */
export const CONSULT = 'acd-consult';
/** Stasis arguments of a citizen dialled back: [CALLBACK_LEG, callId]. */
export const CALLBACK_LEG = 'acd-callback';
/** The key a caller in queue presses to be called back instead of waiting. */
export const CALLBACK_KEY = '2';
/** How often a callback waiting for its turn asks again for an agent (its share may have freed up). */
export const CALLBACK_NUDGE_MS = 5000;
/** A caller whose blind transfer found nobody goes back ahead of the callers waiting. */
export const RETURNED_PRIORITY = 9;
/** How long a resumed conversation waits for its agent leg to be adopted too. */
export const LEG_ADOPTION_MS = 5000;
export const MAX_CLAIM_ATTEMPTS = 5;

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
  /** Told how long each routing decision took, in seconds (metrics). */
  readonly observeDecision?: (seconds: number) => void;
}

/**
 * What an agent asked for the caller they are talking to: another queue (blind), or an extension,
 * blind (the agent is released at once) or announced (the agent talks to the extension first).
 */
export type AgentTransfer = { readonly queue: string } | { readonly extension: string; readonly mode: 'blind' | 'announced' };

export interface Connected {
  readonly agentId: string;
  readonly leg: CallChannel;
  readonly bridgeId: string;
}

export interface Waiter {
  readonly call: CallChannel;
  readonly queued: QueuedCall;
  readonly log: Logger;
  connected?: Connected;
  /** Where the call is in the ACD's state machine (call-phase.ts); moved only by AcdCore.move. */
  phase: CallPhase;
  /** The agent asked to transfer the caller. */
  transfer?: AgentTransfer;
  /** During an announced transfer: the agent completed it or took the caller back. */
  consultAction?: 'complete' | 'cancel';
  /** The flow lets this caller ask for a callback (after this estimated wait, in minutes). */
  callbackOffer?: { readonly afterMinutes: number };
  /** The callback was offered (the key works from then on), and the caller pressed it. */
  callbackOffered?: boolean;
  callbackChosen?: boolean;
  /** The flow goes on with the caller when the agent hangs up first (a survey): their channel stays up. */
  keepCaller?: boolean;
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

export interface CallbackWaiter {
  readonly request: CallbackRequest;
  readonly queued: QueuedCall;
  readonly log: Logger;
  /** Rung, dialling the citizen or talking: counted among the queue's callbacks in flight. */
  offering: boolean;
  done: (outcome: CallbackAttemptOutcome | 'detached') => void;
}

/**
 * How serving a caller ended: one of the flow's outcomes, a blind transfer (to a queue or an
 * extension), or back to the queue the caller was in (the extension did not answer).
 */
export type Served =
  | QueueResult
  | { readonly outcome: 'transfer'; readonly to: { readonly queue: string } | { readonly extension: string } }
  | { readonly outcome: 'returned'; readonly extension: string };

/** Asterisk's cause for a citizen's phone that did not answer, as a callback outcome. */
export function callbackOutcome(reason: 'gone' | 'timeout' | 'stopped' | 'failed', cause: string): CallbackAttemptOutcome {
  if (/busy/i.test(cause)) return 'busy';
  if (reason === 'timeout' || /no answer|no user|normal|unavailable|not found|rejected|declined/i.test(cause)) return 'no_answer';
  return 'failed';
}


/** The rooms, each with one job (see docs/architecture.md). */
export interface AcdRooms {
  readonly recovery: Recovery;
  readonly wait: Wait;
  readonly talk: Conversation;
  readonly callbacks: CallbackAttempts;
  readonly mirror: AgentMirror;
  readonly dispatch: Dispatch;
  readonly offer: Offers;
}

export class AcdCore {
  readonly routing: RoutingState;
  readonly log: Logger;
  /** Callers waiting (or talking) on this engine, by call id. */
  readonly waiters = new Map<string, Waiter>();
  /** Callbacks waiting for their turn on this engine (no caller on the line). */
  readonly callbackWaiters = new Map<string, CallbackWaiter>();
  /** Per queue: callbacks of this engine ringing an agent, dialling the citizen or talking. */
  readonly callbacksInFlight = new Map<string, number>();
  /** Agent id → PJSIP endpoint, kept with the routing state so an offer reads nothing before it rings. */
  readonly endpoints = new Map<string, string>();
  readonly wrapTimers = new Map<string, NodeJS.Timeout>();
  readonly relaxTimers = new Map<string, NodeJS.Timeout>();
  /** Agent legs of conversations found in Redis at start: leg channel id → call id. */
  readonly legOwners = new Map<string, string>();
  readonly adoptedLegs = new Map<string, CallChannel>();
  readonly legAdopted = new Set<() => void>();
  /** Offers in progress (awaited when the engine stops). */
  readonly inFlight = new Set<Promise<void>>();
  /** The routing decisions, one at a time. */
  chain: Promise<void> = Promise.resolve();
  /** The engine is stopping: callers are left to the next engine. */
  detaching = false;
  private currentConfig: AcdConfig;
  private wired: AcdRooms | undefined;

  constructor(readonly deps: AcdDeps) {
    this.currentConfig = deps.config;
    this.routing = new RoutingState(deps.config.queues);
    this.log = deps.logger.child({ component: 'acd' });
  }

  get rooms(): AcdRooms {
    if (!this.wired) throw new Error('the ACD rooms are not wired yet');
    return this.wired;
  }

  wire(rooms: AcdRooms): void {
    this.wired = rooms;
  }

  get store(): AcdStore {
    return this.deps.store;
  }

  get telephony(): Telephony {
    return this.deps.telephony;
  }

  get events(): EventLog {
    return this.deps.events;
  }

  now(): Date {
    return this.deps.now();
  }

  nowMs(): number {
    return this.deps.now().getTime();
  }

  /** A routing decision (pure, in memory), timed for the metrics when they are on. */
  decide<T>(choose: () => T): T {
    const observe = this.deps.observeDecision;
    if (!observe) return choose();
    const started = performance.now();
    try {
      return choose();
    } finally {
      observe((performance.now() - started) / 1000);
    }
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

  /** The live queues.yaml version, read when a caller enters a queue (another engine may have published one). */
  async refreshConfig(): Promise<void> {
    const live = await this.deps.configSource?.().catch((error: unknown) => {
      this.log.error({ err: String(error) }, 'acd.config_read_failed');
      return undefined;
    });
    if (live) this.useConfig(live);
  }

  /**
   * Moves a call along its state machine. An event after a final phase is a late one from a room
   * that raced the end (the caller hung up while the agent rang): nothing to do. Any other move
   * the machine does not have is a bug: logged with its code, the phase kept.
   */
  move(waiter: Waiter, event: CallPhaseEvent): void {
    const next = nextPhase(waiter.phase, event);
    if (next !== undefined) waiter.phase = next;
    else if (!isFinal(waiter.phase)) waiter.log.error({ code: 'ACD.ILLEGAL_MOVE', phase: waiter.phase, event }, 'acd.illegal_move');
  }

  /** Clean-up after a failure: the first error is the one that counts; this one is logged with its code. */
  async cleanup(what: string, op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
    } catch (error) {
      this.log.error({ code: 'ACD.CLEANUP_FAILED', what, err: error instanceof Error ? error.message : String(error) }, 'acd.cleanup_failed');
    }
  }
}
