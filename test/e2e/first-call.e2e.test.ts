import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsAfter, eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, startEngine, SUNDAY } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';
import { paths } from '../../scripts/stack/paths.js';

describe('the first call (real Asterisk, Redis and SIPp)', () => {
  let app: App;
  beforeAll(async () => {
    // Sunday: 020202 is closed, so the call ends after welcome, privacy, the offer to leave a request and the closed message.
    app = await startEngine(SUNDAY);
  });
  afterAll(async () => {
    await app.close();
  });

  it('/ready answers 200 with ARI and Redis connected', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { ari: true, redis: true } });
  });

  it('a call to 020202 hears the welcome to its end and the engine releases it (closed hours)', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall('uac-expect-answer-then-engine-bye.xml', '020202').done;
    expect(sipp.exitCode, sipp.output).toBe(0);

    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(new Set(events.map((e) => e.callId)).size).toBe(1);
    expect(events[0]).toMatchObject({ type: 'call.started', data: { flowId: 'milano-020202', dialledNumber: '020202', source: 'trunk' } });
    const played = events.filter((e) => e.type === 'prompt.played').map((e) => e.data);
    expect(played).toEqual([
      expect.objectContaining({ prompts: ['welcome'], outcome: 'finished' }),
      expect.objectContaining({ prompts: ['privacy'], outcome: 'finished' }),
    ]);
    const journey = events.filter((e) => e.type === 'ivr.node').map((e) => e.data.node);
    // The caller is not in the CRM; outside opening hours they are offered to leave a request, and press nothing.
    expect(journey).toEqual(['announcements', 'lookup', 'welcome', 'privacy', 'booked-callback', 'check-hours', 'closed-offer', 'closed']);
    const ended = events[events.length - 1];
    expect(ended).toMatchObject({ type: 'call.ended', data: { outcome: 'completed', endedBy: 'engine' } });
    // Welcome, privacy and the closed message last about 20 s: a call ending much sooner did not play them.
    expect(ended?.data.durationMs).toBeGreaterThan(15_000);
    expect(await app.store.active()).toEqual([]);
  });

  it('a call to a number no flow serves hears a short Italian message and is released', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall('uac-expect-answer-then-engine-bye.xml', '0299999999').done;
    expect(sipp.exitCode, sipp.output).toBe(0);

    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events.map((e) => e.type)).toEqual(['call.started', 'prompt.played', 'call.ended']);
    expect(events[1]?.data).toMatchObject({ prompts: ['system:numberNotServed'], outcome: 'finished' });
    expect(events[2]?.data).toMatchObject({ outcome: 'number_not_served', endedBy: 'engine' });
  });

  it('an agent softphone authenticates with its digest secret and reaches the flows', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall('uac-agent-digest-auth-expect-answer-then-engine-bye.xml', '0299999999', '1001', ['-au', '1001', '-ap', 'demo1001']).done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events[0]?.data).toMatchObject({ source: 'agent', dialledNumber: '0299999999' });
  });

  it('a call saying "From: trunk" from an address that is not the carrier\'s is not the trunk: refused, logged for fail2ban, never in the engine', async () => {
    const since = await lastEventId(app.redis.redis);
    const call = placeCall('uac-invite-expect-401-or-403.xml', '020202', 'trunk', ['-i', '127.0.0.2']);
    const sipp = await call.done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    expect((await eventsAfter(app.redis.redis, since)).filter((e) => e.type === 'call.started')).toEqual([]);
    await eventually(() => readFileSync(join(paths.asteriskRoot, 'var/log/asterisk/security.log'), 'utf8').includes('RemoteAddress="IPV4/UDP/127.0.0.2/'), 5000, 'the refusal was not in Asterisk\'s security log');
  });

  it('an agent softphone with a wrong secret is refused', async () => {
    const call = placeCall('uac-agent-digest-auth-expect-answer-then-engine-bye.xml', '0299999999', '1001', ['-au', '1001', '-ap', 'wrong-secret', '-max_invite_retrans', '2']);
    const sipp = await call.done;
    expect(sipp.exitCode).not.toBe(0);
    // SIPp names its calls 1-<pid>@<ip>.
    const asteriskLog = readFileSync(join(paths.asteriskRoot, 'var/log/asterisk/messages.log'), 'utf8');
    expect(asteriskLog).toMatch(new RegExp(`callid: 1-${call.process.pid}@127\\.0\\.0\\.1\\) - Failed to authenticate`));
  });
});
