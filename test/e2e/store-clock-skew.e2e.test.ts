/**
 * One clock: Redis enforces durations, never dates from the engine's clock. Against the real Redis
 * of the test stack, with the engine's clock a year ahead of Redis's and a year behind it, an
 * agent's session and a callback slot's counter live as long as they should. The scan keeps the
 * rule for every Lua script and store file (eslint refuses pexpireat/expireat calls in TypeScript).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sessions } from '../../src/agents/sessions.js';
import { createLogger } from '../../src/logger.js';
import { keys } from '../../src/store/keys.js';
import { RedisCallbackStore } from '../../src/store/redis-callback-store.js';
import { RedisSessionStore } from '../../src/store/redis-session-store.js';
import { connectRedis, type RedisConnection } from '../../src/store/redis.js';
import { paths } from '../../scripts/stack/paths.js';

const YEAR = 365 * 86_400_000;
const SHIFT_MS = 8 * 3600_000;

describe('Redis expiries are durations, whatever the engine clock says', () => {
  let conn: RedisConnection;
  const made: string[] = [];

  beforeAll(() => {
    conn = connectRedis(process.env.CC_REDIS_URL ?? 'redis://127.0.0.1:6390', createLogger('silent'));
  });
  afterAll(async () => {
    if (made.length > 0) await conn.redis.del(...made);
    await conn.close();
  });

  it.each([
    ['a year ahead of', YEAR],
    ['a year behind', -YEAR],
  ])('an agent session lasts a shift with the engine clock %s Redis', async (_, skew) => {
    const name = `skew-${randomUUID().slice(0, 8)}`;
    const sessions = new Sessions(new RedisSessionStore(conn), new Map([[`token-${name}`, name]]), SHIFT_MS, () => new Date(Date.now() + skew));
    // A browser session opened with the API token: stored like an agent's, by the hash of a new token.
    const opened = await sessions.loginSupervisor(`token-${name}`);
    const key = keys.session(createHash('sha256').update(opened.token).digest('hex'));
    made.push(key);
    expect(await sessions.resolve(opened.token)).toEqual({ role: 'supervisor', name });
    const ttl = await conn.redis.pttl(key);
    expect(ttl).toBeGreaterThan(SHIFT_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(SHIFT_MS);
  });

  it.each([
    ['a year ahead of', YEAR],
    ['a year behind', -YEAR],
  ])('a callback slot counter is kept until two days after its slot with the engine clock %s Redis', async (_, skew) => {
    const at = new Date(Date.now() + skew);
    const store = new RedisCallbackStore(conn);
    const queueId = `skew-${randomUUID().slice(0, 8)}`;
    const slotStart = at.getTime() + 3 * 3600_000;
    const id = randomUUID();
    const number = `+3933300${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
    made.push(keys.callback(id), keys.callbackOpenFor(number), keys.callbackSlot(queueId, slotStart));
    await store.book(
      { id, kind: 'scheduled', number, queueId, acdCallId: `cb-${id}`, dueAt: slotStart, slotStart, callerId: '020202', createdBy: 'test', data: {} },
      { perNumberPerDay: 10, perMinute: 1000, slotCapacity: 3 },
      at,
    );
    await conn.redis.zrem(keys.callbacksOpen(), id);
    expect(await store.bookedInSlots(queueId, [slotStart])).toEqual(new Map([[slotStart, 1]]));
    const ttl = await conn.redis.pttl(keys.callbackSlot(queueId, slotStart));
    const expected = 3 * 3600_000 + 2 * 86_400_000;
    expect(ttl).toBeGreaterThan(expected - 60_000);
    expect(ttl).toBeLessThanOrEqual(expected);
  });

  it('no Lua script or store file sets an absolute expiry (PEXPIREAT, EXPIREAT, PXAT, EXAT)', () => {
    const dirs = [join(paths.projectDir, 'src/store'), join(paths.projectDir, 'src/store/lua')];
    const offenders: string[] = [];
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.lua') || f.endsWith('.ts'))) {
        const text = readFileSync(join(dir, file), 'utf8');
        text.split('\n').forEach((line, i) => {
          // Comments may name the forbidden commands (the rule itself is written in one).
          const code = /^\s*(\*|\/\*|\/\/|--)/.test(line) ? '' : line.replace(/--.*$|\/\/.*$/, '');
          if (/\b(P?EXPIREAT|PXAT|EXAT)\b/i.test(code)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
