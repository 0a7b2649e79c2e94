import { defineConfig } from 'vitest/config';

/** Ports of the stack the end-to-end tests start (Asterisk's SIP 5060 and ARI 8088 are fixed). */
const TEST_REDIS_PORT = process.env.CC_TEST_REDIS_PORT ?? '6390';

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          // The flows in ivr-flows/, simulated: regression cases supervisors can read.
          name: 'flows',
          include: ['test/flows/**/*.test.ts'],
        },
      },
      {
        test: {
          // The same suite against every CRM implementation, and the http adapter's failure cases.
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          // One real stack (Redis + Asterisk) for the whole run, started once.
          globalSetup: ['test/support/global-setup.ts'],
          // Each file leaves the stack as it found it, even when it fails (else the file fails, naming what it left).
          setupFiles: ['test/support/stack-guard.ts'],
          // The files share one Asterisk and one Stasis application: one file at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: {
            CC_REDIS_URL: `redis://127.0.0.1:${TEST_REDIS_PORT}`,
            CC_LOG_LEVEL: 'debug',
          },
        },
      },
    ],
  },
});
