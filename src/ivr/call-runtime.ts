/**
 * Runs a flow on one call: one DTMF subscription feeding the digit buffer, the call's variables
 * and tags, schedules evaluated on the injected clock, sub-flows sharing all of it. Used for live
 * calls and by the simulator alike; nothing here knows about ARI.
 */
import { randomInt } from 'node:crypto';
import { activeFor, type Announcement } from '../announcements/index.js';
import type { EventLog } from '../events/event-log.js';
import type { Logger } from '../logger.js';
import type { CallChannel, PlaybackOutcome } from '../telephony/telephony.js';
import type { CompiledFlow, IvrCatalog } from './catalog.js';
import { DigitBuffer } from './digit-buffer.js';
import type { IvrCallbackService, IvrCallbacks, IvrCrm, IvrDirectory, JourneyStep, NodeRuntime, QueueRequest, QueueResult, TransferTarget } from './nodes/node.js';
import { promptMedia } from '../shared/prompts.js';
import { runFlow, type FlowRunResult } from './run-flow.js';
import type { IvrCheckpoint } from './checkpoint.js';
import { scheduleState, type HolidayCalendar, type ScheduleStatus } from '../shared/schedule.js';

export interface IvrDeps {
  readonly catalog: IvrCatalog;
  readonly holidays: HolidayCalendar;
  readonly events: EventLog;
  readonly now: () => Date;
  readonly promptTimeoutMs: number;
  /** Announcements switched on when the call started (the call keeps this snapshot). */
  readonly announcements: readonly Announcement[];
  readonly transfer: (call: CallChannel, callId: string, target: TransferTarget, timeoutSeconds: number) => Promise<'connected' | 'failed'>;
  /** Hands the caller to the ACD (absent: queues are unavailable, the flow takes the exit branch). */
  readonly queue?: (call: CallChannel, callId: string, request: QueueRequest, log: Logger) => Promise<QueueResult>;
  /** The CRM, bounded in time (absent: every caller is unknown and tickets cannot be opened). */
  readonly crm?: IvrCrm;
  /** The directory now (absent: the centralino finds nobody and hands the caller to an operator). */
  readonly directory?: () => IvrDirectory;
  /** Media saying a text (rendered on demand); absent: a `tts:` media naming the text (simulator). */
  readonly speak?: (text: string) => Promise<string>;
  /** Callbacks (absent: the flow's callback steps take their failure branch). */
  readonly callbacks?: IvrCallbackService;
  /** Whether this call is one of the `oneIn` a survey invites (default: at random; the simulator says yes). */
  readonly sample?: (oneIn: number) => boolean;
  /** Told where the caller is as each step of the call's own flow begins (kept with its next prompt); absent: not kept. */
  readonly checkpoint?: (checkpoint: IvrCheckpoint) => void;
}

export interface IvrCallResult extends FlowRunResult {
  readonly tags: readonly string[];
  readonly vars: Readonly<Record<string, string>>;
}

/**
 * Plays and waits for the call's flow; the digit subscription never outlives it. With `resume`
 * (a call adopted after a crash) the flow goes on from that checkpoint's step, variables and tags.
 */
export async function runIvr(deps: IvrDeps, call: CallChannel, callId: string, flow: CompiledFlow, log: Logger, digits = new DigitBuffer(), resume?: IvrCheckpoint): Promise<IvrCallResult> {
  const vars = new Map<string, string>(Object.entries(resume?.vars ?? {}));
  const tags = new Set<string>(resume?.tags ?? []);
  const unsubscribe = call.onDtmf((d) => digits.push(d));
  try {
    const shared: Shared = { call, callId, log, digits, vars, tags, journey: [...(resume?.journey ?? [])], held: {} };
    const result = await runFlow(flow.machine, runtime(deps, shared, flow, true), resume?.node);
    return { ...result, tags: [...tags], vars: Object.fromEntries(vars) };
  } finally {
    unsubscribe();
  }
}

interface Shared {
  readonly call: CallChannel;
  readonly callId: string;
  readonly log: Logger;
  readonly digits: DigitBuffer;
  readonly vars: Map<string, string>;
  readonly tags: Set<string>;
  readonly journey: JourneyStep[];
  /** The queue in which the caller's place is held while the flow books their callback. */
  readonly held: { queueId?: string };
}

