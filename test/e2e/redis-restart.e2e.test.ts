/**
 * Redis restarting (a few seconds down) while a caller is in the IVR: the call goes on — the
 * steps' writes wait for Redis and go through when it is back — and nobody is apologised to or
 * hung up. The figures (how long the caller's flow waited) go to the note, not into assertions.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startRedis, stopRedis } from '../../scripts/stack/redis.js';
import { redisInstanceFor } from '../../scripts/stack/stack.js';
import { loadConfig } from '../../src/config.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, startEngine, SUNDAY } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';
import { TEST_REDIS_DIR, testEnv } from '../support/test-env.js';
import { keys } from '../../src/store/keys.js';

describe('a Redis restart with a caller in the IVR (real stack)', () => {
  let app: App;
  beforeAll(async () => {
    // A Sunday: the 020202 flow plays its welcome, then says it is closed (whatever the real hour).
    app = await startEngine(SUNDAY);
  });
  afterAll(async () => {
    await app.close();
  });

  it('drops nobody: the flow waits for Redis, then goes on; the caller hangs up when they choose, the call recorded', async () => {
    const watcher = new Redis(testEnv().CC_REDIS_URL as string, { maxRetriesPerRequest: null });
    // Refused connections while Redis restarts are what this test makes happen: nothing to report.
    watcher.on('error', () => undefined);
    try {
      const since = await lastEventId(watcher);
      // The citizen listens for 12 s, then hangs up: an engine hang-up before that fails the SIPp call.
      const call = placeCall('uac-hold-then-hangup-expect-200.xml', '020202', '3331234567', ['-d', '12000']);
      await eventually(async () => (await watcher.smembers(keys.activeCalls())).length === 1, 15_000, 'the engine did not register the call');

      const redis = redisInstanceFor(loadConfig(testEnv()), TEST_REDIS_DIR);
      const down = Date.now();
      await stopRedis(redis);
      await startRedis(redis);
      const downMs = Date.now() - down;
      await eventually(() => app.redis.isReady(), 20_000, 'the engine did not reconnect to Redis');

      const sipp = await call.done;
      expect(sipp.exitCode, sipp.output).toBe(0);
      const events = await eventsUntilCallEnded(watcher, since, 30_000);
      const prompts = events.filter((e) => e.type === 'prompt.played').flatMap((e) => (e.data as { prompts: string[] }).prompts);
      expect(prompts.filter((p) => p.startsWith('system:'))).toEqual([]);
      // The flow went on past the step Redis left it in (the welcome), and ended because the caller hung up.
      expect(events.find((e) => e.type === 'call.ended')?.data).toMatchObject({ outcome: 'caller_hung_up', endedBy: 'caller', visited: expect.arrayContaining(['welcome', 'privacy']) as unknown });
      process.stdout.write(`[redis-restart] Redis was down (stop + start) for ${downMs} ms; the caller was not dropped\n`);
    } finally {
      watcher.disconnect();
    }
  });
});
