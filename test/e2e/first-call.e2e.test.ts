import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsAfter, lastEventId } from '../support/events.js';
import { eventually, startEngine } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';

describe('the first call (real Asterisk, Redis and SIPp)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine();
  });
  afterAll(async () => {
    await app.close();
  });

  it('/ready answers 200 with ARI and Redis connected', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { ari: true, redis: true } });
  });

  it('a call to 020202 hears the welcome to its end and the engine releases it', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall('uac-expect-answer-then-engine-bye.xml', '020202').done;
    expect(sipp.exitCode, sipp.output).toBe(0);

    await eventually(async () => (await eventsAfter(app.redis.redis, since)).some((e) => e.type === 'call.ended'), 10_000, 'call.ended was not logged');
    const events = await eventsAfter(app.redis.redis, since);
    const callIds = new Set(events.map((e) => e.callId));
    expect(callIds.size).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['call.started', 'prompt.played', 'call.ended']);
    expect(events[0]?.data).toMatchObject({ flowId: 'milano-020202', dialledNumber: '020202', source: 'trunk' });
    expect(events[1]?.data).toMatchObject({ prompts: ['welcome', 'goodbye'], outcome: 'finished' });
    expect(events[2]?.data).toMatchObject({ outcome: 'completed', endedBy: 'engine', visited: ['welcome', 'end'] });
    // The welcome and goodbye prompts last about 14 s: a call that ended much sooner did not play them.
    expect(events[2]?.data.durationMs).toBeGreaterThan(10_000);
    expect(await app.store.active()).toEqual([]);
  });

  it('a call to a number no flow serves hears a short Italian message and is released', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall('uac-expect-answer-then-engine-bye.xml', '0299999999').done;
    expect(sipp.exitCode, sipp.output).toBe(0);

    await eventually(async () => (await eventsAfter(app.redis.redis, since)).some((e) => e.type === 'call.ended'), 10_000, 'call.ended was not logged');
    const events = await eventsAfter(app.redis.redis, since);
    expect(events.map((e) => e.type)).toEqual(['call.started', 'prompt.played', 'call.ended']);
    expect(events[1]?.data).toMatchObject({ prompts: ['system:numberNotServed'], outcome: 'finished' });
    expect(events[2]?.data).toMatchObject({ outcome: 'number_not_served', endedBy: 'engine' });
  });
});
