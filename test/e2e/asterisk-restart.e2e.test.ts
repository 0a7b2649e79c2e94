import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { keys } from '../../src/store/keys.js';
import { asteriskPid, startAsterisk, stopAsterisk } from '../../scripts/stack/asterisk.js';
import { eventsAfter, eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, startEngine } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';
import { testEnv } from '../support/test-env.js';

describe('Asterisk restarting under a running engine', () => {
  let app: App;
  const config = loadConfig(testEnv());
  beforeAll(async () => {
    app = await startEngine();
  });
  afterAll(async () => {
    await app.close();
    // Leave Asterisk running for the next file, whatever happened here.
    if (asteriskPid() === undefined) await startAsterisk(config);
  });

  it('the engine reconnects by itself and answers the next call', async () => {
    await stopAsterisk();
    await eventually(() => !app.telephony.isConnected(), 10_000, 'the engine did not notice Asterisk stopping');
    expect((await app.http.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);

    await startAsterisk(config);
    await eventually(() => app.telephony.isConnected(), 30_000, 'the engine did not reconnect to ARI');
    expect((await app.http.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);

    const since = await lastEventId(app.redis.redis);
    // A number no flow serves: a short call, answered and released by the engine.
    const sipp = await placeCall('uac-expect-answer-then-engine-bye.xml', '0299999999').done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    const ended = (await eventsUntilCallEnded(app.redis.redis, since)).find((e) => e.type === 'call.ended');
    expect(ended?.data).toMatchObject({ outcome: 'number_not_served', endedBy: 'engine' });
  });

  it('a call lost with a crashed Asterisk is ended and cleaned up when the engine reconnects', async () => {
    const since = await lastEventId(app.redis.redis);
    const call = placeCall('uac-expect-answer-then-engine-bye.xml', '020202');
    await eventually(() => app.telephony.stats().pendingWaits === 1, 10_000, 'the welcome did not start');

    // SIGKILL: Asterisk sends no hang-up events; only the reconciliation after reconnecting can tell.
    const pid = asteriskPid();
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    call.process.kill('SIGKILL');
    await eventually(() => !app.telephony.isConnected(), 10_000, 'the engine did not notice Asterisk dying');
    expect(app.calls.activeSessions()).toBe(1);

    await startAsterisk(config);
    await eventually(() => app.calls.activeSessions() === 0, 30_000, 'the lost call was not ended after the reconnect');
    expect(app.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    expect(await app.redis.redis.keys(keys.call('*'))).toEqual([]);
    const ended = (await eventsAfter(app.redis.redis, since)).find((e) => e.type === 'call.ended');
    expect(ended?.data).toMatchObject({ outcome: 'channel_lost', endedBy: 'asterisk' });
  });
});
