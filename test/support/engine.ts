/** An engine built in the test process against the real stack, logging to .data/logs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { paths } from '../../scripts/stack/paths.js';
import { registerAgentPhone } from './sipp.js';
import { testEnv } from './test-env.js';

export const ENGINE_LOG = join(paths.logsDir, 'e2e-engine.log');

export { MONDAY_MORNING, SUNDAY } from './test-days.js';

/** An engine on the real stack; `env` overrides CC_* variables (e.g. a CRM that misbehaves). */
export async function startEngine(at?: Date, env: Record<string, string> = {}): Promise<App> {
  mkdirSync(paths.logsDir, { recursive: true });
  const config = loadConfig({ ...testEnv(), CC_SHUTDOWN_GRACE_MS: '2000', CC_SOUNDS_DIR: join(paths.asteriskRoot, 'usr/share/asterisk/sounds/cc'), ...env });
  const logger = createLogger('debug', pino.destination({ dest: ENGINE_LOG, append: true, sync: true }));
  // The clock starts at `at` and runs: schedules see that day, durations stay real.
  const t0 = Date.now();
  const app = buildApp(config, logger, at === undefined ? {} : { now: () => new Date(at.getTime() + Date.now() - t0) });
  await app.start();
  await eventually(() => app.telephony.isConnected() && app.redis.isReady(), 30_000, 'the engine did not connect to ARI and Redis');
  return app;
}

/**
 * Waits for a condition on the real stack (an event logged, a key removed). A deadline, not a
 * speed assertion: it only bounds how long a broken run hangs.
 */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} (waited ${timeoutMs} ms; engine log: ${ENGINE_LOG})`);
}

export interface EngineProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  /** The engine's HTTP API as the supervisor. */
  readonly api: (path: string, body: object, method?: 'POST' | 'PUT') => Promise<Response>;
}

/**
 * The engine as a separate process (test/support/engine-process.ts, as `npm start` runs it), so
 * a test can kill -9 it; ready once it answers /ready. Its log goes to e2e-engine-child.log.
 */
export async function spawnEngine(port: number, at: Date, env: Record<string, string> = {}): Promise<EngineProcess> {
  mkdirSync(paths.logsDir, { recursive: true });
  const log = openSync(join(paths.logsDir, 'e2e-engine-child.log'), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/engine-process.ts'], {
    cwd: paths.projectDir,
    env: { ...testEnv(), ...env, CC_HTTP_PORT: String(port), CC_LOG_LEVEL: 'debug', ENGINE_TEST_START_AT: at.toISOString() },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200, 30_000, 'the engine process did not become ready');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    exited,
    api: (path, body, method = 'POST') =>
      fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: 'Bearer demo-supervisor-token', 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

/** Dario (extension 1013, Tributi) logged in but on a break, his phone (SIPp on 5093) registered: callers and callbacks wait. */
export async function darioOnBreak(api: EngineProcess['api']): Promise<void> {
  const saved = await api('/api/agents/dario', { name: 'Dario Esposito', endpoint: '1013', skills: { tributi: 4 }, queues: ['tributi'] }, 'PUT');
  if (!saved.ok) throw new Error(`saving dario: ${saved.status} ${await saved.text()}`);
  await api('/api/agents/dario/state', { action: 'login' });
  const paused = await api('/api/agents/dario/state', { action: 'pause', reason: 'pausa' });
  if (!paused.ok) throw new Error(`pausing dario: ${paused.status} ${await paused.text()}`);
  await registerAgentPhone('1013', 5093);
}
