/**
 * Callbacks: booking (keep-my-place from a queue, or a slot the citizen chooses), the guard on
 * every number before anything is booked or dialled, and the attempts: when one is due (a BullMQ
 * job wakes it up on whichever engine), it waits its turn in the ACD, is dialled agent first, and
 * ends answered, retried within opening hours, or unreachable — recorded in the citizen's history.
 */
import { randomUUID } from 'node:crypto';
import type { AcdConfig, CallbackAttemptOutcome, CallbackRequest, QueueDefinition } from '../acd/index.js';
import type { CrmGuard } from '../crm/index.js';
import { EngineError } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { HolidayCalendar, Schedule } from '../shared/schedule.js';
import { maskNumber, type Logger } from '../logger.js';
import type { CallbackJob, CallbackJobs } from '../store/callback-jobs.js';
import type { Callback, CallbackFinal, CallbackKind, CallbackStore } from './callback-store.js';
import { afterAttempt } from './dialling-rules.js';
import { checkNumber, dialDigits, type NumberPolicy } from './number-policy.js';
import { callbackHours, isOpenAt, nextOpening, queueFreeSlots, queueSlotRules, slotStarts, type QueueSlotRules } from './queue-slots.js';
import { slotCapacity, type Slot } from './slots.js';
import { agentsAt } from './staffing.js';

/** What callbacks need of the ACD. */
export interface CallbackAcd {
  readonly config: AcdConfig;
  serveCallback(request: CallbackRequest, log: Logger): Promise<CallbackAttemptOutcome>;
  cancelCallback(acdCallId: string): Promise<void>;
}

export interface CallbacksDeps {
  readonly store: CallbackStore;
  readonly jobs: CallbackJobs;
  readonly acd: CallbackAcd;
  readonly events: EventLog;
  readonly crm?: Pick<CrmGuard, 'recordCall' | 'openTicket'>;
  readonly holidays: HolidayCalendar;
  /** The live schedules.yaml (queues whose callbacks follow a schedule read it per use); none: no such queue. */
  readonly schedules?: () => Promise<ReadonlyMap<string, Schedule>>;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly instance: string;
  /** Dial string with {number} (national digits, or 00… abroad). */
  readonly dialString: string;
  readonly defaultCallerId: string;
  readonly numberPolicy: NumberPolicy;
  readonly perNumberPerDay: number;
  readonly perMinute: number;
}

export interface BookRequest {
  readonly number: string;
  readonly queueId: string;
  /** Keep-my-place (served in its turn from now, or from the caller's place) or at a chosen slot. */
  readonly kind: CallbackKind;
  /** Scheduled: the slot's start. */
  readonly at?: Date;
  readonly callerId?: string;
  readonly originCallId?: string;
  readonly data?: Readonly<Record<string, string>>;
  /** Keep-my-place from a queue: the caller's ACD entry and channel (their place is kept). */
  readonly place?: { readonly acdCallId: string; readonly channelId: string };
  readonly priority?: number;
}

export class Callbacks {
  private readonly log: Logger;

  constructor(private readonly deps: CallbacksDeps) {
    this.log = deps.logger.child({ component: 'callbacks' });
  }

  /** Books again what was due while no engine ran, then starts taking due callbacks. */
  async start(): Promise<void> {
    const booked = (await this.deps.store.open()).filter((cb) => cb.status === 'booked');
    await this.deps.jobs.scheduleAll(booked.map((cb) => ({ id: cb.id, attempt: cb.attempt + 1, dueAt: cb.dueAt })));
    this.deps.jobs.work((job) => this.run(job));
  }

  async stop(): Promise<void> {
    await this.deps.jobs.close();
  }

  private queue(queueId: string): QueueDefinition {
    const def = this.deps.acd.config.queues.get(queueId);
    if (!def) throw new EngineError('CALLBACK.NO_SUCH_QUEUE', `queueId: "${queueId}" is not a queue in queues.yaml`);
    return def;
  }

