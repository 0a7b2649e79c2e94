/**
 * The ACD's Lua scripts against the real Redis of the test stack pass the AcdStore contract,
 * including two "engines" (two connections) racing to claim the same agents and calls.
 */
import { afterAll } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../src/store/redis.js';
import { RedisAcdStore } from '../../src/store/redis-acd-store.js';
import { keys } from '../../src/store/keys.js';
import { acdStoreContract } from '../contract/acd-store.contract.js';
import { eventsAfter, lastEventId } from '../support/events.js';

const url = process.env.CC_REDIS_URL ?? 'redis://127.0.0.1:6390';
const prefixes: string[] = [];
let a: RedisConnection | undefined;
let b: RedisConnection | undefined;

acdStoreContract('Redis (Lua scripts, two connections)', () => {
  a = connectRedis(url, createLogger('silent'));
  b = connectRedis(url, createLogger('silent'));
  const redis = a.redis;
  return {
    a: new RedisAcdStore(a),
    b: new RedisAcdStore(b),
    mark: () => lastEventId(redis),
    eventsSince: (mark) => eventsAfter(redis, mark),
    used: (prefix) => prefixes.push(prefix),
  };
});

afterAll(async () => {
  if (!a || !b) return;
  // The shared stack as it was found: every agent, call and queue made here carries a test's prefix.
  const r = a.redis;
  const mine = (id: string) => prefixes.some((p) => id.startsWith(p) || id.includes(`:${p}`));
  const agents = (await r.smembers(keys.agents())).filter(mine);
  const calls = (await r.zrange(keys.queuedCalls(), '0', '-1')).filter(mine);
  const queues = [...(await r.keys('cc:acd:queue:*')), ...(await r.keys('cc:stats:queue:*'))].filter(mine);
  const doomed = [...agents.flatMap((id) => [keys.agent(id), keys.agentPin(id)]), ...calls.map(keys.queuedCall), ...queues];
  if (agents.length > 0) await r.srem(keys.agents(), ...agents);
  if (calls.length > 0) await r.zrem(keys.queuedCalls(), ...calls);
  if (doomed.length > 0) await r.del(...doomed);
  await a.close();
  await b.close();
});
