/**
 * In-memory Telephony for unit tests and the flow simulator. Playback takes `playMs` per media
 * item of (fake) time; tests drive the caller with `pressDigit` and `callerHangsUp`.
 */
import { CallHungUpError, DialledLegs, dialLeg, type CallChannel, type DialOptions, type DialParams, type HangupReason, type InboundCallInfo, type OriginateParams, type PlaybackOutcome, type PlayOptions, type RingResult, type Telephony, type TelephonyStats } from './telephony.js';
import { createLogger } from '../logger.js';
import { Waits } from './waits.js';
import type { ChannelEndReason } from './ari-channel.js';

let nextId = 1;
const quiet = createLogger('silent');

export class FakeCallChannel implements CallChannel {
  readonly ended: AbortSignal;
  readonly played: string[] = [];
  answered = false;
  hangupReason: HangupReason | undefined;
  private readonly controller = new AbortController();
  private readonly dtmf = new Set<(digit: string) => void>();
  private stopCurrent: (() => void) | undefined;

  constructor(
    readonly info: InboundCallInfo,
    private readonly waits: Waits,
    private readonly playMs: number,
  ) {
    this.ended = this.controller.signal;
  }

  answer(): Promise<void> {
    if (this.ended.aborted) return Promise.reject(new CallHungUpError(this.info.channelId));
    this.answered = true;
    return Promise.resolve();
  }