  /**
   * The number guard, then the booking. A refused number is audited with its reason and throws
   * CALLBACK.NUMBER_REFUSED; the same number's open callback is returned instead of a second one.
   */
  async book(request: BookRequest, actor: string): Promise<{ callback: Callback; merged: boolean }> {
    const def = this.queue(request.queueId);
    const checked = checkNumber(request.number, this.deps.numberPolicy);
    const now = this.deps.now();
    if (!checked.allowed) {
      await this.deps.store.refused(maskNumber(request.number.replace(/[^\d+]/g, '')), checked.reason, checked.detail, actor, now);
      // The reason only: the detail can hold part of the number.
      this.log.warn({ reason: checked.reason, by: actor }, 'callback.number_refused');
      throw new EngineError('CALLBACK.NUMBER_REFUSED', `number: ${checked.detail}`);
    }
    // In turn from now, or from when the callback hours open.
    const hours = await this.hoursOf(def);
    let dueAt = (nextOpening(hours, now, this.deps.holidays) ?? now).getTime();
    let slotStart: number | undefined;
    let capacity: number | undefined;
    if (request.kind === 'scheduled') {
      if (!request.at) throw new EngineError('CALLBACK.BAD_SLOT', 'at: a callback at a chosen time needs the slot start');
      const slot = this.slotAt(def, hours, request.at, now);
      slotStart = slot.start;
      capacity = slot.capacity;
      dueAt = slot.start;
    }
    const id = randomUUID();
    const acdCallId = request.place?.acdCallId ?? `callback-${id}`;
    try {
      const booked = await this.deps.store.book(
        {
          id,
          kind: request.kind,
          number: checked.e164,
          queueId: request.queueId,
          acdCallId,
          dueAt,
          ...(slotStart === undefined ? {} : { slotStart }),
          callerId: request.callerId ?? this.deps.defaultCallerId,
          createdBy: actor,
          ...(request.originCallId === undefined ? {} : { originCallId: request.originCallId }),
          data: { ...request.data, priority: String(request.priority ?? 5) },
        },
        { perNumberPerDay: this.deps.perNumberPerDay, perMinute: this.deps.perMinute, ...(capacity === undefined ? {} : { slotCapacity: capacity }), ...(request.place ? { acdChannelId: request.place.channelId } : {}) },
        now,
      );
      if (!booked.merged) await this.deps.jobs.schedule({ id, attempt: 1, dueAt });
      this.log.info({ callback: booked.callback.id, kind: request.kind, merged: booked.merged, by: actor }, 'callback.booked');
      return booked;
    } catch (error) {
      if (error instanceof EngineError && error.code === 'CALLBACK.RATE_LIMITED') {
        await this.deps.store.refused(maskNumber(checked.e164), 'rate_limited', error.message, actor, now);
        this.log.warn({ detail: error.message, by: actor }, 'callback.rate_limited');
      }
      throw error;
    }
  }

  /** The hours a queue's callbacks follow now (its own, or its schedule's live version). */
  private async hoursOf(def: QueueDefinition): Promise<Schedule | undefined> {
    if (def.callbacks.schedule === undefined) return def.callbacks.hours;
    if (!this.deps.schedules) throw new Error(`queue "${def.name}": callbacks follow schedule "${def.callbacks.schedule}" but this engine reads no schedules`);
    return callbackHours(def, await this.deps.schedules());
  }

  /** The slot starting at `at` of a queue, checked: on the grid, in the future, open, with capacity. */
  private slotAt(def: QueueDefinition, hours: Schedule | undefined, at: Date, now: Date): { start: number; capacity: number } {
    const rules = this.rules(def);
    const slotMs = rules.slotMinutes * 60_000;
    if (at.getTime() % slotMs !== 0) throw new EngineError('CALLBACK.BAD_SLOT', `at: ${at.toISOString()} is not the start of a ${rules.slotMinutes}-minute slot`);
    if (at.getTime() <= now.getTime()) throw new EngineError('CALLBACK.BAD_SLOT', `at: ${at.toISOString()} is in the past`);
    const open = (t: Date) => isOpenAt(hours, t, this.deps.holidays);
    if (!open(at) || !open(new Date(at.getTime() + slotMs - 60_000))) throw new EngineError('CALLBACK.BAD_SLOT', `at: ${at.toISOString()} is outside the callback hours`);
    const capacity = slotCapacity(agentsAt(rules.staffing, at), rules);
    if (capacity <= 0) throw new EngineError('CALLBACK.SLOT_FULL', `at: no agents are scheduled for callbacks at ${at.toISOString()}`);
    return { start: at.getTime(), capacity };
  }

