/**
 * Follows the append-only event log (cc:events) as it grows, on a connection of its own (XREAD
 * BLOCK holds it). Whatever engine wrote an event, every engine's desktop hub sees it: the push
 * to browsers works across engines without a second channel.
 */
import type { Logger } from '../logger.js';
import { keys } from './keys.js';
import { logErrors, type RedisConnection } from './redis.js';

export interface TailedEvent {
  readonly id: string;
  readonly type: string;
  readonly callId: string;
  readonly data: Record<string, unknown>;
}

/**
 * After a batch that did not fill a reply, the pause before reading again: events appended
 * meanwhile come in one reply. Under load that is one round trip per 20 ms instead of one per
 * event (a third of the engine's Redis commands per call were these reads, bench:capacity's CPU
 * profile); the first event after a quiet spell still comes at once.
 */
const BATCH_WINDOW_MS = 20;
const BATCH_MAX = 200;

export class RedisEventTail {
  private stopped = false;
  private readonly redis;
  private loop: Promise<void> | undefined;

  constructor(
    connection: RedisConnection,
    private readonly log: Logger,
  ) {
    this.redis = logErrors(connection.redis.duplicate(), log, 'event-tail');
  }

  /** Delivers every event appended from now on, in order. */
  start(onEvent: (event: TailedEvent) => void): void {
    this.loop = (async () => {
      let last = '$';
      while (!this.stopped) {
        try {
          const batch = await this.redis.xread('COUNT', BATCH_MAX, 'BLOCK', 2000, 'STREAMS', keys.events(), last);
          const entries = batch?.[0]?.[1] ?? [];
          for (const [id, fields] of entries) {
            last = id;
            const f: Record<string, string> = {};
            for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
            try {
              onEvent({ id, type: f.type ?? '', callId: f.callId ?? '', data: JSON.parse(f.data ?? '{}') as Record<string, unknown> });
            } catch (error) {
              this.log.error({ err: String(error), type: f.type }, 'events.tail.handler_failed');
            }
          }
          if (entries.length > 0 && entries.length < BATCH_MAX) await new Promise((r) => setTimeout(r, BATCH_WINDOW_MS));
        } catch (error) {
          if (this.stopped) return;
          this.log.warn({ err: String(error) }, 'events.tail.read_failed');
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.redis.disconnect();
    await this.loop;
  }
}
