import { randomUUID } from 'node:crypto';
import type { CallChannel, PlaybackOutcome, PlayOptions } from '../telephony/telephony.js';
import type { CallRecord, CallStore } from './call-store.js';

/**
 * The call channel as flows see it: every playback's id is written to the call's Redis record
 * before the playback starts, so that an engine adopting the call after a restart can stop it
 * (Asterisk runs other channel commands only once the playback in progress has ended).
 * `alongside` adds fields to that same write (the IVR checkpoint): no round trip of their own.
 * The answer is sent once: the call handler sends it as the call arrives, and whatever later
 * needs the call answered awaits that same reply (and its error, if any).
 */
export function durableCall(callId: string, call: CallChannel, store: CallStore, alongside: () => Partial<CallRecord> = () => ({})): CallChannel {
  let answering: Promise<void> | undefined;
  return {
    info: call.info,
    ended: call.ended,
    answer: () => (answering ??= call.answer()),
    async play(media: readonly string[], options: PlayOptions): Promise<PlaybackOutcome> {
      const playbackId = options.playbackId ?? randomUUID();
      // With it, what else the record should say by now (where the caller is in the flow).
      await store.update(callId, { playbackId, ...alongside() });
      return call.play(media, { ...options, playbackId });
    },
    stopPlayback: (playbackId?: string) => call.stopPlayback(playbackId),
    startMoh: (mohClass) => call.startMoh(mohClass),
    stopMoh: () => call.stopMoh(),
    onDtmf: (listener) => call.onDtmf(listener),
    hangup: (reason) => call.hangup(reason),
  };
}
