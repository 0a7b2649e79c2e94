/**
 * The caller's wait in a queue: music on hold, announcements of position and wait (with the
 * callback offer), the callback key, the deadline, leaving; until an offer is answered and the
 * conversation takes over.
 */
import { EngineError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { QueueRequest, QueueResult } from '../ivr/index.js';
import { bestEffort, CallHungUpError, type CallChannel, endedByCaller } from '../telephony/telephony.js';
import type { QueuedCall } from './acd-store.js';
import { estimateWaitSeconds, minutesToSay } from './estimate.js';
import { queueAnnouncement } from './announcement.js';
import type { QueueDefinition } from './queue-config.js';
import type { CallPhase } from './call-phase.js';
import { type AcdCore, type Waiter, type Served, CallDetachedError, despiteSlowAsterisk, CALLBACK_KEY } from './core.js';

export class Wait {
  constructor(private readonly core: AcdCore) {}

  /** A flow's queue step: waits until an agent has answered and the conversation is over, or the caller must leave. */
  async queue(call: CallChannel, callId: string, request: QueueRequest, log: Logger): Promise<QueueResult> {
    await this.core.refreshConfig();
    const def = this.core.config.queues.get(request.queue);
    if (!def) {
      log.error({ queue: request.queue }, 'acd.no_such_queue');
      return { outcome: 'unavailable' };
    }
    if (!this.core.rooms.mirror.anyAgentLoggedIn(request.queue)) {
      await this.core.events.append({ type: 'acd.no_agents', callId, at: this.core.now(), data: { queue: request.queue } });
      return { outcome: 'no_agents' };
    }
    const enteredAt = this.core.nowMs();
    const data = { ...request.data, tags: request.tags.join(',') };
    let seq: number;
    try {
      ({ seq } = await this.core.store.enqueue({ callId, queueId: request.queue, priority: request.priority, enteredAt, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data }, def.maxLength, this.core.now()));
    } catch (error) {
      if (error instanceof EngineError && error.code === 'ACD.QUEUE_FULL') return { outcome: 'full' };
      const own = error instanceof EngineError && error.code === 'ACD.ALREADY_QUEUED' ? await this.core.store.queuedCall(callId) : undefined;
      if (own?.status === 'waiting' && own.channelId === call.info.channelId) {
        // Back from the callback offer (the caller chose to keep waiting): the same place.
        return this.core.rooms.talk.followTransfers(call, own, await this.serve(call, own, def, log, request), log, request.keepCaller);
      }
      throw error;
    }
    const queued: QueuedCall = { callId, queueId: request.queue, priority: request.priority, enteredAt, seq, channelId: call.info.channelId, callerNumber: call.info.callerNumber, data, status: 'waiting' };
    return this.core.rooms.talk.followTransfers(call, queued, await this.serve(call, queued, def, log, request), log, request.keepCaller);
  }

  /** "Meno di N minuti" for the caller at this position now, or undefined (not enough data to be honest). */
  async estimateMinutes(queueId: string, position: number): Promise<number | undefined> {
    const handleTimesSeconds = await this.core.store.handleTimes(queueId);
    return minutesToSay(estimateWaitSeconds({ position, agentsServing: this.core.rooms.mirror.agentsServing(queueId), handleTimesSeconds, minSamples: this.core.deps.minEstimateSamples ?? 3 }));
  }

  addWaiter(call: CallChannel, queued: QueuedCall, log: Logger, phase: CallPhase = 'waiting'): Waiter {
    const waiter: Waiter = { call, queued, log, phase, wake: () => undefined };
    this.core.waiters.set(queued.callId, waiter);
    return waiter;
  }

  /** `offerCallback`, `keepCaller`: as the flow's request says (absent for a caller recovered or transferred on). */
  async serve(call: CallChannel, queued: QueuedCall, def: QueueDefinition, log: Logger, options: Pick<QueueRequest, 'offerCallback' | 'keepCaller'> = {}): Promise<Served> {
    const { callId } = queued;
    const callbackOffer = options.offerCallback;
    const waiter = this.addWaiter(call, queued, log);
    if (options.keepCaller) waiter.keepCaller = true;
    const deadline = queued.enteredAt + def.maxWaitSeconds * 1000;
    let nextAnnouncement = this.core.nowMs() + def.announcements.everySeconds * 1000;
    let stopKeys = (): void => undefined;
    if (callbackOffer) {
      waiter.callbackOffer = callbackOffer;
      // Offered at once when the flow says so; otherwise with the announcement that says a long wait.
      if (callbackOffer.afterMinutes === 0) nextAnnouncement = this.core.nowMs();
      stopKeys = call.onDtmf((digit) => {
        if (digit !== CALLBACK_KEY || !waiter.callbackOffered || waiter.phase !== 'waiting') return;
        waiter.callbackChosen = true;
        waiter.wake();
      });
    }
    try {
      await despiteSlowAsterisk(log, 'music_on_hold', () => call.startMoh(def.musicOnHold));
      this.core.rooms.dispatch.enterRouting(queued);
      for (;;) {
        if (this.core.detaching) {
          this.core.move(waiter, 'detached');
          throw new CallDetachedError(callId);
        }
        if (waiter.connected) return await this.core.rooms.talk.converse(waiter, def);
        if (waiter.callbackChosen && waiter.phase === 'waiting' && !call.ended.aborted) {
          // The caller's entry stays in Redis, in its place, while the flow confirms the number.
          this.core.move(waiter, 'callback_key');
          await bestEffort(this.core.log, 'stopPlayback', () => call.stopPlayback());
          await bestEffort(this.core.log, 'stopMoh', () => call.stopMoh());
          await this.core.events.append({ type: 'acd.callback_chosen', callId, at: this.core.now(), data: { queue: queued.queueId, position: this.core.routing.position(callId) ?? null } });
          return { outcome: 'callback' };
        }
        if (call.ended.aborted) {
          this.core.move(waiter, 'left');
          // Cut off by Asterisk (a restart, a crash) is lost, not abandoned: the caller did not give up.
          await this.core.store.leave(callId, queued.queueId, endedByCaller(call) ? 'abandoned' : 'lost', this.core.now());
          throw new CallHungUpError(call.info.channelId);
        }
        const now = this.core.nowMs();
        if (waiter.phase === 'waiting') {
          if (now >= deadline) return await this.leave(waiter, 'timeout');
          if (!this.core.rooms.mirror.anyAgentLoggedIn(queued.queueId)) return await this.leave(waiter, 'no_agents');
          if (now >= nextAnnouncement) {
            await this.announce(waiter, def);
            nextAnnouncement = this.core.nowMs() + def.announcements.everySeconds * 1000;
            continue;
          }
        }
        await this.sleep(waiter, Math.max(0, Math.min(deadline, nextAnnouncement) - now));
      }
    } catch (error) {
      // Whatever went wrong (the caller gone mid-command, Redis or ARI failing), the caller
      // does not stay queued in Redis; a detached caller does, for the next engine.
      if (!(error instanceof CallDetachedError) && !waiter.connected) {
        this.core.move(waiter, 'left');
        await this.core.cleanup('leave_queue', () => this.core.store.leave(callId, queued.queueId, endedByCaller(call) ? 'abandoned' : 'lost', this.core.now()));
      }
      throw error;
    } finally {
      stopKeys();
      this.core.waiters.delete(callId);
      this.core.rooms.dispatch.leaveRouting(callId);
    }
  }

  /** Waits until woken (an offer answered or ended, an agent logged out, the caller hung up) or ms pass. */
  sleep(waiter: Waiter, ms: number): Promise<void> {
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

  async leave(waiter: Waiter, reason: 'timeout' | 'no_agents'): Promise<QueueResult> {
    const { queued, call } = waiter;
    this.core.move(waiter, 'left');
    await this.core.store.leave(queued.callId, queued.queueId, reason === 'timeout' ? 'timeout' : 'lost', this.core.now());
    await bestEffort(this.core.log, 'stopMoh', () => call.stopMoh());
    waiter.log.info({ queue: queued.queueId, reason }, 'acd.left_queue');
    return { outcome: reason };
  }

  /** Position and estimated wait, in Italian, over the music (words: announcement.ts). */
  async announce(waiter: Waiter, def: QueueDefinition): Promise<void> {
    const { queued, call } = waiter;
    const position = this.core.routing.position(queued.callId);
    const minutes = def.announcements.estimate && position !== undefined ? await this.estimateMinutes(queued.queueId, position) : undefined;
    const { media, callbackOffered } = queueAnnouncement(def.announcements, { position, minutes }, waiter.callbackOffer);
    if (callbackOffered) waiter.callbackOffered = true;
    await this.core.events.append({ type: 'acd.announcement', callId: queued.callId, at: this.core.now(), data: { queue: queued.queueId, position, minutes: minutes ?? null, callbackOffered: waiter.callbackOffered === true } });
    if (waiter.phase !== 'waiting') return;
    const log = waiter.log;
    await despiteSlowAsterisk(log, 'music_on_hold', () => call.stopMoh());
    try {
      await despiteSlowAsterisk(log, 'announcement', () => call.play(media, { timeoutMs: this.core.deps.promptTimeoutMs }));
    } finally {
      // An offer answered meanwhile has taken the caller to the agent: no music then.
      if (!waiter.connected && !call.ended.aborted) await despiteSlowAsterisk(log, 'music_on_hold', () => call.startMoh(def.musicOnHold));
    }
  }
}
