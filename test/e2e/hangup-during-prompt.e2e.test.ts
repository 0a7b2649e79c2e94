import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { keys } from '../../src/store/keys.js';
import { eventsAfter, lastEventId } from '../support/events.js';
import { eventually, startEngine } from '../support/engine.js';
import { placeCall, placeCalls } from '../support/sipp.js';
import { channelsInAsterisk } from '../support/asterisk-bridges.js';
import { PROMPT_STARTS_FLOW, PROMPT_STARTS_FLOW_ID, PROMPT_STARTS_NUMBER } from '../../scripts/bench/prompt-starts-flow.js';

describe('a caller hanging up in the middle of the welcome', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine();
  });
  afterAll(async () => {
    await app.close();
  });

  it('leaves no listener, timer, session or Redis key behind', async () => {
    const since = await lastEventId(app.redis.redis);
    const call = placeCall('uac-hangup-during-prompt-expect-200.xml', '020202');
    // While the welcome plays, the engine holds the call: one channel, one wait, one Redis key.
    await eventually(() => app.telephony.stats().pendingWaits === 1, 10_000, 'the welcome did not start');
    expect(app.telephony.stats().channels).toBe(1);
    expect(app.calls.activeSessions()).toBe(1);
    expect(await app.redis.redis.keys(keys.call('*'))).toHaveLength(1);

    const sipp = await call.done;
    expect(sipp.exitCode, sipp.output).toBe(0);

    await eventually(() => app.calls.activeSessions() === 0, 10_000, 'the call session did not end');
    expect(app.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    expect(await app.redis.redis.keys(keys.call('*'))).toEqual([]);
    expect(await app.redis.redis.smembers(keys.activeCalls())).toEqual([]);

    const events = await eventsAfter(app.redis.redis, since);
    // announcements, the CRM look-up (an unknown caller), then the welcome cut short.
    expect(events.map((e) => e.type)).toEqual(['call.started', 'ivr.node', 'crm.lookup', 'ivr.node', 'call.ended']);
    expect(events[events.length - 1]?.data).toMatchObject({ outcome: 'caller_hung_up', endedBy: 'caller', visited: ['announcements', 'lookup', 'welcome'] });
  });

  it('80 callers hanging up at random instants, many as a prompt starts: the engine lives on and every call ends cleanly', async () => {
    const published = await app.http.inject({ method: 'POST', url: `/api/flows/${PROMPT_STARTS_FLOW_ID}/publish`, headers: { authorization: 'Bearer demo-supervisor-token' }, payload: { text: PROMPT_STARTS_FLOW, message: 'hang-up storm e2e' } });
    expect([200, 201], published.body).toContain(published.statusCode);
    const since = await lastEventId(app.redis.redis);
    // 20 new calls a second, each hanging up 0-4 s after the answer, during 12 prompt starts.
    const sipp = await placeCalls('uac-hangup-at-random-0-4s-expect-200.xml', PROMPT_STARTS_NUMBER, { count: 80, perSecond: 20 }).done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    await eventually(() => app.calls.activeSessions() === 0, 20_000, 'call sessions did not all end');
    // The engine is alive and connected (an unhandled rejection would also fail this run).
    expect(app.telephony.isConnected()).toBe(true);
    // A channel leaves the engine's map at its StasisEnd, which Asterisk sends a moment after the
    // hang-up that ended the session (seen once: 1 channel still there when the last session ended).
    await eventually(() => app.telephony.stats().channels === 0, 5000, 'channels did not leave the engine');
    expect(app.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    expect(await app.redis.redis.keys(keys.call('*'))).toEqual([]);
    expect(await app.redis.redis.smembers(keys.activeCalls())).toEqual([]);
    await eventually(async () => (await channelsInAsterisk()).length === 0, 10_000, 'channels were left in Asterisk');
    const ended = (await eventsAfter(app.redis.redis, since)).filter((e) => e.type === 'call.ended');
    expect(ended).toHaveLength(80);
    expect(ended.filter((e) => e.data.outcome !== 'caller_hung_up')).toEqual([]);
  });
});