  private rules(def: QueueDefinition): QueueSlotRules {
    const rules = queueSlotRules(def);
    if (!rules) throw new EngineError('CALLBACK.NO_SLOTS', `queue "${def.name}" takes no callbacks at a chosen time (callbacks.slots in queues.yaml)`);
    return rules;
  }

  /** The next free slots of a queue (earliest first). */
  async freeSlots(queueId: string, limit: number): Promise<Slot[]> {
    const def = this.queue(queueId);
    const rules = this.rules(def);
    const now = this.deps.now();
    const booked = await this.deps.store.bookedInSlots(queueId, slotStarts(rules, now));
    return queueFreeSlots(await this.hoursOf(def), rules, now, this.deps.holidays, booked, limit);
  }

  /** The number guard alone (what a flow reads back before booking). */
  checkNumber(number: string): ReturnType<typeof checkNumber> {
    return checkNumber(number, this.deps.numberPolicy);
  }

  get(id: string): Promise<Callback | undefined> {
    return this.deps.store.get(id);
  }

  open(): Promise<Callback[]> {
    return this.deps.store.open();
  }

  /** The open callback of a caller's number, if any (for a caller who calls again). */
  async openFor(number: string): Promise<Callback | undefined> {
    const checked = checkNumber(number, this.deps.numberPolicy);
    return checked.allowed ? this.deps.store.openFor(checked.e164) : undefined;
  }

  async cancel(id: string, actor: string): Promise<Callback> {
    const cb = await this.deps.store.cancel(id, actor, this.deps.now());
    // The engine holding it (maybe another) takes it out of its queue when the event reaches it.
    await this.deps.acd.cancelCallback(cb.acdCallId);
    this.log.info({ callback: id, by: actor }, 'callback.cancelled');
    return cb;
  }

  async move(id: string, at: Date, actor: string): Promise<Callback> {
    const cb = await this.deps.store.get(id);
    if (!cb) throw new EngineError('CALLBACK.NOT_FOUND', `callback ${id} does not exist`);
    const def = this.queue(cb.queueId);
    const slot = this.slotAt(def, await this.hoursOf(def), at, this.deps.now());
    const moved = await this.deps.store.move(id, slot.start, slot.start, slot.capacity, actor, this.deps.now());
    await this.deps.jobs.schedule({ id, attempt: moved.attempt + 1, dueAt: moved.dueAt });
    return moved;
  }

  /** `callback.cancelled` from any engine: a callback cancelled elsewhere leaves this engine's queue. */
  onEvent(event: { readonly data: Record<string, unknown> }): void {
    if (typeof event.data.callback !== 'string') return;
    void this.deps.store
      .get(event.data.callback)
      .then((cb) => (cb ? this.deps.acd.cancelCallback(cb.acdCallId) : undefined))
      .catch((error: unknown) => this.log.warn({ err: String(error) }, 'callback.cancel_event_failed'));
  }

