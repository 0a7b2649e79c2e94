import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { startEngine, SUNDAY } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';

const AUTH = { authorization: 'Bearer demo-supervisor-token' };

describe('emergency announcements switched on through the API (real stack)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(SUNDAY);
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses a request without a valid token, and a bad body with a readable reason', async () => {
    expect((await app.http.inject({ method: 'PUT', url: '/api/announcements/neve', payload: { kind: 'emergency', text: 'Neve in città.' } })).statusCode).toBe(401);
    const bad = await app.http.inject({ method: 'PUT', url: '/api/announcements/neve', headers: AUTH, payload: { kind: 'alarm', text: 'x' } });
    expect(bad.statusCode).toBe(400);
    const reason = bad.json<{ error: string }>().error;
    expect(reason).toMatch(/kind: .*emergency.*info/);
    expect(reason).toMatch(/text: the text is too short/);
  });

  it('the next call hears the message before the welcome; switched off, the one after does not', async () => {
    const text = 'Attenzione: per la neve, oggi gli uffici anagrafe sono chiusi.';
    const on = await app.http.inject({ method: 'PUT', url: '/api/announcements/neve', headers: AUTH, payload: { kind: 'emergency', text, flows: ['milano-020202'] } });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ id: 'neve', kind: 'emergency', updatedBy: 'supervisor' });
    expect((await app.http.inject({ method: 'GET', url: '/api/announcements', headers: AUTH })).json()).toEqual([expect.objectContaining({ id: 'neve', activeNow: true })]);

    let since = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-expect-answer-then-engine-bye.xml', '020202').done).exitCode).toBe(0);
    let events = await eventsUntilCallEnded(app.redis.redis, since);
    const played = events.filter((e) => e.type === 'prompt.played').map((e) => e.data);
    expect(played[0]).toMatchObject({ prompts: ['announcement:neve'], outcome: 'finished' });
    expect(played[1]).toMatchObject({ prompts: ['welcome'] });

    expect((await app.http.inject({ method: 'DELETE', url: '/api/announcements/neve', headers: AUTH })).statusCode).toBe(204);
    expect((await app.http.inject({ method: 'DELETE', url: '/api/announcements/neve', headers: AUTH })).statusCode).toBe(404);

    // A caller who hangs up 2 s in is enough: the announcements step has already played nothing.
    since = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202').done).exitCode).toBe(0);
    events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events.find((e) => e.type === 'ivr.node')?.data).toMatchObject({ node: 'announcements', played: [], next: 'lookup' });
    // Switching on and off is in the append-only log, with who did it.
    const log = await app.redis.redis.xrange('cc:events', '-', '+');
    expect(log.map(([, f]) => f[1])).toEqual(expect.arrayContaining(['announcement.on', 'announcement.off']));
    // And in the supervisors' record, newest first: switched off, after switched on.
    const history = (await app.http.inject({ method: 'GET', url: '/api/announcements/history?limit=2', headers: AUTH })).json<unknown[]>();
    expect(history).toEqual([expect.objectContaining({ id: 'neve', action: 'off', by: 'supervisor' }), expect.objectContaining({ id: 'neve', action: 'on', by: 'supervisor', kind: 'emergency', text })]);
  });
});
