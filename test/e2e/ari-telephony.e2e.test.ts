/**
 * The Telephony contract against the real Asterisk: what later features (IVR menus, ACD, transfers)
 * stand on — DTMF, barge-in, bridges, originate, and the waits' clean-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { promptMedia } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../src/shared/system-prompts.js';
import { HANDLED_EVENTS } from '../../src/telephony/ari-events.js';
import { AriTelephony } from '../../src/telephony/ari-telephony.js';
import type { CallChannel } from '../../src/telephony/telephony.js';
import { eventually } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';
import { testEnv } from '../support/test-env.js';

describe('AriTelephony on the real Asterisk', () => {
  const config = loadConfig(testEnv());
  const telephony = new AriTelephony({
    url: config.CC_ARI_URL,
    user: config.CC_ARI_USER,
    password: config.CC_ARI_PASSWORD,
    app: config.CC_ARI_APP,
    reconnectMaxDelayMs: 1000,
    commandTimeoutMs: 5000,
    logger: createLogger('silent'),
  });
  const calls: CallChannel[] = [];
  telephony.onCall((c) => calls.push(c));

  const auth = `Basic ${Buffer.from(`${config.CC_ARI_USER}:${config.CC_ARI_PASSWORD}`).toString('base64')}`;

  beforeAll(async () => {
    // An earlier engine of this run left its filter on the application: cleared, so the test sees this one's.
    const cleared = await fetch(`${config.CC_ARI_URL}/ari/applications/${config.CC_ARI_APP}/eventFilter`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ allowed: [] }) });
    if (cleared.status !== 200 && cleared.status !== 404) throw new Error(`clearing the event filter: ${cleared.status}`);
    await telephony.start();
    await eventually(() => telephony.isConnected(), 30_000, 'no ARI connection');
  });
  afterAll(async () => {
    await telephony.stop();
  });

  it('asks Asterisk for the events the engine reads and no others', async () => {
    const allowed = async () => {
      const res = await fetch(`${config.CC_ARI_URL}/ari/applications/${config.CC_ARI_APP}`, { headers: { authorization: auth } });
      return ((await res.json()) as { events_allowed: { type: string }[] }).events_allowed.map((e) => e.type).sort();
    };
    await eventually(async () => (await allowed()).length > 0, 10_000, 'no event filter was set');
    expect(await allowed()).toEqual([...HANDLED_EVENTS].sort());
  });

  it('delivers DTMF digits in order, stops a playback on the first (barge-in), and bridges the call', async () => {
    calls.length = 0;
    const sipp = placeCall('uac-dtmf-2-4-expect-engine-bye.xml', '020202');
    await eventually(() => calls.length === 1, 10_000, 'the call did not reach Stasis');
    const call = calls[0] as CallChannel;
    expect(call.info).toMatchObject({ dialledNumber: '020202', source: 'trunk', appArgs: ['trunk', '020202'], recovered: false });

    const digits: string[] = [];
    const unsubscribe = call.onDtmf((digit) => {
      digits.push(digit);
      if (digits.length === 1) void call.stopPlayback();
    });
    await call.answer();
    // About 8 s long: the first digit arrives 1 s after the answer and must cut it short.
    const outcome = await call.play([promptMedia(SYSTEM_PROMPTS.technicalProblem)], { timeoutMs: 30_000 });
    expect(outcome).toBe('stopped');
    await eventually(() => digits.length === 2, 10_000, `only ${digits.length} digits arrived`);
    expect(digits).toEqual(['2', '4']);
    unsubscribe();
    expect(telephony.stats().dtmfListeners).toBe(0);

    const bridge = await telephony.createBridge('mixing');
    await telephony.addToBridge(bridge, call.info.channelId);
    await telephony.removeFromBridge(bridge, call.info.channelId);
    await telephony.destroyBridge(bridge);

    await call.hangup();
    const result = await sipp.done;
    expect(result.exitCode, result.output).toBe(0);
    await eventually(() => telephony.stats().channels === 0, 10_000, 'the channel did not leave');
    expect(telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
  });

  it('originates a call into the application and bridges it with another channel', async () => {
    calls.length = 0;
    // A Local channel: one half runs the trunk dialplan (→ Stasis as an inbound call), the other
    // half is the originated leg, handed to the application with our arguments.
    const originated = await telephony.originate({ endpoint: 'Local/0299999999@from-trunk', appArgs: ['test-leg', 'abc'], timeoutSeconds: 10 });
    await eventually(() => calls.length === 1, 10_000, 'the dialled half did not reach Stasis');
    const inbound = calls[0];
    expect(inbound?.info.channelId).not.toBe(originated);
    // The originated leg enters the application only once the far end answers.
    await (inbound as CallChannel).answer();
    await eventually(() => calls.length === 2, 10_000, 'the originated leg did not reach Stasis after the answer');
    const leg = calls.find((c) => c.info.channelId === originated);
    expect(leg?.info.appArgs).toEqual(['test-leg', 'abc']);
    expect(inbound?.info).toMatchObject({ dialledNumber: '0299999999', source: 'trunk' });

    const bridge = await telephony.createBridge('mixing');
    await telephony.addToBridge(bridge, (leg as CallChannel).info.channelId);
    await telephony.addToBridge(bridge, (inbound as CallChannel).info.channelId);
    await (leg as CallChannel).hangup();
    await (inbound as CallChannel).hangup();
    await telephony.destroyBridge(bridge);
    await eventually(() => telephony.stats().channels === 0, 10_000, 'channels did not leave');
    expect((leg as CallChannel).ended.aborted).toBe(true);
  });

  it('a dialled leg goes to its dial when it answers, never to the call handler', async () => {
    calls.length = 0;
    const dialling = telephony.dial({ endpoint: 'Local/0299999999@from-trunk', purpose: ['test-leg', 'abc'], timeoutSeconds: 10 });
    await eventually(() => calls.length === 1, 10_000, 'the dialled half did not reach Stasis');
    const inbound = calls[0] as CallChannel;
    await inbound.answer();
    const rung = await dialling;
    expect(rung.leg?.info.appArgs).toEqual(['dialled', 'test-leg', 'abc']);
    expect(calls).toHaveLength(1);
    await rung.leg?.hangup();
    await inbound.hangup();
    await eventually(() => telephony.stats().channels === 0, 10_000, 'channels did not leave');
  });

  it('a wait on a channel that has gone away fails at once with TELEPHONY.HUNG_UP', async () => {
    calls.length = 0;
    await telephony.originate({ endpoint: 'Local/0299999999@from-trunk', appArgs: ['test-leg'], timeoutSeconds: 10 });
    await eventually(() => calls.length === 1, 10_000, 'the dialled half did not reach Stasis');
    const c = calls[0] as CallChannel;
    await c.hangup();
    await eventually(() => c.ended.aborted, 10_000, 'hang-up not seen');
    await expect(c.play([promptMedia(SYSTEM_PROMPTS.technicalProblem)], { timeoutMs: 5000 })).rejects.toMatchObject({ code: 'TELEPHONY.HUNG_UP' });
    for (const other of calls) await other.hangup();
    await eventually(() => telephony.stats().channels === 0, 10_000, 'channels did not leave');
    expect(telephony.stats().pendingWaits).toBe(0);
  });
});