  async play(media: readonly string[], options: PlayOptions): Promise<PlaybackOutcome> {
    const key = `playback:${options.playbackId ?? nextId++}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await this.waits.send<PlaybackOutcome>(key, `playback of ${media.join(',')}`, this.info.channelId, this.ended, options.timeoutMs, () => {
        timer = setTimeout(() => {
          this.played.push(...media);
          this.waits.resolve(key, 'finished');
        }, this.playMs * media.length);
        this.stopCurrent = () => {
          clearTimeout(timer);
          this.waits.resolve(key, 'stopped');
        };
        return Promise.resolve();
      });
    } finally {
      clearTimeout(timer);
      this.stopCurrent = undefined;
    }
  }

  readonly stoppedPlaybacks: string[] = [];

  stopPlayback(playbackId?: string): Promise<void> {
    if (playbackId !== undefined) this.stoppedPlaybacks.push(playbackId);
    this.stopCurrent?.();
    return Promise.resolve();
  }

  /** The music-on-hold class playing, if any. */
  moh: string | undefined;

  startMoh(mohClass: string): Promise<void> {
    this.moh = mohClass;
    return Promise.resolve();
  }

  stopMoh(): Promise<void> {
    this.moh = undefined;
    return Promise.resolve();
  }

  onDtmf(listener: (digit: string) => void): () => void {
    this.dtmf.add(listener);
    return () => {
      this.dtmf.delete(listener);
    };
  }

  hangup(reason: HangupReason = 'normal'): Promise<void> {
    if (!this.ended.aborted) {
      this.hangupReason = reason;
      this.end('engine');
    }
    return Promise.resolve();
  }

  /** Test control: the caller presses a key. */
  pressDigit(digit: string): void {
    for (const l of [...this.dtmf]) l(digit);
  }

  /** Test control: the caller hangs up. */
  callerHangsUp(): void {
    this.end('caller');
  }

  /** Test control: Asterisk loses the channel (a restart, a crash): nobody hung up. */
  lostByAsterisk(): void {
    this.end('asterisk');
  }

  dtmfListenerCount(): number {
    return this.dtmf.size;
  }

  private end(by: ChannelEndReason['by']): void {
    this.dtmf.clear();
    const reason: ChannelEndReason = { by };
    this.controller.abort(reason);
  }
}

export class FakeTelephony implements Telephony {
  readonly waits = new Waits();
  readonly calls: FakeCallChannel[] = [];
  connected = true;
  private handler: ((call: CallChannel) => void) | undefined;
  private readonly dialled = new DialledLegs();
  private reconciledHandler: ((present: ReadonlySet<string>) => void) | undefined;

  constructor(private readonly playMs = 1000) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  isConnected(): boolean {
    return this.connected;
  }

  onCall(handler: (call: CallChannel) => void): void {
    this.handler = handler;
  }

  onReconciled(handler: (presentChannelIds: ReadonlySet<string>) => void): void {
    this.reconciledHandler = handler;
  }

  /** Test control: the connection came back with these channels in Stasis. */
  reconcile(): void {
    this.reconciledHandler?.(new Set(this.calls.filter((c) => !c.ended.aborted).map((c) => c.info.channelId)));
  }

  /** Test control: a call arrives. */
  placeCall(info: Partial<InboundCallInfo> & { dialledNumber: string }): FakeCallChannel {
    const call = new FakeCallChannel(
      { channelId: `fake-${nextId++}`, callerNumber: '+393331234567', source: 'trunk', recovered: false, appArgs: ['trunk', info.dialledNumber], ...info },
      this.waits,
      this.playMs,
    );
    this.calls.push(call);
    if (!this.dialled.take(call, quiet)) this.handler?.(call);
    return call;
  }

  /**
   * Test control: every command (originate, createBridge, addToBridge) waits for this before its
   * reply, as a REST request in flight does; a test hangs a caller up meanwhile.
   */
  replyGate: ((command: string) => Promise<void>) | undefined;
  /** Test control: bridges and the channels in them. */
  readonly bridges = new Map<string, Set<string>>();

  async createBridge(): Promise<string> {
    await this.replyGate?.('createBridge');
    const id = `bridge-${nextId++}`;
    this.bridges.set(id, new Set());
    return id;
  }

  async addToBridge(bridgeId: string, channelId: string): Promise<void> {
    await this.replyGate?.('addToBridge');
    // As Asterisk answers for a channel that has gone: the command fails.
    const call = this.calls.find((c) => c.info.channelId === channelId);
    if (!call || call.ended.aborted) throw new CallHungUpError(channelId);
    this.bridges.get(bridgeId)?.add(channelId);
  }

  removeFromBridge(): Promise<void> {
    return Promise.resolve();
  }

  destroyBridge(bridgeId: string): Promise<void> {
    this.bridges.delete(bridgeId);
    return Promise.resolve();
  }

  /** Test control: originated calls answer after this many ms (undefined: they never answer). */
  originateAnswersAfterMs: number | undefined;
  readonly originated: OriginateParams[] = [];

  dial(params: DialParams, options?: DialOptions): Promise<RingResult> {
    return dialLeg(this, this.dialled, params, options);
  }

  async originate(params: OriginateParams): Promise<string> {
    const channelId = params.channelId ?? `fake-${nextId++}`;
    this.originated.push(params);
    if (this.originateAnswersAfterMs !== undefined) {
      setTimeout(() => this.placeCall({ channelId, dialledNumber: params.endpoint, appArgs: params.appArgs, source: 'unknown' }), this.originateAnswersAfterMs);
    }
    await this.replyGate?.('originate');
    return channelId;
  }

  private readonly gone = new Map<string, Set<(cause: string) => void>>();

  onChannelGone(channelId: string, listener: (cause: string) => void): () => void {
    let set = this.gone.get(channelId);
    if (!set) this.gone.set(channelId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Test control: an originated channel is destroyed with this cause. */
  channelGone(channelId: string, cause: string): void {
    for (const l of this.gone.get(channelId) ?? []) l(cause);
    this.gone.delete(channelId);
  }

  hangupChannel(channelId: string): Promise<void> {
    return this.calls.find((c) => c.info.channelId === channelId)?.hangup() ?? Promise.resolve();
  }

  stats(): TelephonyStats {
    const live = this.calls.filter((c) => !c.ended.aborted);
    return { channels: live.length, pendingWaits: this.waits.size(), dtmfListeners: live.reduce((n, c) => n + c.dtmfListenerCount(), 0) };
  }
}
