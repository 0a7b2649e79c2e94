/** The environment of the end-to-end stack (vitest.config.ts gives the same to the test files). */
import { join } from 'node:path';
import { paths } from '../../scripts/stack/paths.js';

export const TEST_REDIS_DIR = 'test-redis';
/** The embedded CRM of the end-to-end run: removed at the start, seeded with the demo citizens. */
export const TEST_CRM_FILE = join(paths.dataDir, 'e2e-crm.sqlite');
/** The reports' records of the end-to-end run: removed at the start (the run's Redis starts empty). */
export const TEST_REPORTS_FILE = join(paths.dataDir, 'e2e-reports.sqlite');
export const TEST_QUEUE_LOG = join(paths.dataDir, 'e2e-queue_log');

export function testEnv(): Record<string, string | undefined> {
  const port = process.env.CC_TEST_REDIS_PORT ?? '6390';
  return { ...process.env, CC_REDIS_URL: `redis://127.0.0.1:${port}`, CC_CRM: 'embedded', CC_CRM_SQLITE_PATH: TEST_CRM_FILE, CC_REPORTS_SQLITE_PATH: TEST_REPORTS_FILE, CC_QUEUE_LOG_PATH: TEST_QUEUE_LOG, CC_CRM_DEMO_SEED: 'true' };
}
