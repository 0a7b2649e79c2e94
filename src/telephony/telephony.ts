/**
 * The only way the rest of the engine reaches Asterisk. Implemented by AriTelephony (real)
 * and FakeTelephony (unit tests, simulator). Nothing outside src/telephony talks to ARI.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors.js';
import type { Logger } from '../logger.js';

/** What Asterisk told us about a channel when it entered the engine's Stasis application. */
export interface InboundCallInfo {
  readonly channelId: string;
  readonly callerNumber: string;
  /** The number the caller dialled (Request-URI user), as the dialplan passed it. */
  readonly dialledNumber: string;
  /** `trunk` for carrier calls, `agent` for calls placed from an agent's softphone. */
  readonly source: 'trunk' | 'agent' | 'unknown';
  /** True when the channel was already in Stasis when the engine (re)connected. */
  readonly recovered: boolean;
  /** The Stasis application arguments (from the dialplan, or OriginateParams.appArgs); empty when recovered. */
  readonly appArgs: readonly string[];
}

export type PlaybackOutcome = 'finished' | 'stopped';

export interface PlayOptions {
  /** Upper bound for the whole playback; past it the playback is stopped and TELEPHONY.TIMEOUT thrown. */
  readonly timeoutMs: number;
  /** Id for the playback, chosen by the caller so it can be recorded before it starts. */
  readonly playbackId?: string;
}

export type HangupReason = 'normal' | 'busy' | 'congestion' | 'no_answer';

/** Control of one call's channel. Every wait rejects with CallHungUpError when the channel ends. */
export interface CallChannel {
  readonly info: InboundCallInfo;
  /** Aborted as soon as the channel leaves the engine (caller hung up, Asterisk ended it). */
  readonly ended: AbortSignal;
  answer(): Promise<void>;
  /** Plays the media (e.g. `sound:cc/abc`) in order and resolves when the last one ends. */
  play(media: readonly string[], options: PlayOptions): Promise<PlaybackOutcome>;
  /**
   * Stops the playback in progress (barge-in), or the given playback even if another engine
   * process started it (adopting a call after a restart). No error if it has already ended.
   */
  stopPlayback(playbackId?: string): Promise<void>;
  /** Music on hold of a class in musiconhold.conf, until stopMoh (or the channel joins a bridge). */
  startMoh(mohClass: string): Promise<void>;
  /** No error if no music is playing. */
  stopMoh(): Promise<void>;
  /** Subscribes to DTMF digits; returns the unsubscribe function. */
  onDtmf(listener: (digit: string) => void): () => void;
  hangup(reason?: HangupReason): Promise<void>;
}

export interface OriginateParams {
  /** Dial string, e.g. `PJSIP/1001`. */
  readonly endpoint: string;
  readonly callerId?: string;
  readonly timeoutSeconds: number;
  /** Passed to the engine's Stasis application when the channel answers. */
  readonly appArgs: readonly string[];
  /** The new channel's id, chosen by the caller so it can listen for the channel before it exists; generated when absent. */
  readonly channelId?: string;
}

export interface TelephonyStats {
  /** Channels the engine currently controls. */
  readonly channels: number;
  /** Pending waits (each holds one timer). */
  readonly pendingWaits: number;
  /** DTMF listeners still subscribed. */
  readonly dtmfListeners: number;
}

export interface Telephony {
  /** Starts connecting in the background; never gives up. Resolves once started, not once connected. */
  start(): Promise<void>;
  stop(): Promise<void>;
  isConnected(): boolean;
  /** Called once for every channel entering the application (or found there after a reconnect). */
  onCall(handler: (call: CallChannel) => void): void;
  /**
   * Called after every (re)connection once the channels in Stasis are known (and unknown ones
   * handed to onCall as recovered), with the ids of every channel present.
   */
  onReconciled(handler: (presentChannelIds: ReadonlySet<string>) => void): void;
  createBridge(type: 'mixing' | 'holding'): Promise<string>;
  addToBridge(bridgeId: string, channelId: string): Promise<void>;
  /** No error if the bridge or the channel is already gone. */
  removeFromBridge(bridgeId: string, channelId: string): Promise<void>;
  /** No error if the bridge is already gone. */
  destroyBridge(bridgeId: string): Promise<void>;
  /** Places an outbound call; resolves with the new channel's id once Asterisk accepted it. */
  originate(params: OriginateParams): Promise<string>;
  /**
   * Dials a leg and resolves when it answered (with its channel) or why not (gone, timeout,
   * stopped, failed). The leg never reaches `onCall`: the telephony keeps the legs it dialled.
   */
  dial(params: DialParams, options?: DialOptions): Promise<RingResult>;
  /**
   * Calls `listener` once when the channel is destroyed (an originated leg refused, busy, not
   * answered or hung up), with Asterisk's cause text; returns the unsubscribe function.
   */
  onChannelGone(channelId: string, listener: (cause: string) => void): () => void;
  /** Hangs up a channel by id, in Stasis or not (e.g. an originated leg still ringing); no error if it is gone. */
  hangupChannel(channelId: string): Promise<void>;
  stats(): TelephonyStats;
}

