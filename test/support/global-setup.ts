/**
 * Starts the real stack once for the end-to-end run: the project's Redis on the test port (its
 * own data directory, flushed) and Asterisk. Stops both at the end.
 */
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config.js';
import { startStack, stopStack } from '../../scripts/stack/stack.js';
import { realClockEnv } from '../../scripts/stack/process.js';
import { rmSync } from 'node:fs';
import { TEST_CRM_FILE, TEST_QUEUE_LOG, TEST_REDIS_DIR, TEST_REPORTS_FILE, testEnv } from './test-env.js';

export default async function setup(): Promise<() => Promise<void>> {
  const config = loadConfig(testEnv());
  await startStack(config, TEST_REDIS_DIR);
  execFileSync('redis-cli', ['-u', config.CC_REDIS_URL, 'flushall'], { env: realClockEnv() });
  for (const file of [TEST_CRM_FILE, TEST_REPORTS_FILE]) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  rmSync(TEST_QUEUE_LOG, { force: true });
  return async () => {
    await stopStack(config, TEST_REDIS_DIR);
  };
}
