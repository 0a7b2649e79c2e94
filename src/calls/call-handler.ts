import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Acd, CallDetachedError } from '../acd/index.js';
import type { Announcement, AnnouncementStore } from '../announcements/index.js';
import type { EventLog } from '../events/event-log.js';
import { maskNumber, type Logger } from '../logger.js';
import { type CatalogSource, checkpointText, type CompiledFlow, type IvrCallbackService, type IvrCatalog, type IvrCheckpoint, type IvrDeps, type IvrDirectory, normaliseDialledNumber, runIvr, type TransferTarget } from '../ivr/index.js';
import { promptMedia } from '../shared/prompts.js';
import type { HolidayCalendar } from '../shared/schedule.js';
import { SYSTEM_PROMPTS, type SystemPromptId } from '../shared/system-prompts.js';
import { CallHungUpError, isDialledLeg, type CallChannel, type Telephony } from '../telephony/telephony.js';
import type { CrmGuard } from '../crm/index.js';
import type { CallRecord, CallStore } from './call-store.js';
import { resumePoint } from './resume-point.js';
import { callerIdentity } from './caller-identity.js';
import { durableCall } from './durable-call.js';
import { Transfers } from './transfers.js';
import { currentCall, inCall } from '../process-guard.js';

export interface CallHandlerDeps {
  /** The live flows; each call keeps the snapshot it started with. */
  readonly catalogs: CatalogSource;
  readonly holidays: HolidayCalendar;
  readonly telephony: Telephony;
  readonly store: CallStore;
  readonly events: EventLog;
  readonly logger: Logger;
  readonly promptTimeoutMs: number;
  /** Emergency and information messages switched on; read when each call starts. */
  readonly announcements?: AnnouncementStore;
  /** Dial string for an external number (e.g. PJSIP/{number}@trunk); transfers to numbers fail without it. */
  readonly externalDialString?: string;
  /** The telephone directory the centralino searches (absent: it finds nobody). */
  readonly directory?: () => IvrDirectory;
  /** Media saying a text (directory names), rendered on demand. */
  readonly speak?: (text: string) => Promise<string>;
  /** Transfers shared with the ACD (agents' transfers to extensions); made here when absent. */
  readonly transfers?: Transfers;
  readonly now?: () => Date;
  /** The secret of the callers' pseudonymous keys in the reports (caller-identity.ts); absent: no keys. */
  readonly callerKeySecret?: string;
  /** The ACD the flows' queue steps hand callers to (absent: queues are unavailable). */
  readonly acd?: Acd;
  /** The CRM: callers recognised, tickets opened, every call recorded in the contact history. */
  readonly crm?: CrmGuard;
  /** Callbacks the flows' callback steps book (absent: those steps take their failure branch). */
  readonly callbacks?: IvrCallbackService;
}

/** Why and by whom a call ended, as recorded in `call.ended`. */
export interface CallEnd {
  readonly outcome: 'completed' | 'number_not_served' | 'recovered_after_restart' | 'caller_hung_up' | 'channel_lost' | 'failed' | 'refused_shutting_down';
  readonly endedBy: 'caller' | 'engine' | 'asterisk';
}

/**
 * Takes every call the telephony layer hands over: registers it in Redis, runs the flow that
 * serves its dialled number (or tells the caller the number is not active), and always ends
 * with the call released and its live state removed.
 */
export class CallHandler {
  private readonly sessions = new Map<string, { call: CallChannel; done: Promise<void> }>();
  private accepting = true;
  private readonly now: () => Date;
  private readonly instance = `${hostname()}:${process.pid}`;

  private readonly transfers: Transfers;

  constructor(private readonly deps: CallHandlerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.transfers = deps.transfers ?? new Transfers(deps.telephony, deps.logger, deps.externalDialString);
  }

  handle(call: CallChannel): void {
    // (Legs the engine dialled never come here: the telephony hands them to their dial.)
    // An agent's leg of a conversation the ACD adopts after a restart is the ACD's.
    if (this.deps.acd?.claimLeg(call)) return;
    const channelId = call.info.channelId;
    // Any other leg a dead engine dialled (a ring nobody waits for now) is released, silently.
    if (call.info.recovered && isDialledLeg(call.info)) {
      this.deps.logger.info({ channelId }, 'call.recovered_leg_released');
      call.hangup('normal').catch((error: unknown) => this.deps.logger.warn({ channelId, err: describe(error) }, 'call.hangup_failed'));
      return;
    }
    // Everything this call's session starts is part of the call: a fault nobody handled names it.
    const done = inCall({ channelId }, () => this.session(call)).finally(() => this.sessions.delete(channelId));
    this.sessions.set(channelId, { call, done });
  }

