/**
 * Process entry: config → engine; drain and close on SIGINT/SIGTERM. No top-level await: the
 * bundle built from this file is CommonJS (scripts/build.mjs, for V8's code cache).
 */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { runEngine } from './run.js';

async function main(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    await runEngine(config, createLogger(config.CC_LOG_LEVEL), { stopWithParent: config.CC_STOP_WITH_PARENT });
  } catch (error) {
    process.stderr.write(`cc-engine: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

void main();
