/**
 * kill -9 of the engine working on a callback that waits for its turn, with a second engine
 * running alongside: the second does not touch it while the first lives, takes it over (once)
 * when the dead engine's job lock expires, and the citizen is dialled once. And a Redis restart:
 * a callback booked for later, its slot and its job are all in the AOF.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startRedis, stopRedis } from '../../scripts/stack/redis.js';
import { redisInstanceFor } from '../../scripts/stack/stack.js';
import { loadConfig } from '../../src/config.js';
import { bridgedTrunkChannel, hangUpChannel } from '../support/asterisk-bridges.js';
import { eventsAfter, lastEventId } from '../support/events.js';
import { darioOnBreak, eventually, MONDAY_MORNING, spawnEngine, startEngine } from '../support/engine.js';
import { answerCall, citizenScenario } from '../support/sipp.js';
import { TEST_REDIS_DIR, testEnv } from '../support/test-env.js';

const TOKEN = 'Bearer demo-supervisor-token';
/** Short job locks, so that a dead engine's callback is taken over within seconds. */
const LOCK = { CC_CALLBACK_LOCK_MS: '3000' };

describe('engine killed while a callback waits for its turn', () => {
  let app: App | undefined;
  afterAll(async () => {
    if (app) {
      for (const action of ['wrapup_done', 'logout']) await app.http.inject({ method: 'POST', url: '/api/agents/dario/state', headers: { authorization: TOKEN }, payload: { action } });
      await app.close();
    }
  });

  it('the engine alongside leaves it alone while its engine lives, takes it over once after kill -9, and the citizen is dialled once', async () => {
    const engineA = await spawnEngine(3903, MONDAY_MORNING, LOCK);
    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    const apiA = engineA.api;
    try {
      // On a break: the callback waits for its turn.
      await darioOnBreak(apiA);

      const since = await lastEventId(watcher);
      const booked = await apiA('/api/callbacks', { number: '335 123 0001', queue: 'tributi' });
      expect(booked.status).toBe(201);
      const id = ((await booked.json()) as { id: string }).id;
      const engineOfA = `${hostname()}:${engineA.child.pid ?? ''}`;
      await eventually(async () => (await eventsAfter(watcher, since)).some((e) => e.type === 'callback.attempt_started' && e.data.callback === id), 15_000, 'engine A did not start the attempt');
      expect((await eventsAfter(watcher, since)).find((e) => e.type === 'callback.attempt_started')?.data).toMatchObject({ attempt: 1, engine: engineOfA });

      // Engine B runs alongside for two lock periods: A renews its lock, B leaves the callback alone.
      app = await startEngine(MONDAY_MORNING, LOCK);
      await new Promise((r) => setTimeout(r, 7000));
      expect((await eventsAfter(watcher, since)).filter((e) => e.type === 'callback.taken_over')).toEqual([]);

      engineA.child.kill('SIGKILL');
      await engineA.exited;
      await eventually(async () => (await eventsAfter(watcher, since)).some((e) => e.type === 'callback.taken_over'), 45_000, 'engine B did not take the callback over');
      expect((await eventsAfter(watcher, since)).filter((e) => e.type === 'callback.taken_over').map((e) => e.data)).toEqual([{ callback: id, attempt: 1, from: engineOfA, engine: `${hostname()}:${process.pid}` }]);

      const phone = answerCall('uas-agent-answer-expect-bye.xml', 5093);
      const citizen = answerCall(citizenScenario('3351230001'), 5080);
      await new Promise((r) => setTimeout(r, 500));
      const ready = await app.http.inject({ method: 'POST', url: '/api/agents/dario/state', headers: { authorization: TOKEN }, payload: { action: 'ready' } });
      expect(ready.statusCode, ready.body).toBe(200);
      await hangUpChannel(await bridgedTrunkChannel('PJSIP/1013'));
      for (const r of await Promise.all([phone.done, citizen.done])) expect(r.exitCode, r.output).toBe(0);

      await eventually(async () => (await app?.http.inject({ method: 'GET', url: `/api/callbacks/${id}`, headers: { authorization: TOKEN } }))?.json<{ status: string }>().status === 'completed', 15_000, 'the callback was not completed');
      const done = (await app.http.inject({ method: 'GET', url: `/api/callbacks/${id}`, headers: { authorization: TOKEN } })).json<Record<string, unknown>>();
      expect(done).toMatchObject({ final: 'answered', attempt: 1, dialled: 1 });
      const events = await eventsAfter(watcher, since);
      expect(events.filter((e) => e.type === 'callback.attempt_started')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'acd.offer').map((e) => e.data.agentId)).toEqual(['dario']);
    } finally {
      if (engineA.child.exitCode === null) engineA.child.kill('SIGKILL');
      watcher.disconnect();
    }
  });

  it('a callback booked for a chosen slot survives a Redis restart (AOF): the booking, the slot count and its job', async () => {
    app ??= await startEngine(MONDAY_MORNING, LOCK);
    const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
      const r = await (app as App).http.inject({ method, url, headers: { authorization: TOKEN }, ...(payload ? { payload } : {}) });
      return { status: r.statusCode, body: r.body === '' ? undefined : (JSON.parse(r.body) as Record<string, unknown>) };
    };
    const slots = (await api('GET', '/api/callbacks/slots/generale')).body as unknown as { start: string; free: number }[];
    const slot = slots[0] as { start: string; free: number };
    const booked = await api('POST', '/api/callbacks', { number: '335 123 0002', queue: 'generale', at: slot.start, note: 'Richiesta lasciata fuori orario' });
    expect(booked).toMatchObject({ status: 201, body: { kind: 'scheduled', status: 'booked' } });
    const id = booked.body?.id as string;
    const due = Date.parse(slot.start);
    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    try {
      const jobKey = `cc:jobs:callbacks:${id}_1_${due}`;
      expect(await watcher.exists(jobKey)).toBe(1);
      watcher.disconnect();

      const redis = redisInstanceFor(loadConfig(testEnv()), TEST_REDIS_DIR);
      await stopRedis(redis);
      await startRedis(redis);

      watcher.connect().catch(() => undefined);
      await eventually(() => watcher.status === 'ready', 10_000, 'the test could not reconnect to Redis');
      expect(await watcher.exists(jobKey)).toBe(1);
      await eventually(() => app?.redis.isReady() === true, 20_000, 'the engine did not reconnect to Redis');
      expect((await api('GET', `/api/callbacks/${id}`)).body).toMatchObject({ status: 'booked', kind: 'scheduled', dueAt: slot.start, data: { note: 'Richiesta lasciata fuori orario' } });
      const after = (await api('GET', '/api/callbacks/slots/generale')).body as unknown as { start: string; free: number }[];
      expect(after.find((s) => s.start === slot.start)?.free).toBe(slot.free - 1);
      // The engine books again after the restart; the test leaves nothing due behind.
      expect(await api('DELETE', `/api/callbacks/${id}`)).toMatchObject({ status: 200 });
    } finally {
      watcher.disconnect();
    }
  });
});
