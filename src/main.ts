/** Process entry: config → app → listen; drain and close on SIGINT/SIGTERM. */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`cc-engine: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.CC_LOG_LEVEL);
  const app = buildApp(config, logger);
  await app.start();
  await app.http.listen({ host: config.CC_HTTP_HOST, port: config.CC_HTTP_PORT });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'engine.stopping');
    app.close().then(
      () => {
        logger.info('engine.stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: String(error) }, 'engine.stop.failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`cc-engine: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
