/** Process entry: config → engine; drain and close on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { runEngine } from './run.js';

try {
  const config = loadConfig(process.env);
  await runEngine(config, createLogger(config.CC_LOG_LEVEL), { stopWithParent: config.CC_STOP_WITH_PARENT });
} catch (error) {
  process.stderr.write(`cc-engine: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