/**
 * Whether the caller chose to end this call (hung up), as opposed to the engine, or Asterisk
 * losing the channel (a restart, a crash): a caller cut off by a failure never abandoned.
 */
export function endedByCaller(call: Pick<CallChannel, 'ended'>): boolean {
  return call.ended.aborted && (call.ended.reason as { by?: string } | undefined)?.by === 'caller';
}

export class CallHungUpError extends EngineError {
  constructor(channelId: string) {
    super('TELEPHONY.HUNG_UP', `channel ${channelId} ended`);
  }
}

export class TelephonyTimeoutError extends EngineError {
  constructor(what: string, timeoutMs: number) {
    super('TELEPHONY.TIMEOUT', `${what} did not complete within ${timeoutMs} ms`);
  }
}

export class TelephonyUnavailableError extends EngineError {
  constructor(what: string, cause?: unknown) {
    super('TELEPHONY.UNAVAILABLE', `${what}: Asterisk is not reachable`, { cause });
  }
}

/** Resolves when a channel's `ended` signal aborts (at once if it has). */
export function untilEnded(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** How ringing a leg ended: answered (its channel in the application), or why not. */
export type RingResult =
  | { readonly leg: CallChannel; readonly legId: string }
  | { readonly leg?: undefined; readonly reason: 'gone' | 'timeout' | 'stopped' | 'failed'; readonly cause: string };

/** The first Stasis argument of every leg the engine dials: such a channel is its dial's, never a new call. */
export const DIALLED = 'dialled';

/** A leg some engine dialled (its Stasis arguments say so), as opposed to a call placed to the engine. */
export function isDialledLeg(info: Pick<InboundCallInfo, 'appArgs'>): boolean {
  return info.appArgs[0] === DIALLED;
}

/** What to dial and how long to let it ring; `purpose` names it in Asterisk and the logs (e.g. ['acd-offer', callId]). */
export interface DialParams {
  readonly endpoint: string;
  readonly callerId?: string;
  readonly timeoutSeconds: number;
  readonly purpose: readonly string[];
}

export interface DialOptions {
  /** Settles when the dial is no longer wanted (the caller left, the agent cancelled): the leg is hung up. */
  readonly stop?: Promise<unknown>;
  /** Called with the new leg's id once Asterisk accepted the originate (e.g. to record it in Redis). */
  readonly onOriginated?: (legId: string) => Promise<void>;
}

/**
 * The legs a Telephony has dialled and not yet seen answer, by the channel id it chose. Each
 * implementation asks `take` about every channel entering the application before treating it as a
 * new call: a dialled leg goes to its dial, or — answered after its dial gave up, or dialled by a
 * previous engine process — is hung up.
 */
export class DialledLegs {
  private readonly pending = new Map<string, (leg: CallChannel) => void>();

  /** Resolves with the leg when it enters the application. */
  expect(channelId: string): Promise<CallChannel> {
    return new Promise((resolve) => this.pending.set(channelId, resolve));
  }

  forget(channelId: string): void {
    this.pending.delete(channelId);
  }

  /** True (and handled) if the channel is a leg the engine dialled. */
  take(channel: CallChannel, log: Pick<Logger, 'warn'>): boolean {
    const waiting = this.pending.get(channel.info.channelId);
    if (waiting) {
      this.pending.delete(channel.info.channelId);
      waiting(channel);
      return true;
    }
    if (channel.info.appArgs[0] !== DIALLED) return false;
    // Found in the application after a restart: a leg a dead engine dialled, perhaps an agent's
    // side of a conversation that goes on. Not this engine's to hang up: the call handler offers it
    // to the ACD first (which follows its conversations) and releases it otherwise.
    if (channel.info.recovered) return false;
    void bestEffort(log, 'hangup_late_leg', () => channel.hangup());
    return true;
  }
}

/**
 * How every Telephony dials: originates the leg (into the engine's application, marked as
 * dialled) and waits for the first of: it answers (resolves with its channel), it is gone
 * (refused, busy, unreachable — with Asterisk's cause), it rang past `timeoutSeconds` (+2 s for
 * Asterisk's own timeout to act), or `stop` settles. A leg that did not answer is hung up.
 */
export async function dialLeg(telephony: Telephony, legs: DialledLegs, params: DialParams, options: DialOptions = {}): Promise<RingResult> {
  // Listening before the originate: a phone that refuses at once (486 from a local SIPp) can be
  // destroyed before the originate request returns, and its end must not be missed.
  const id = randomUUID();
  const answered = legs.expect(id);
  let resolveGone: (r: RingResult) => void = () => undefined;
  const gone = new Promise<RingResult>((resolve) => (resolveGone = resolve));
  const unsubscribe = telephony.onChannelGone(id, (cause) => resolveGone({ reason: 'gone', cause }));
  const failed = (error: unknown): RingResult => ({ reason: 'failed', cause: error instanceof Error ? error.message : String(error) });
  // Whatever ends the ring first wins. The outcomes are listened to from here on, so one that
  // settles while the originate request is still in flight is never lost, nor left unhandled.
  const stopped = options.stop ?? new Promise<never>(() => undefined);
  const outcome = Promise.race([
    answered.then((leg): RingResult => ({ leg, legId: id })),
    gone,
    stopped.then(
      (): RingResult => ({ reason: 'stopped', cause: 'stopped' }),
      (): RingResult => ({ reason: 'stopped', cause: 'stopped' }),
    ),
  ]);
  // A leg that is not wanted is hung up: the one that answered, or the channel by the id we chose
  // (hangupChannel ignores one already gone). If Asterisk cannot be reached for that, the ring's
  // own result already says what went wrong, and Asterisk's timeout ends the ringing.
  const release = async (first: RingResult | undefined): Promise<void> => {
    // Forgotten before the hang-up: a leg that answers meanwhile is then hung up as a late one.
    legs.forget(id);
    // Ignored: a leg already gone is released; one Asterisk cannot be told about ends by its own timeout (above).
    await (first?.leg ? first.leg.hangup() : telephony.hangupChannel(id)).catch(() => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await telephony.originate({ endpoint: params.endpoint, timeoutSeconds: params.timeoutSeconds, appArgs: [DIALLED, ...params.purpose], channelId: id, ...(params.callerId === undefined ? {} : { callerId: params.callerId }) });
    if (options.onOriginated) await options.onOriginated(id);
    const rang = new Promise<RingResult>((resolve) => (timer = setTimeout(() => resolve({ reason: 'timeout', cause: 'no answer' }), params.timeoutSeconds * 1000 + 2000)));
    const first = await Promise.race([outcome, rang]);
    if (first.leg === undefined) await release(first);
    return first;
  } catch (error) {
    // The originate may have reached Asterisk even if its reply failed or came too late (a busy
    // Asterisk): the leg is released, answered or not. An outcome already settled is taken.
    await release(await Promise.race([outcome, Promise.resolve(undefined)]));
    return failed(error);
  } finally {
    clearTimeout(timer);
    unsubscribe();
    legs.forget(id);
  }
}

/**
 * A command on Asterisk whose failure must not stop the work around it: releasing what may already
 * be gone (a hung-up channel, a destroyed bridge), music and prompts around a caller's wait. A
 * channel that has gone is no failure (the release is done); any other failure is logged with a
 * stable code and the work goes on (the other side's hang-up, or Asterisk's timeouts, finish it).
 */
export async function bestEffort(log: Pick<Logger, 'warn'>, what: string, op: () => Promise<unknown>): Promise<void> {
  try {
    await op();
  } catch (error) {
    if (error instanceof CallHungUpError) return;
    log.warn({ code: 'TELEPHONY.BEST_EFFORT_FAILED', what, err: error instanceof Error ? error.message : String(error) }, 'telephony.best_effort_failed');
  }
}