  /** One due attempt (a BullMQ job); throws only to have the job retried (Redis down, engine stopping). */
  private async run(job: CallbackJob): Promise<void> {
    const cb = await this.deps.store.get(job.id);
    if (!cb) return;
    const log = this.log.child({ callback: cb.id, attempt: job.attempt });
    let current: Callback | undefined;
    if (cb.status === 'booked' && cb.attempt === job.attempt - 1 && cb.dueAt === job.dueAt) {
      current = await this.deps.store.startAttempt(cb.id, job.attempt, this.deps.instance, this.deps.now());
    } else if (cb.status === 'active' && cb.attempt === job.attempt) {
      // The engine working on it stopped or died (its job's lock expired): this one takes over, once.
      current = await this.deps.store.takeOver(cb.id, job.attempt, cb.engine ?? '', this.deps.instance, this.deps.now());
      if (current) log.info({ from: cb.engine }, 'callback.taken_over');
    }
    if (!current) return; // moved, cancelled, done, or another engine has it
    const checked = checkNumber(current.number, this.deps.numberPolicy);
    if (!checked.allowed) {
      await this.deps.store.refused(maskNumber(current.number), checked.reason, checked.detail, `engine:${this.deps.instance}`, this.deps.now());
      await this.finish(current, 'refused', log);
      return;
    }
    if (current.dialled >= job.attempt) {
      // Dialled by an engine that died before recording how it went: never dialled twice.
      await this.finish(current, 'failed', log);
      return;
    }
    const priority = Number(current.data.priority ?? 5);
    const outcome = await this.deps.acd.serveCallback(
      {
        callbackId: current.id,
        acdCallId: current.acdCallId,
        queueId: current.queueId,
        priority: Number.isInteger(priority) ? Math.min(9, Math.max(0, priority)) : 5,
        enteredAt: current.kind === 'keep_place' && job.attempt === 1 ? current.createdAt : this.deps.now().getTime(),
        number: current.number,
        dial: this.deps.dialString.replace('{number}', dialDigits(current.number)),
        callerId: current.callerId,
        data: { ...current.data, callbackNumber: current.number, callbackAttempt: String(job.attempt) },
        beforeDial: () => this.deps.store.markDialled(current.id, job.attempt),
      },
      log,
    );
    await this.finish(current, outcome, log);
  }

  private async finish(cb: Callback, outcome: CallbackAttemptOutcome | 'refused', log: Logger): Promise<void> {
    if (outcome === 'cancelled') return;
    const def = this.deps.acd.config.queues.get(cb.queueId);
    const policy = { maxAttempts: def?.callbacks.maxAttempts ?? 1, spacingMinutes: def?.callbacks.spacingMinutes ?? [10] };
    const now = this.deps.now();
    const hours = def === undefined ? undefined : await this.hoursOf(def);
    const next = afterAttempt(outcome, cb.attempt, policy, now, (from) => nextOpening(hours, from, this.deps.holidays));
    const ended = await this.deps.store.endAttempt(cb.id, outcome, 'retryAt' in next ? { retryAt: next.retryAt.getTime() } : { final: next.final }, now);
    if (!ended) return; // cancelled meanwhile
    log.info({ outcome, ...('retryAt' in next ? { retryAt: next.retryAt.toISOString() } : { final: next.final }) }, 'callback.attempt_ended');
    if ('retryAt' in next) {
      await this.deps.jobs.schedule({ id: cb.id, attempt: cb.attempt + 1, dueAt: next.retryAt.getTime() });
      return;
    }
    await this.recordFinal(cb, next.final, outcome, def, log);
  }

  /** The citizen's history gets the callback's outcome (and a ticket when it failed, if the queue says so). */
  private async recordFinal(cb: Callback, final: Exclude<CallbackFinal, 'cancelled'>, outcome: string, def: QueueDefinition | undefined, log: Logger): Promise<void> {
    if (!this.deps.crm) return;
    let ticketNumber: number | undefined;
    if (final === 'unreachable' && def?.callbacks.ticketWhenUnreachable) {
      const ticket = await this.deps.crm.openTicket(
        { category: cb.data.topic ?? 'altro', subject: `Richiamata non riuscita dopo ${cb.attempt} tentativi`, level: 'primo_livello', callId: cb.originCallId ?? cb.id, callerNumber: cb.number, tags: [] },
        log,
      );
      ticketNumber = ticket?.number;
    }
    // Answered callbacks are in the history through the conversation itself; the outcome of the request is recorded here.
    await this.deps.crm.recordCall(
      {
        callerNumber: cb.number,
        channel: 'telefono',
        callId: cb.originCallId ?? cb.id,
        startedAt: new Date(cb.createdAt).toISOString(),
        endedAt: this.deps.now().toISOString(),
        topics: [],
        outcome: `richiamata_${final === 'answered' ? 'effettuata' : final === 'refused' ? 'rifiutata' : 'non_riuscita'}`,
        summary: `Richiamata (${cb.kind === 'keep_place' ? 'mantenendo il posto in coda' : 'su appuntamento'}): ${cb.attempt} tentativi, ultimo esito ${outcome}.`,
        ...(ticketNumber === undefined ? {} : { ticketNumber }),
      },
      log,
    );
  }
}
