/** An engine built in the test process against the real stack, logging to .data/logs. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { paths } from '../../scripts/stack/paths.js';
import { testEnv } from './test-env.js';

export const ENGINE_LOG = join(paths.logsDir, 'e2e-engine.log');

/** A Monday at 10:00 in Rome: 020202 is open. */
export const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');
/** A Sunday at 11:00 in Rome: 020202 is closed. */
export const SUNDAY = new Date('2026-11-22T10:00:00Z');

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