  /**
   * After the telephony layer (re)connected: live calls in Redis whose channel is no longer in
   * Asterisk (it was lost while the engine was down) are ended, so that none stays live forever.
   * Assumes one engine per Asterisk; scale-out will need call ownership here.
   */
  async endLostCalls(presentChannels: ReadonlySet<string>): Promise<number> {
    let ended = 0;
    for (const callId of await this.deps.store.active()) {
      const record = await this.deps.store.get(callId);
      if (!record || presentChannels.has(record.channelId) || this.sessions.has(record.channelId)) continue;
      const at = this.now();
      if (await this.deps.store.end(callId, record.channelId, at, { outcome: 'channel_lost', endedBy: 'asterisk', visited: [], durationMs: at.getTime() - Date.parse(record.startedAt) })) {
        ended++;
        this.deps.logger.warn({ callId, channelId: record.channelId }, 'call.lost_while_engine_down');
      }
    }
    return ended;
  }

  /** What the reports keep of the caller: the masked number and, with a secret, the pseudonymous key. */
  private callerFields(callerNumber: string): { callerMasked?: string; callerKey?: string } {
    const id = callerIdentity(callerNumber, this.deps.callerKeySecret ?? '');
    return { ...(id.masked === null ? {} : { callerMasked: id.masked }), ...(this.deps.callerKeySecret !== undefined && id.key !== null ? { callerKey: id.key } : {}) };
  }

  activeSessions(): number {
    return this.sessions.size;
  }

  /**
   * Stops taking calls; waits for the calls in progress, hanging up those still there after
   * graceMs. Never waits more than twice graceMs in all: a stuck session must not block shutdown.
   */
  async drain(graceMs: number): Promise<void> {
    this.accepting = false;
    const all = Promise.all([...this.sessions.values()].map((s) => s.done)).then(() => true);
    if (await within(all, graceMs)) return;
    this.deps.logger.warn({ calls: this.sessions.size }, 'calls.drain.hanging_up_remaining');
    // Not awaited: a hang-up that never completes must not block shutdown either.
    for (const s of this.sessions.values()) s.call.hangup('normal').catch((error: unknown) => this.deps.logger.warn({ channelId: s.call.info.channelId, err: describe(error) }, 'calls.drain.hangup_failed'));
    if (!(await within(all, graceMs))) this.deps.logger.error({ calls: this.sessions.size }, 'calls.drain.gave_up');
  }

