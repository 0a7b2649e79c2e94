/** Runs the engine in this process until SIGINT/SIGTERM, then drains and closes it. */
import { buildApp, type App } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { installProcessGuard } from './process-guard.js';

export interface RunOptions {
  /**
   * Also stop when the launching process goes away. `npm run` exits on SIGTERM without passing
   * it on, which would leave the engine (and the stack it started) orphaned.
   */
  readonly stopWithParent?: boolean;
  /** The clock (tests run an engine process on a chosen day). */
  readonly now?: () => Date;
}

export async function runEngine(config: Config, logger: Logger, options: RunOptions = {}): Promise<App> {
  // Before anything can fail unheard: one caller's hang-up must never end the engine.
  installProcessGuard(logger);
  const app = buildApp(config, logger, options.now ? { now: options.now } : {});
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'engine.stopping');
    app
      .close()
      .then(
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
  if (options.stopWithParent) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('parent exited');
    }, 500).unref();
  }
  await app.start();
  await app.http.listen({ host: config.CC_HTTP_HOST, port: config.CC_HTTP_PORT });
  return app;
}
