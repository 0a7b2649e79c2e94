/**
 * The engine as a separate process (as `npm start` runs it, so a test can kill -9 it), with its
 * clock starting at ENGINE_TEST_START_AT and running: schedules see that day.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { runEngine } from '../../src/run.js';

const start = process.env.ENGINE_TEST_START_AT;
const t0 = Date.now();
const at = start === undefined ? undefined : Date.parse(start);
const config = loadConfig(process.env);
await runEngine(config, createLogger(config.CC_LOG_LEVEL), at === undefined ? {} : { now: () => new Date(at + Date.now() - t0) });
