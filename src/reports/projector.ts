/**
 * Feeds the call-record store from the shared event log: from the last event it applied, in
 * batches of up to 500, then following the log as it grows, a batch a second at most (a record
 * is there within about two seconds of its call's events). Every minute it says how far it has
 * read, and the log in Redis is trimmed behind the slowest projector (store/lua/events-trim.lua):
 * the events stay in each engine's file. Each batch is one transaction with its last id (record-store.ts):
 * a projector stopped or killed anywhere starts again where the file says, nothing lost or
 * counted twice. An event whose data is not JSON is kept, with its text, and logged.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { localDate } from '../shared/schedule.js';
import { queueLogLines } from './queue-log.js';
import type { CallRecordStore, StoredEvent } from './record-store.js';

/** The log as the projector reads it (src/store/redis-event-reader.ts). */
export interface EventSource {
  after(id: string | undefined, count: number, blockMs: number): Promise<readonly { id: string; type: string; callId: string; at: string; data: string }[]>;
  /** This projector (`consumer`) has applied everything up to `id`: the log may be trimmed before it. */
  projected(consumer: string, id: string): Promise<number>;
}

/** How often the projector says how far it has read (and the log is trimmed). */
const PROJECTED_EVERY_MS = 60_000;

const BATCH = 500;
const BLOCK_MS = 1000;
const RETRY_MS = 1000;
/**
 * After a batch that did not fill, the pause before reading again: under load one transaction a
 * second (SQLite is synchronous, on the engine's event loop) instead of one per event or two.
 */
const BATCH_WINDOW_MS = 1000;

export interface ProjectorOptions {
  /** Who this projector is to the log: one per reports file (see app.ts). */
  readonly consumer: string;
  /** Where Asterisk's queue_log is written (queue-log.ts); undefined: not written. */
  readonly queueLog?: string;
  /** A Rome day the log has moved past (its sums can be worked out once, while nobody waits for them). */
  readonly onDayEnded?: (day: string) => void;
  /** The pause after a batch that did not fill (tests shorten it). */
  readonly batchWindowMs?: number;
}

export class ReportsProjector {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** When it last said how far it has read (a monotonic clock: an interval, not a date). */
  private lastProjectedAt = Number.NEGATIVE_INFINITY;

  private readonly consumer: string;
  private readonly queueLog: string | undefined;
  private readonly onDayEnded: ((day: string) => void) | undefined;
  private readonly batchWindowMs: number;

  constructor(
    private readonly store: CallRecordStore,
    private readonly source: EventSource,
    private readonly log: Logger,
    options: ProjectorOptions,
  ) {
    this.consumer = options.consumer;
    this.queueLog = options.queueLog;
    this.onDayEnded = options.onDayEnded;
    this.batchWindowMs = options.batchWindowMs ?? BATCH_WINDOW_MS;
  }

  /** The Rome day of the last event applied. */
  private day: string | undefined;

  private dayMayHaveEnded(events: readonly StoredEvent[]): void {
    const last = events.at(-1);
    if (last === undefined || Number.isNaN(Date.parse(last.at))) return;
    const day = localDate(new Date(last.at));
    const ended = this.day !== undefined && day > this.day ? this.day : undefined;
    this.day = day;
    if (ended === undefined || !this.onDayEnded) return;
    try {
      this.onDayEnded(ended);
    } catch (error) {
      // Its sums are worked out when the day is first asked for instead.
      this.log.warn({ err: error instanceof Error ? error.message : String(error), day: ended }, 'reports.day_sums_failed');
    }
  }

  private writeQueueLog(events: readonly StoredEvent[]): void {
    const lines = queueLogLines(events, (callId) => this.store.call(callId));
    if (lines.length === 0 || this.queueLog === undefined) return;
    mkdirSync(dirname(this.queueLog), { recursive: true });
    appendFileSync(this.queueLog, `${lines.join('\n')}\n`);
  }

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          const raw = await this.source.after(this.store.lastEventId(), BATCH, BLOCK_MS);
          if (this.stopped) return;
          const events = raw.map((e) => this.parse(e));
          // The queue_log's lines of the batch, written before the batch commits: a crash in
          // between writes them again (at least once, never lost).
          this.store.apply(events, this.queueLog === undefined ? undefined : () => this.writeQueueLog(events));
          this.dayMayHaveEnded(events);
          await this.sayHowFar();
          if (raw.length > 0 && raw.length < BATCH) await this.pause(this.batchWindowMs);
        } catch (error) {
          if (this.stopped) return;
          this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'reports.projection_failed');
          await this.pause(RETRY_MS);
        }
      }
    })();
  }

  /** Waits for the batch in progress (at most about a second), then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  /** Every minute: how far this projector has read, so that the log is trimmed behind every projector. */
  private async sayHowFar(): Promise<void> {
    const last = this.store.lastEventId();
    if (last === undefined || performance.now() - this.lastProjectedAt < PROJECTED_EVERY_MS) return;
    this.lastProjectedAt = performance.now();
    try {
      const trimmed = await this.source.projected(this.consumer, last);
      if (trimmed > 0) this.log.info({ trimmed, upTo: last }, 'reports.log_trimmed');
    } catch (error) {
      // The log is trimmed next time; projecting goes on.
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'reports.trim_failed');
    }
  }

  /** A pause that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  private parse(e: { id: string; type: string; callId: string; at: string; data: string }): StoredEvent {
    try {
      const data = JSON.parse(e.data) as unknown;
      if (data !== null && typeof data === 'object' && !Array.isArray(data)) return { ...e, data: data as Record<string, unknown> };
    } catch {
      // Not JSON: kept below with its text, and logged.
    }
    this.log.warn({ eventId: e.id, type: e.type }, 'reports.event_data_not_an_object');
    return { ...e, data: { unparsed: e.data } };
  }
}