  private async session(channel: CallChannel): Promise<void> {
    const info = channel.info;
    // A channel adopted after a restart keeps the call id (and record) it already had.
    const adoptedId = info.recovered
      ? await this.deps.store.findByChannel(info.channelId).catch((error: unknown) => {
          // Redis unreachable: the call is treated as new (apologised for and released), not lost.
          this.deps.logger.warn({ channelId: info.channelId, err: describe(error) }, 'call.adopt.lookup_failed');
          return undefined;
        })
      : undefined;
    const callId = adoptedId ?? randomUUID();
    const context = currentCall();
    if (context) context.callId = callId;
    // Where the caller is in the flow: kept in memory as each step begins, and written to the
    // call's record with the next prompt's playback id (one write for both, no extra round trip:
    // every step a caller waits in plays something first; a queue's wait is the ACD's to resume).
    let checkpoint: IvrCheckpoint | undefined;
    let written: IvrCheckpoint | undefined;
    const call = durableCall(callId, channel, this.deps.store, () => {
      if (checkpoint === written || checkpoint === undefined) return {};
      written = checkpoint;
      return { ivr: checkpointText(checkpoint) };
    });
    const number = normaliseDialledNumber(info.dialledNumber);
    // Every new call is answered, whatever follows (its flow, or one of the engine's own messages):
    // the answer goes out now, alongside the reads below, not after their round trips. The branch
    // below that needs the call answered awaits the same reply; if none does, the call failed first.
    if (!info.recovered) call.answer().catch((error: unknown) => this.deps.logger.debug({ callId, err: describe(error) }, 'call.answer.early_failed'));
    // Read per call, alongside the flows: a message switched on reaches the very next caller.
    const announcementsRead = (this.deps.announcements?.list() ?? Promise.resolve([])).catch((error: unknown) => {
      this.deps.logger.error({ callId, err: String(error) }, 'announcements.read_failed');
      return [];
    });
    // The versions live now: this call keeps them to its end, whatever is published meanwhile.
    let catalog: IvrCatalog | undefined;
    try {
      catalog = await this.deps.catalogs.current(info.callerNumber);
    } catch (error) {
      this.deps.logger.error({ err: String(error) }, 'flows.unavailable');
    }
    const entry = catalog?.forNumber(number);
    const loaded = entry?.flow;
    const log = this.deps.logger.child({
      callId,
      channelId: info.channelId,
      flowId: loaded?.definition.id ?? null,
      flowVersion: loaded?.version ?? null,
      flowVersionNumber: loaded?.number ?? null,
    });
    const startedAt = this.now();
    log.info({ caller: maskNumber(info.callerNumber), dialled: number, source: info.source, recovered: info.recovered }, 'call.started');
    let end: CallEnd = { outcome: 'failed', endedBy: 'engine' };
    let visited: readonly string[] = [];
    let ivr: { tags: readonly string[]; vars: Readonly<Record<string, string>> } | undefined;
    let detached = false;
    /** Runs the flow (from its start, or from where a crashed engine left the caller) and says how it ended. */
    const flow = async (cat: IvrCatalog, compiled: CompiledFlow, resume?: IvrCheckpoint): Promise<void> => {
      const announcements = await announcementsRead;
      const result = await runIvr({ ...this.ivrDeps(cat, announcements), checkpoint: (c) => (checkpoint = c) }, call, callId, compiled, log, undefined, resume);
      visited = result.visited;
      ivr = result;
      if (result.tags.length > 0) await this.deps.store.update(callId, { tags: result.tags.join(',') });
      // A transferred call stays the engine's until both sides have hung up.
      if (result.outcome === 'completed' && result.end === 'transferred') await this.transfers.untilOver(callId);
      if (result.outcome === 'completed') {
        end = { outcome: 'completed', endedBy: endedBy(call) ?? 'engine' };
      } else if (result.error instanceof CallHungUpError) {
        end = hungUp(call);
      } else if (result.error instanceof CallDetachedError) {
        detached = true;
      } else {
        log.error({ err: describe(result.error), visited }, 'call.flow.failed');
        end = await this.systemMessage(callId, call, 'technicalProblem', 'failed');
      }
    };
    try {
      let record: CallRecord | undefined;
      if (adoptedId !== undefined) {
        await this.deps.events.append({ type: 'call.recovered', callId, at: startedAt, data: { channelId: info.channelId } });
        // The previous engine's playback would hold every command until it ended.
        record = await this.deps.store.get(callId);
        if (record?.playbackId) await call.stopPlayback(record.playbackId);
      } else await this.deps.store.start(
        {
          callId,
          channelId: info.channelId,
          callerNumber: info.callerNumber,
          ...this.callerFields(info.callerNumber),
          dialledNumber: number,
          source: info.source,
          flowId: loaded?.definition.id ?? '',
          flowVersion: loaded === undefined ? '' : `${loaded.number ?? 'draft'}:${loaded.version}`,
          startedAt: startedAt.toISOString(),
          engineInstance: this.instance,
        },
        startedAt,
      );
      if (!this.accepting) {
        end = await this.systemMessage(callId, call, 'engineUnavailable', 'refused_shutting_down');
      } else if (info.recovered && (adoptedId !== undefined || !entry)) {
        // A caller waiting in a queue (or talking with an agent) keeps their place; a caller in
        // the IVR goes on from the step they were in; only a call with no state left is apologised to.
        // (A channel the dead engine never registered, whose number a flow serves, is a new call: below.)
        const resumed = adoptedId !== undefined ? await this.deps.acd?.resume(call, callId, log) : undefined;
        const point = resumed === undefined && catalog !== undefined ? resumePoint(record, catalog, log) : undefined;
        if (resumed?.outcome === 'answered') end = { outcome: 'completed', endedBy: endedBy(call) ?? 'engine' };
        else if (resumed) end = await this.systemMessage(callId, call, 'operatorsBusy', 'completed');
        else if (point && catalog) {
          await this.deps.events.append({ type: 'ivr.resumed', callId, at: this.now(), data: { flowId: point.checkpoint.flowId, node: point.checkpoint.node, version: point.checkpoint.version ?? null } });
          // The dead engine may have died before answering: answering an answered call changes nothing.
          await call.answer();
          await flow(catalog, point.flow, point.checkpoint);
        } else end = await this.systemMessage(callId, call, 'technicalProblem', 'recovered_after_restart');
      } else if (!catalog) {
        end = await this.systemMessage(callId, call, 'technicalProblem', 'failed');
      } else if (!entry) {
        end = await this.systemMessage(callId, call, 'numberNotServed', 'number_not_served');
      } else {
        await call.answer();
        await flow(catalog, entry);
      }
    } catch (error) {
      if (error instanceof CallHungUpError) {
        end = hungUp(call);
      } else if (error instanceof CallDetachedError) {
        detached = true;
      } else {
        log.error({ err: describe(error) }, 'call.failed');
        await call.hangup('normal').catch((hangupError: unknown) => log.warn({ err: describe(hangupError) }, 'call.hangup_failed'));
        end = { outcome: 'failed', endedBy: 'engine' };
      }
    } finally {
      if (detached) {
        // The engine is stopping with this caller in a queue: the channel stays in Asterisk
        // (music on hold or a conversation) and the call record in Redis, for the next engine.
        log.info('call.detached_for_next_engine');
      } else {
        // Never leave a channel up: whatever happened, the engine releases it.
        if (!call.ended.aborted) await call.hangup('normal').catch((error: unknown) => log.warn({ err: describe(error) }, 'call.hangup_failed'));
        // A place still held in a queue (left while booking a callback) is given up.
        await this.deps.acd?.release(callId, info.channelId, end.endedBy !== 'asterisk').catch((error: unknown) => log.warn({ err: describe(error) }, 'acd.release_failed'));
        const endedAt = this.now();
        try {
          await this.deps.store.end(callId, info.channelId, endedAt, { ...end, visited, durationMs: endedAt.getTime() - startedAt.getTime() });
        } catch (error) {
          log.error({ err: describe(error) }, 'call.end.record_failed');
        }
        log.info({ ...end, durationMs: endedAt.getTime() - startedAt.getTime() }, 'call.ended');
        // Every call that ran a flow goes into the citizen's contact history (bounded in time; a failure is counted, not fatal).
        if (ivr && this.deps.crm) {
          const ticket = Number(ivr.vars.ticket_created ?? '');
          await this.deps.crm.recordCall(
            {
              callerNumber: info.callerNumber,
              channel: 'telefono',
              callId,
              startedAt: startedAt.toISOString(),
              endedAt: endedAt.toISOString(),
              topics: [...ivr.tags],
              outcome: end.outcome,
              ...(ivr.vars.citizen_id ? { citizenId: ivr.vars.citizen_id } : {}),
              ...(ticket > 0 ? { ticketNumber: ticket } : {}),
            },
            log,
          );
        }
      }
    }
  }

