/** The environment of the end-to-end stack (vitest.config.ts gives the same to the test files). */
export const TEST_REDIS_DIR = 'test-redis';

export function testEnv(): Record<string, string | undefined> {
  const port = process.env.CC_TEST_REDIS_PORT ?? '6390';
  return { ...process.env, CC_REDIS_URL: `redis://127.0.0.1:${port}` };
}
