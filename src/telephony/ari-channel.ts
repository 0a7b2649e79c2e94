/**
 * One channel in the engine's Stasis application, driven over ARI. Its owner (AriTelephony) runs
 * the REST commands and feeds it the channel's events; every wait on Asterisk goes through
 * `Waits.send`, so a caller hanging up at any instant — before the command's reply, between the
 * reply and the event, after — settles the wait once, with nobody's rejection left unheard.
 */
import { randomUUID } from 'node:crypto';
import type { AriClient } from './ari-rest.js';
import { EngineError } from '../errors.js';
import { CallHungUpError, type CallChannel, type HangupReason, type InboundCallInfo, type PlaybackOutcome, type PlayOptions } from './telephony.js';
import type { Waits } from './waits.js';

/** ARI's REST commands (ari-rest.ts; only src/telephony names it). */
export type { AriClient } from './ari-rest.js';

/** Why a channel left the engine: carried as the `ended` signal's reason. */
export interface ChannelEndReason {
  readonly by: 'caller' | 'engine' | 'asterisk';
}

export interface RestOptions {
  /** Bound for the command's reply (default: the configured ARI command timeout). */
  readonly timeoutMs?: number;
  /**
   * Times the command is sent again after a TELEPHONY.TIMEOUT while the channel is up: only for
   * commands that are harmless to repeat (answer, music on hold, stop, hang-up). A busy
   * Asterisk is not a dead call.
   */
  readonly retries?: number;
  /** The command's name in the metrics (answer, play …). */
  readonly name?: string;
}

/** What a channel needs from the telephony that owns it. */
export interface AriChannelOwner {
  readonly waits: Waits;
  /** Runs a REST command for a channel; a channel that has gone away turns into CallHungUpError. */
  rest<T>(channel: AriCallChannel, command: (client: AriClient) => Promise<T>, options?: RestOptions): Promise<T>;
  /** The same, for something of the channel's that may already be gone (a 404 while the channel is up: nothing to do). */
  restIfPresent(channel: AriCallChannel, command: (client: AriClient) => Promise<unknown>, options?: RestOptions): Promise<void>;
}

/** Repeating these is harmless: Asterisk's answer to a second one is the same or a 404 we ignore. */
const IDEMPOTENT: RestOptions = { retries: 2 };

export class AriCallChannel implements CallChannel {
  readonly ended: AbortSignal;
  private readonly controller = new AbortController();
  private readonly dtmf = new Set<(digit: string) => void>();
  private currentPlayback: string | undefined;
  private readonly stopRequested = new Set<string>();
  private hangupRequestedByEngine = false;

  constructor(
    readonly info: InboundCallInfo,
    private readonly owner: AriChannelOwner,
  ) {
    this.ended = this.controller.signal;
  }

  async answer(): Promise<void> {
    await this.owner.rest(this, (c) => c.channels.answer({ channelId: this.info.channelId }), { ...IDEMPOTENT, name: 'answer' });
  }

  async play(media: readonly string[], options: PlayOptions): Promise<PlaybackOutcome> {
    const playbackId = options.playbackId ?? randomUUID();
    this.currentPlayback = playbackId;
    try {
      // The reply may be slow when Asterisk is busy: it is bounded by the playback's own timeout,
      // not the shorter command timeout, and never sent twice (the caller would hear it twice).
      const state = await this.owner.waits.send<string>(`playback:${playbackId}`, `playback of ${media.join(',')}`, this.info.channelId, this.ended, options.timeoutMs, () =>
        this.owner.rest(this, (c) => c.channels.play({ channelId: this.info.channelId, media: [...media], playbackId }), { timeoutMs: options.timeoutMs, name: 'play' }),
      );
      if (state === 'failed') throw new EngineError('TELEPHONY.PLAYBACK_FAILED', `Asterisk could not play ${media.join(',')}`);
      return this.stopRequested.has(playbackId) ? 'stopped' : 'finished';
    } catch (error) {
      // A playback that outlived its bound is stopped, so the caller does not hear it over what comes next.
      if (error instanceof EngineError && error.code === 'TELEPHONY.TIMEOUT' && !this.ended.aborted) {
        // The timeout is what play reports; a stop that fails as well (Asterisk still busy) adds nothing to it.
        await this.owner.restIfPresent(this, (c) => c.playbacks.stop({ playbackId }), { name: 'stop_playback' }).catch(() => undefined);
      }
      throw error;
    } finally {
      this.stopRequested.delete(playbackId);
      if (this.currentPlayback === playbackId) this.currentPlayback = undefined;
    }
  }

  async stopPlayback(id?: string): Promise<void> {
    const playbackId = id ?? this.currentPlayback;
    if (playbackId === undefined) return;
    if (playbackId === this.currentPlayback) this.stopRequested.add(playbackId);
    // The playback may have just finished on its own: nothing left to stop.
    await this.owner.restIfPresent(this, (c) => c.playbacks.stop({ playbackId }), { ...IDEMPOTENT, name: 'stop_playback' });
  }

  async startMoh(mohClass: string): Promise<void> {
    await this.owner.rest(this, (c) => c.channels.startMoh({ channelId: this.info.channelId, mohClass }), { ...IDEMPOTENT, name: 'start_moh' });
  }

  async stopMoh(): Promise<void> {
    await this.owner.restIfPresent(this, (c) => c.channels.stopMoh({ channelId: this.info.channelId }), { ...IDEMPOTENT, name: 'stop_moh' });
  }

  onDtmf(listener: (digit: string) => void): () => void {
    if (this.ended.aborted) return () => undefined;
    this.dtmf.add(listener);
    return () => {
      this.dtmf.delete(listener);
    };
  }

  async hangup(reason: HangupReason = 'normal'): Promise<void> {
    if (this.ended.aborted) return;
    this.hangupRequestedByEngine = true;
    try {
      await this.owner.rest(this, (c) => c.channels.hangup({ channelId: this.info.channelId, reason }), { ...IDEMPOTENT, name: 'hangup' });
    } catch (error) {
      if (!(error instanceof CallHungUpError)) throw error;
    }
  }

  /** Internal: a digit arrived. */
  deliverDtmf(digit: string): void {
    for (const l of [...this.dtmf]) l(digit);
  }

  /** Internal: the channel is going away (hang-up requested, left Stasis, or vanished). */
  end(fallback: ChannelEndReason['by']): void {
    if (this.ended.aborted) return;
    this.dtmf.clear();
    const reason: ChannelEndReason = { by: this.hangupRequestedByEngine ? 'engine' : fallback };
    this.controller.abort(reason);
  }

  dtmfListenerCount(): number {
    return this.dtmf.size;
  }
}
