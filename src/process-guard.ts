/**
 * The process-level policy for errors nobody handled. One caller's hang-up at the wrong instant
 * must never end the engine for everybody: an unhandled rejection or an uncaught exception is
 * logged with a stable code and the call it happened in (when known), counted (GET /health shows
 * the counts), and the engine keeps serving the other calls. Only a storm of uncaught exceptions
 * (the process may be in a broken state) ends it, so that its supervisor starts a fresh one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './logger.js';

/** The call a piece of async work belongs to (set by the call handler for each call). */
export interface CallContext {
  callId?: string;
  readonly channelId: string;
}

const calls = new AsyncLocalStorage<CallContext>();

/** Runs `fn` as part of a call: errors nobody handled inside it are logged with the call's ids. */
export function inCall<T>(context: CallContext, fn: () => T): T {
  return calls.run(context, fn);
}

/** The call the current async work belongs to, if any (to record its id once known). */
export function currentCall(): CallContext | undefined {
  return calls.getStore();
}

export interface ProcessFaults {
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
}

const faults = { unhandledRejections: 0, uncaughtExceptions: 0 };

/** What has gone unhandled in this process since it started. */
export function processFaults(): ProcessFaults {
  return { ...faults };
}

export interface GuardOptions {
  /** Uncaught exceptions within `stormWindowMs` that end the process (exit code 70). */
  readonly stormCount?: number;
  readonly stormWindowMs?: number;
  /** How the process ends in a storm (tests pass their own). */
  readonly exit?: (code: number) => void;
}

function describe(error: unknown): { err: string; code?: string; stack?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { err: error.message, ...(typeof code === 'string' ? { code } : {}), ...(error.stack ? { stack: error.stack } : {}) };
  }
  return { err: String(error) };
}

export interface ProcessGuard {
  onRejection(reason: unknown): void;
  onException(error: Error, origin: string): void;
}

/** The policy's two handlers (unit tests call them directly). */
export function processGuard(logger: Logger, options: GuardOptions = {}): ProcessGuard {
  const stormCount = options.stormCount ?? 20;
  const stormWindowMs = options.stormWindowMs ?? 60_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const recent: number[] = [];
  return {
    onRejection(reason) {
      faults.unhandledRejections++;
      const call = calls.getStore();
      logger.error({ fault: 'ENGINE.UNHANDLED_REJECTION', callId: call?.callId, channelId: call?.channelId, ...describe(reason) }, 'engine.unhandled_rejection');
    },
    onException(error, origin) {
      faults.uncaughtExceptions++;
      const call = calls.getStore();
      logger.error({ fault: 'ENGINE.UNCAUGHT_EXCEPTION', origin, callId: call?.callId, channelId: call?.channelId, ...describe(error) }, 'engine.uncaught_exception');
      const now = Date.now();
      recent.push(now);
      while (recent.length > 0 && (recent[0] as number) <= now - stormWindowMs) recent.shift();
      if (recent.length >= stormCount) {
        logger.fatal({ fault: 'ENGINE.EXCEPTION_STORM', count: recent.length, windowMs: stormWindowMs }, 'engine.exiting_for_a_fresh_start');
        exit(70);
      }
    },
  };
}

/** Installs the policy on this process (the engine's entry points do); returns the function that removes it. */
export function installProcessGuard(logger: Logger, options: GuardOptions = {}): () => void {
  const guard = processGuard(logger, options);
  const onRejection = (reason: unknown) => guard.onRejection(reason);
  const onException = (error: Error, origin: string) => guard.onException(error, origin);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
