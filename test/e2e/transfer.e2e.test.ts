/**
 * The numero verde's centralino on the real stack: the caller keys an office's extension from the
 * directory with DTMF, the engine rings the office phone (a SIPp registered as 2003), bridges the
 * two, and releases the office when the caller hangs up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { DEMO_DIRECTORY_CSV } from '../../src/directory/demo-directory.js';
import { answerCall, dtmfScenario, placeCall } from '../support/sipp.js';

describe('transfer to an extension (numero verde centralino, real stack)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await app.directory.importCsv(DEMO_DIRECTORY_CSV, 'test');
  });
  afterAll(async () => {
    await app.close();
  });

  it('3 then 2003#: the office phone rings, answers, is bridged, and is released when the caller hangs up', async () => {
    const agent = answerCall('uas-agent-answer-expect-bye.xml', 5082);
    const registered = await placeCall('uac-register-agent-expect-200.xml', '2003', '2003', ['-au', '2003', '-ap', 'demo2003', '-key', 'contact_port', '5082']).done;
    expect(registered.exitCode, registered.output).toBe(0);

    const since = await lastEventId(app.redis.redis);
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '32003#'), '800292020');
    const [c, a] = await Promise.all([caller.done, agent.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);

    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events.find((e) => e.type === 'call.transfer')?.data).toMatchObject({ to: { extension: '2003' }, outcome: 'connected' });
    expect(events.find((e) => e.type === 'ivr.node' && e.data.node === 'extension')?.data).toMatchObject({ mode: 'extension', choice: '2003' });
    expect(events[events.length - 1]?.data).toMatchObject({ outcome: 'completed' });
    expect(app.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
  });

  it('an extension with no phone registered goes to the failure branch: the centralino queue', async () => {
    const since = await lastEventId(app.redis.redis);
    const caller = await placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '32008#'), '800292020').done;
    expect(caller.exitCode, caller.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events.find((e) => e.type === 'call.transfer')?.data).toMatchObject({ to: { extension: '2008' }, outcome: 'failed' });
    expect(events.find((e) => e.type === 'queue.requested')?.data).toMatchObject({ queue: 'centralino' });
    expect(app.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
  });
});
