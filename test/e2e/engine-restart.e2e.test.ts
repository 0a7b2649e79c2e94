import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { keys } from '../../src/store/keys.js';
import { paths } from '../../scripts/stack/paths.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, startEngine } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';
import { testEnv } from '../support/test-env.js';
import { supervise } from '../../scripts/stack/supervisor.js';

describe('the engine process dying in the middle of a call', () => {
  let app: App | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('the next engine adopts the caller, apologises, releases the call and closes its record', async () => {
    // Engine A: a real process, as `npm start` runs it.
    const port = 3901;
    const log = openSync(join(paths.logsDir, 'e2e-engine-child.log'), 'a');
    const engineA = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: paths.projectDir,
      env: { ...testEnv(), CC_HTTP_PORT: String(port), CC_LOG_LEVEL: 'debug' },
      stdio: ['ignore', log, log],
    });
    const exited = new Promise((resolve) => engineA.on('exit', resolve));
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200, 30_000, 'engine A did not become ready');

    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    const since = await lastEventId(watcher);
    const call = placeCall('uac-expect-answer-then-engine-bye.xml', '020202');
    let callKey: string[] = [];
    try {
      await eventually(async () => (callKey = await watcher.keys(keys.call('*'))).length === 1, 15_000, 'engine A did not register the call');
      engineA.kill('SIGKILL');
      await exited;
      // The caller is still in Asterisk, in the Stasis application, with nobody listening.

      app = await startEngine();
      const sipp = await call.done;
      expect(sipp.exitCode, sipp.output).toBe(0);

      const callId = callKey[0]?.replace(keys.call(''), '');
      const events = (await eventsUntilCallEnded(watcher, since)).filter((e) => e.callId === callId);
      // Engine A's journey so far (ivr.node, crm.lookup events) stays in the log; then B's recovery.
      const lifecycle = events.filter((e) => e.type !== 'ivr.node' && e.type !== 'crm.lookup');
      expect(lifecycle.map((e) => e.type)).toEqual(['call.started', 'call.recovered', 'prompt.played', 'call.ended']);
      expect(lifecycle[2]?.data).toMatchObject({ prompts: ['system:technicalProblem'], outcome: 'finished' });
      expect(lifecycle[3]?.data).toMatchObject({ outcome: 'recovered_after_restart', endedBy: 'engine' });
      // The call's own keys (cc:call:…, cc:call-by-channel:…); callbacks booked by earlier files (cc:callback…) stay.
      expect([...(await watcher.keys('cc:call:*')), ...(await watcher.keys('cc:call-by-channel:*'))]).toEqual([]);
      expect(await watcher.smembers(keys.activeCalls())).toEqual([]);
    } finally {
      if (engineA.exitCode === null) engineA.kill('SIGKILL');
      watcher.disconnect();
    }
  });

  it('under npm run up\'s supervisor, an engine killed with -9 is started again and takes the caller over', async () => {
    // One engine at a time on the Stasis application: the previous test's is closed first.
    await app?.close();
    app = undefined;
    const port = 3904;
    const log = openSync(join(paths.logsDir, 'e2e-engine-child.log'), 'a');
    const said: string[] = [];
    const engine = supervise(process.execPath, ['--import', 'tsx', join(paths.projectDir, 'src/main.ts')], { ...testEnv(), CC_HTTP_PORT: String(port), CC_LOG_LEVEL: 'debug' }, (line) => said.push(line), log);
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200;
    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    try {
      await eventually(ready, 30_000, 'the supervised engine did not become ready');
      const since = await lastEventId(watcher);
      const call = placeCall('uac-expect-answer-then-engine-bye.xml', '020202');
      await eventually(async () => (await watcher.smembers(keys.activeCalls())).length === 1, 15_000, 'the engine did not register the call');
      const first = engine.pid();
      process.kill(first as number, 'SIGKILL');
      await eventually(async () => engine.pid() !== undefined && engine.pid() !== first && (await ready()), 30_000, 'the supervisor did not start the engine again');
      expect(said.join('\n')).toMatch(/engine exited \(SIGKILL\) after \d+ s: restarting in 1 s/);
      const sipp = await call.done;
      expect(sipp.exitCode, sipp.output).toBe(0);
      const events = await eventsUntilCallEnded(watcher, since, 30_000);
      expect(events.find((e) => e.type === 'call.ended')?.data).toMatchObject({ outcome: 'recovered_after_restart' });
    } finally {
      await engine.stop(10_000);
      watcher.disconnect();
    }
  });
});
