/**
 * `npm run up`: starts Redis, Asterisk and the engine in the foreground and answers calls until
 * Ctrl-C (SIGINT) or SIGTERM, then stops all three. Run after scripts/setup.sh (up.sh does).
 */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { runEngine } from '../src/run.js';
import { asteriskVersion } from './stack/asterisk.js';
import { paths } from './stack/paths.js';
import { startStack, stopStack } from './stack/stack.js';

const say = (s: string): boolean => process.stderr.write(`[up] ${s}\n`);
const pidFile = join(paths.dataDir, 'up.pid');

// Announcement texts are rendered where the project's Asterisk reads the engine's prompts.
process.env.CC_SOUNDS_DIR ??= join(paths.asteriskRoot, 'usr/share/asterisk/sounds/cc');
// The demo: an empty embedded CRM gets the demo citizens (CC_CRM_DEMO_SEED=false to start empty).
process.env.CC_CRM_DEMO_SEED ??= 'true';
// …and an empty directory the demo people and offices (extensions 2001-2010).
process.env.CC_DIRECTORY_DEMO_SEED ??= 'true';

try {
  const config = loadConfig(process.env);
  mkdirSync(paths.dataDir, { recursive: true });
  writeFileSync(pidFile, String(process.pid));
  say('starting Redis and Asterisk…');
  await startStack(config, 'redis');
  say(`${await asteriskVersion()} and Redis (${config.CC_REDIS_URL}) are running`);
  const stopAll = async (): Promise<void> => {
    say('stopping Asterisk and Redis…');
    await stopStack(config, 'redis');
    rmSync(pidFile, { force: true });
    say('stopped');
  };
  await runEngine(config, createLogger(config.CC_LOG_LEVEL), { afterClose: stopAll, stopWithParent: true });
  say(`engine ready: http://${config.CC_HTTP_HOST}:${config.CC_HTTP_PORT}/ready`);
  say('020202 answers on sip:020202@127.0.0.1:5060 (see README, "Place a test call"). Ctrl-C stops everything.');
} catch (error) {
  say(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof ConfigError)) {
    await stopStack(loadConfig(process.env), 'redis').catch(() => undefined);
  }
  rmSync(pidFile, { force: true });
  process.exit(1);
}
