/**
 * The event log in Redis is trimmed behind the slowest reports projector, never to less than its
 * last day, and a projector silent for too long no longer holds it (store/lua/events-trim.lua),
 * against the real Redis of the test stack, on a stream of the test's own.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../src/store/redis.js';

const DAY = 86_400_000;

describe('trimming the event log behind the reports projectors (real Redis)', () => {
  let conn: RedisConnection;
  const stream = `cc:test:events:${randomUUID()}`;
  const projectors = `${stream}:projected`;
  /** Redis's own time, ms (ids are made from it; one clock). */
  let now = 0;
  const id = (msAgo: number, seq: number) => `${now - msAgo}-${seq}`;
  const trim = (consumer: string, last: string, staleMs = 7 * DAY) => conn.run('eventsTrim', [stream, projectors], [consumer, last, String(staleMs), String(DAY)]);
  const ids = async () => (await conn.redis.xrange(stream, '-', '+')).map(([i]) => i);

  beforeAll(async () => {
    conn = connectRedis(process.env.CC_REDIS_URL ?? 'redis://127.0.0.1:6390', createLogger('silent'));
    const [s, us] = await conn.redis.time();
    now = Number(s) * 1000 + Math.floor(Number(us) / 1000);
    // Three days ago, two days ago, and the last hour.
    for (const i of [id(3 * DAY, 1), id(3 * DAY, 2), id(2 * DAY, 1), id(3600_000, 1), id(60_000, 1)]) await conn.redis.xadd(stream, i, 'type', 'test', 'callId', '', 'at', '', 'data', '{}');
  });
  afterAll(async () => {
    await conn.redis.del(stream, projectors);
    await conn.close();
  });

  it('keeps what the slowest projector has not read, and its last event', async () => {
    await trim('engine-a', id(3 * DAY, 2));
    await trim('engine-b', id(60_000, 1));
    expect(await ids()).toEqual([id(3 * DAY, 2), id(2 * DAY, 1), id(3600_000, 1), id(60_000, 1)]);
  });

  it('never trims the last day, however far every projector has read', async () => {
    await trim('engine-a', id(60_000, 1));
    expect(await ids()).toEqual([id(3600_000, 1), id(60_000, 1)]);
  });

  it('a projector silent for longer than the limit no longer holds the log, and is forgotten', async () => {
    await conn.redis.xadd(stream, id(50_000, 1), 'type', 'test', 'callId', '', 'at', '', 'data', '{}');
    // Engine c said it was at the first event an hour ago (Redis time).
    await conn.redis.hset(projectors, 'engine-c', `${id(3600_000, 1)} ${now - 3600_000}`);
    await trim('engine-a', id(50_000, 1), 30 * 60_000);
    expect(await conn.redis.hkeys(projectors)).not.toContain('engine-c');
    expect(await conn.redis.hkeys(projectors)).toEqual(expect.arrayContaining(['engine-a']));
    // Only the day is kept now: all three entries are within it.
    expect(await ids()).toEqual([id(3600_000, 1), id(60_000, 1), id(50_000, 1)]);
  });
});
