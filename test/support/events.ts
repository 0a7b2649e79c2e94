/** Reads the engine's append-only event log (Redis stream cc:events) in tests. */
import type { Redis } from 'ioredis';
import { keys } from '../../src/store/keys.js';

export interface LoggedEvent {
  readonly id: string;
  readonly type: string;
  readonly callId: string;
  readonly data: Record<string, unknown>;
}

export async function lastEventId(redis: Redis): Promise<string> {
  const last = await redis.xrevrange(keys.events(), '+', '-', 'COUNT', 1);
  return last[0]?.[0] ?? '0-0';
}

export async function eventsAfter(redis: Redis, afterId: string): Promise<LoggedEvent[]> {
  const entries = await redis.xrange(keys.events(), `(${afterId}`, '+');
  return entries.map(([id, fields]) => {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
    return { id, type: f.type ?? '', callId: f.callId ?? '', data: JSON.parse(f.data ?? '{}') as Record<string, unknown> };
  });
}

/** Waits until a call.ended is logged after `afterId`, then returns every event after it. */
export async function eventsUntilCallEnded(redis: Redis, afterId: string, timeoutMs = 10_000): Promise<LoggedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await eventsAfter(redis, afterId);
    if (events.some((e) => e.type === 'call.ended')) return events;
    if (Date.now() > deadline) throw new Error(`no call.ended logged within ${timeoutMs} ms; events: ${events.map((e) => e.type).join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