  /** Answers, plays one of the engine's own messages, hangs up. */
  private async systemMessage(callId: string, call: CallChannel, prompt: SystemPromptId, outcome: CallEnd['outcome']): Promise<CallEnd> {
    await call.answer();
    const played = await call.play([promptMedia(SYSTEM_PROMPTS[prompt])], { timeoutMs: this.deps.promptTimeoutMs });
    await this.deps.events.append({ type: 'prompt.played', callId, at: this.now(), data: { prompts: [`system:${prompt}`], outcome: played } });
    await call.hangup('normal');
    return { outcome, endedBy: 'engine' };
  }

  private ivrDeps(catalog: IvrCatalog, announcements: readonly Announcement[]): IvrDeps {
    return {
      catalog,
      holidays: this.deps.holidays,
      events: this.deps.events,
      now: this.now,
      promptTimeoutMs: this.deps.promptTimeoutMs,
      announcements,
      transfer: (call: CallChannel, callId: string, target: TransferTarget, timeoutSeconds: number) => this.transfers.connect(call, callId, target, timeoutSeconds),
      ...(this.deps.acd ? { queue: this.deps.acd.queue.bind(this.deps.acd) } : {}),
      ...(this.deps.crm ? { crm: this.deps.crm } : {}),
      ...(this.deps.directory ? { directory: this.deps.directory } : {}),
      ...(this.deps.speak ? { speak: this.deps.speak } : {}),
      ...(this.deps.callbacks ? { callbacks: this.deps.callbacks } : {}),
    };
  }
}

/** True if the promise settled within ms (and clears its timer either way). */
async function within(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The channel went away under the flow: the caller hung up, or Asterisk lost it. */
function hungUp(call: CallChannel): CallEnd {
  const by = endedBy(call) ?? 'caller';
  return { outcome: by === 'asterisk' ? 'channel_lost' : 'caller_hung_up', endedBy: by };
}

function endedBy(call: CallChannel): CallEnd['endedBy'] | undefined {
  if (!call.ended.aborted) return undefined;
  const reason = call.ended.reason as { by?: CallEnd['endedBy'] } | undefined;
  return reason?.by;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
}