function runtime(deps: IvrDeps, shared: Shared, compiled: CompiledFlow, own: boolean): NodeRuntime {
  const def = compiled.flow.definition;
  const active = activeFor(deps.announcements, def.id, deps.now());
  const emergency = active.some((a) => a.kind === 'emergency');
  const { call, digits, vars } = shared;
  return {
    ...shared,
    flowId: def.id,
    now: deps.now,
    promptMedia(id) {
      const text = def.prompts[id];
      if (text === undefined) throw new Error(`prompt ${id} is not defined in flow ${def.id}`);
      return promptMedia(text);
    },
    async play(media, bargeIn): Promise<PlaybackOutcome> {
      // A digit typed ahead skips an interruptible prompt: the caller already knows what to press.
      if (bargeIn && digits.pending() > 0) return 'stopped';
      const stop = bargeIn ? digits.onDigit(() => void call.stopPlayback().catch((error: unknown) => shared.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'ivr.barge_in_stop_failed'))) : undefined;
      try {
        return await call.play(media, { timeoutMs: deps.promptTimeoutMs });
      } finally {
        stop?.();
        if (!bargeIn) digits.clear();
      }
    },
    resolve(template) {
      return template.replace(/\$\{([a-zA-Z0-9_]+)\}/g, (_, name: string) => {
        if (name === 'caller') return call.info.callerNumber;
        if (name === 'dialled') return call.info.dialledNumber;
        return vars.get(name) ?? '';
      });
    },
    schedule(id): ScheduleStatus {
      const s = deps.catalog.schedules.get(id);
      if (!s) throw new Error(`schedule ${id} is not defined`);
      return scheduleState(s, deps.now(), deps.holidays, emergency);
    },
    emergencyActive: () => emergency,
    announcements: () => active.map((a) => ({ id: a.id, kind: a.kind, media: promptMedia(a.text) })),
    journey: () => shared.journey,
    async record(type, data) {
      if (type === 'ivr.node') shared.journey.push(journeyStep(data));
      await deps.events.append({ type, callId: shared.callId, at: deps.now(), data: { flowId: def.id, flowVersion: compiled.flow.version, ...data } });
    },
    // Only the call's own flow is checkpointed: a sub-flow step replays the sub-flow from its start.
    ...(own && deps.checkpoint
      ? {
          checkpoint: (node: string) =>
            deps.checkpoint?.({ flowId: def.id, ...(compiled.flow.number === undefined ? {} : { version: compiled.flow.number }), node, vars: Object.fromEntries(vars), tags: [...shared.tags], journey: [...shared.journey] }),
        }
      : {}),
    async runSubflow(flowId) {
      const sub = deps.catalog.flows.get(flowId);
      if (!sub) throw new Error(`flow ${flowId} does not exist`);
      const result = await runFlow(sub.machine, runtime(deps, shared, sub, false));
      if (result.outcome === 'failed') throw result.error instanceof Error ? result.error : new Error(`sub-flow ${flowId} failed`);
      return result.end === 'returned' ? 'returned' : 'ended';
    },
    transfer: (target, timeoutSeconds) => deps.transfer(call, shared.callId, target, timeoutSeconds),
    async queue(request) {
      if (!deps.queue) return { outcome: 'unavailable' };
      const result = await deps.queue(call, shared.callId, request, shared.log);
      shared.held.queueId = result.outcome === 'callback' ? request.queue : undefined;
      return result;
    },
    callbacks: () => (deps.callbacks ? boundCallbacks(deps.callbacks, shared) : undefined),
    recogniseCaller: () => (deps.crm ? deps.crm.recognise(call.info.callerNumber, shared.log) : Promise.resolve({ outcome: 'unavailable', openTickets: [] })),
    directory: () => deps.directory?.(),
    speak: (text) => (deps.speak ? deps.speak(text) : Promise.resolve(`tts:${text}`)),
    sample: (oneIn) => (deps.sample ? deps.sample(oneIn) : oneIn <= 1 || randomInt(oneIn) === 0),
    flagForReview(request) {
      if (!deps.crm) return Promise.resolve(undefined);
      const citizenId = vars.get('citizen_id');
      return deps.crm.flagForReview({ ...request, callId: shared.callId, callerNumber: call.info.callerNumber, ...(citizenId ? { citizenId } : {}) }, shared.log);
    },
    openTicket(request) {
      if (!deps.crm) return Promise.resolve(undefined);
      const citizenId = vars.get('citizen_id');
      return deps.crm.openTicket({ ...request, callId: shared.callId, callerNumber: call.info.callerNumber, tags: [...shared.tags], ...(citizenId ? { citizenId } : {}) }, shared.log);
    },
  };
}

/** The callbacks service bound to this call: a keep-my-place booking in the queue where the caller's place is held keeps it. */
function boundCallbacks(service: IvrCallbackService, shared: Shared): IvrCallbacks {
  return {
    check: (number) => service.check(number),
    freeSlots: (queueId, limit) => service.freeSlots(queueId, limit),
    openFor: (number) => service.openFor(number),
    cancel: (id) => service.cancel(id, shared.callId),
    async book(request) {
      const keep = request.kind === 'keep_place' && shared.held.queueId === request.queueId;
      const booked = await service.book({ ...request, callId: shared.callId, ...(keep ? { place: { channelId: shared.call.info.channelId } } : {}) }, shared.log);
      if (keep && 'booking' in booked && !booked.merged) shared.held.queueId = undefined;
      return booked;
    },
  };
}

/** The part of an ivr.node event an agent can read at a glance. */
function journeyStep(data: Record<string, unknown>): JourneyStep {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const failed = text(data.failed);
  // A play step's outcome (finished, stopped) says nothing to an agent; a lookup's or a ticket's does.
  const outcome = data.nodeType === 'play' || data.nodeType === 'announcements' ? undefined : text(data.outcome);
  const choice = text(data.choice) ?? outcome ?? text(data.exit) ?? (failed === undefined ? undefined : `failed: ${failed}`);
  return { node: text(data.node) ?? '', type: text(data.nodeType) ?? '', ...(choice === undefined ? {} : { choice }) };
}
