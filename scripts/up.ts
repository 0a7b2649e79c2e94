/**
 * `npm run up`: starts Redis and Asterisk, then the engine as a supervised child process (started
 * again, with a back-off, whenever it dies), and answers calls until Ctrl-C (SIGINT) or SIGTERM,
 * then stops all three. Run after scripts/setup.sh (up.sh does).
 */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { asteriskVersion } from './stack/asterisk.js';
import { engineArgs } from './stack/engine-command.js';
import { paths } from './stack/paths.js';
import { waitUntil } from './stack/process.js';
import { startStack, stopStack } from './stack/stack.js';
import { supervise, type Supervised } from './stack/supervisor.js';

const say = (s: string): boolean => process.stderr.write(`[up] ${s}\n`);
const pidFile = join(paths.dataDir, 'up.pid');

// Announcement texts are rendered where the project's Asterisk reads the engine's prompts.
process.env.CC_SOUNDS_DIR ??= join(paths.asteriskRoot, 'usr/share/asterisk/sounds/cc');
// The demo: an empty embedded CRM gets the demo citizens (CC_CRM_DEMO_SEED=false to start empty).
process.env.CC_CRM_DEMO_SEED ??= 'true';
// …and an empty directory the demo people and offices (extensions 2001-2010).
process.env.CC_DIRECTORY_DEMO_SEED ??= 'true';
// The engine stops if this supervisor is killed, rather than run on unsupervised.
process.env.CC_STOP_WITH_PARENT = 'true';

let engine: Supervised | undefined;
try {
  const config = loadConfig(process.env);
  mkdirSync(paths.dataDir, { recursive: true });
  writeFileSync(pidFile, String(process.pid));
  say('starting Redis and Asterisk…');
  await startStack(config, 'redis');
  say(`${await asteriskVersion()} and Redis (${config.CC_REDIS_URL}) are running`);
  // One node process per engine (no npm wrapper), so that SIGTERM reaches it directly; the bundle
  // (built from the sources now) is what production runs, and is ready sooner after a restart.
  const supervised = supervise(process.execPath, await engineArgs(), process.env, say);
  engine = supervised;
  let stopping = false;
  const stopAll = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the engine, Asterisk and Redis…`);
    void (async () => {
      await supervised.stop(config.CC_SHUTDOWN_GRACE_MS * 2 + 5000);
      await stopStack(config, 'redis');
      rmSync(pidFile, { force: true });
      say('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      say(`ERROR while stopping: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  // `npm run` exits on SIGTERM without passing it on: stop when it goes away.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stopAll('parent exited'), 500).unref();
  const ready = `http://${config.CC_HTTP_HOST}:${config.CC_HTTP_PORT}/ready`;
  await waitUntil(async () => (await fetch(ready).catch(() => undefined))?.status === 200, 120_000, `the engine did not become ready at ${ready}`);
  say(`engine ready: ${ready}`);
  say('020202 answers on sip:020202@127.0.0.1:5060 (see README, "Place a test call"). Ctrl-C stops everything.');
} catch (error) {
  say(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
  await engine?.stop(20_000);
  if (!(error instanceof ConfigError)) {
    await stopStack(loadConfig(process.env), 'redis').catch((stopError: unknown) => say(`stopping the stack failed too: ${String(stopError)}`));
  }
  rmSync(pidFile, { force: true });
  process.exit(1);
}
