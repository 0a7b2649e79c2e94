/**
 * Reads the append-only event log (cc:events) in order from a given id, in batches, on a
 * connection of its own (XREAD BLOCK holds it): the reports' projector catches up from where it
 * stopped, then follows the log as it grows. The fields come back as written (data as JSON text).
 */
import type { Logger } from '../logger.js';
import { keys } from './keys.js';
import { logErrors, type RedisConnection } from './redis.js';

export interface RawEvent {
  readonly id: string;
  readonly type: string;
  readonly callId: string;
  readonly at: string;
  /** JSON text, as appended. */
  readonly data: string;
}

/** A projector silent for longer no longer holds the log (an engine removed, or off for a week). */
const PROJECTOR_STALE_MS = 7 * 86_400_000;
/** The log always keeps its last day, whatever the projectors have read. */
const KEEP_MS = 86_400_000;

export class RedisEventReader {
  private readonly redis;

  constructor(
    private readonly connection: RedisConnection,
    log: Logger,
  ) {
    this.redis = logErrors(connection.redis.duplicate(), log, 'event-reader');
  }

  /**
   * `consumer` (one reports file) has applied every event up to `id`: noted in Redis, and the log
   * trimmed to what the slowest projector heard from within a week still has to read (never its
   * last day). Returns about how many entries went.
   */
  async projected(consumer: string, id: string): Promise<number> {
    return Number(await this.connection.run('eventsTrim', [keys.events(), keys.eventsProjected()], [consumer, id, String(PROJECTOR_STALE_MS), String(KEEP_MS)]));
  }

  /** Up to `count` events after `id` (from the log's start when undefined), waiting up to `blockMs` for one. */
  async after(id: string | undefined, count: number, blockMs: number): Promise<RawEvent[]> {
    const batch = await this.redis.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.events(), id ?? '0-0');
    return (batch?.[0]?.[1] ?? []).map(([eventId, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
      return { id: eventId, type: f.type ?? '', callId: f.callId ?? '', at: f.at ?? '', data: f.data ?? '{}' };
    });
  }

  close(): void {
    this.redis.disconnect();
  }
}
