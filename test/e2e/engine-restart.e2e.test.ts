import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { keys } from '../../src/store/keys.js';
import { paths } from '../../scripts/stack/paths.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, startEngine, SUNDAY } from '../support/engine.js';
import { dtmfScenario, placeCall } from '../support/sipp.js';
import { type IvrCheckpoint, readCheckpoint } from '../../src/ivr/index.js';
import { testEnv } from '../support/test-env.js';
import { supervise } from '../../scripts/stack/supervisor.js';
import { engineArgs } from '../../scripts/stack/engine-command.js';

describe('the engine process dying in the middle of a call', () => {
  let app: App | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('the next engine adopts a caller in the IVR and goes on from the step they were in, to the end of its flow, with no apology', async () => {
    // Engine A: a real process, as `npm start` runs it.
    const port = 3901;
    const log = openSync(join(paths.logsDir, 'e2e-engine-child.log'), 'a');
    const engineA = spawn(process.execPath, await engineArgs(), {
      cwd: paths.projectDir,
      env: { ...testEnv(), CC_HTTP_PORT: String(port), CC_LOG_LEVEL: 'debug' },
      stdio: ['ignore', log, log],
    });
    const exited = new Promise((resolve) => engineA.on('exit', resolve));
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200, 30_000, 'engine A did not become ready');

    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    const since = await lastEventId(watcher);
    // The caller presses nothing; engine B runs on a Sunday, so the flow says the service is closed and hangs up.
    const call = placeCall('uac-expect-answer-then-engine-bye.xml', '020202');
    let callKey: string[] = [];
    let checkpoint: IvrCheckpoint | undefined;
    try {
      await eventually(async () => (callKey = await watcher.keys(keys.call('*'))).length === 1, 15_000, 'engine A did not register the call');
      // Engine A has begun a step of the flow (and said so in the call's record).
      await eventually(async () => (checkpoint = readCheckpoint((await watcher.hget(callKey[0] as string, 'ivr')) ?? undefined).checkpoint) !== undefined, 15_000, 'engine A wrote no checkpoint');
      engineA.kill('SIGKILL');
      await exited;
      // The caller is still in Asterisk, in the Stasis application, with nobody listening.

      app = await startEngine(SUNDAY);
      const sipp = await call.done;
      expect(sipp.exitCode, sipp.output).toBe(0);

      const callId = callKey[0]?.replace(keys.call(''), '');
      const events = (await eventsUntilCallEnded(watcher, since)).filter((e) => e.callId === callId);
      // Engine A's journey so far stays in the log; B adopts the call and goes on from a step A began.
      const types = events.map((e) => e.type);
      expect(types.slice(0, 1)).toEqual(['call.started']);
      expect(types).toContain('call.recovered');
      const resumed = events.find((e) => e.type === 'ivr.resumed');
      expect(resumed?.data).toMatchObject({ flowId: 'milano-020202' });
      const resumedAt = types.indexOf('ivr.resumed');
      expect(resumedAt).toBeGreaterThan(types.indexOf('call.recovered'));
      // The step A was in runs again under B (its prompt replays), and the flow goes on.
      const afterResume = events.slice(resumedAt + 1);
      expect(afterResume.find((e) => e.type === 'ivr.node')?.data).toMatchObject({ node: (resumed?.data as { node: string }).node });
      expect(afterResume.some((e) => e.type === 'prompt.played' && !(e.data as { prompts: string[] }).prompts.some((p) => p.startsWith('system:')))).toBe(true);
      expect(events.some((e) => e.type === 'prompt.played' && (e.data as { prompts: string[] }).prompts.includes('system:technicalProblem'))).toBe(false);
      expect(afterResume.filter((e) => e.type === 'ivr.node').map((e) => (e.data as { node: string }).node)).toEqual(expect.arrayContaining(['check-hours', 'closed-offer', 'closed']));
      expect(events.at(-1)).toMatchObject({ type: 'call.ended', data: { outcome: 'completed', endedBy: 'engine' } });
      expect(checkpoint?.flowId).toBe('milano-020202');
      // The call's own keys (cc:call:…, cc:call-by-channel:…); callbacks booked by earlier files (cc:callback…) stay.
      expect([...(await watcher.keys('cc:call:*')), ...(await watcher.keys('cc:call-by-channel:*'))]).toEqual([]);
      expect(await watcher.smembers(keys.activeCalls())).toEqual([]);
    } finally {
      if (engineA.exitCode === null) engineA.kill('SIGKILL');
      watcher.disconnect();
    }
  });

  it('under npm run up\'s supervisor, an engine killed with -9 is started again and takes the IVR caller over', async () => {
    // One engine at a time on the Stasis application: the previous test's is closed first.
    await app?.close();
    app = undefined;
    const port = 3904;
    const log = openSync(join(paths.logsDir, 'e2e-engine-child.log'), 'a');
    const said: string[] = [];
    const engine = supervise(process.execPath, await engineArgs(), { ...testEnv(), CC_HTTP_PORT: String(port), CC_LOG_LEVEL: 'debug' }, (line) => said.push(line), log);
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200;
    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    try {
      await eventually(ready, 30_000, 'the supervised engine did not become ready');
      const since = await lastEventId(watcher);
      const call = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '#', 25), '020202');
      await eventually(async () => (await watcher.smembers(keys.activeCalls())).length === 1, 15_000, 'the engine did not register the call');
      const [callId] = await watcher.smembers(keys.activeCalls());
      await eventually(async () => (await watcher.hget(keys.call(callId as string), 'ivr')) !== null, 15_000, 'the engine wrote no checkpoint');
      const first = engine.pid();
      process.kill(first as number, 'SIGKILL');
      await eventually(async () => engine.pid() !== undefined && engine.pid() !== first && (await ready()), 30_000, 'the supervisor did not start the engine again');
      expect(said.join('\n')).toMatch(/engine exited \(SIGKILL\) after \d+ s: restarting in 0.1 s/);
      // Whether the caller hangs up first or the flow ends the call first depends on the hour
      // (this engine runs on the real clock): either way the flow went on, with no apology.
      await call.done;
      const events = await eventsUntilCallEnded(watcher, since, 30_000);
      expect(events.map((e) => e.type)).toContain('ivr.resumed');
      expect(events.some((e) => e.type === 'prompt.played' && (e.data as { prompts: string[] }).prompts.includes('system:technicalProblem'))).toBe(false);
      expect(['caller_hung_up', 'completed']).toContain((events.find((e) => e.type === 'call.ended')?.data as { outcome: string }).outcome);
    } finally {
      await engine.stop(10_000);
      watcher.disconnect();
    }
  });
});
