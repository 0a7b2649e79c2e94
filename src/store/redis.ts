/**
 * The Redis connection and the Lua scripts' runner.
 *
 * One clock: business time (opening hours, slots, wrap-up deadlines) comes from the engine's
 * injected clock, but anything Redis enforces itself — key expiries, leases, locks — is a duration
 * (PX, PEXPIRE) or Redis's own TIME inside a script, never an absolute date computed from the
 * engine's clock (the "…AT" forms of EXPIRE and SET): the two clocks disagree whenever the engine runs on another
 * host, after an NTP step or a VM resume, and in the tests (engine on a chosen day). eslint refuses
 * those forms in TypeScript; test/e2e/store-clock-skew.e2e.test.ts scans the Lua and checks it live.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { EngineError } from '../errors.js';
import type { Logger } from '../logger.js';
import { projectDir } from '../shared/project-dir.js';

/** The Lua scripts in ./lua, one atomic command each (see the header of each file). */
const SCRIPTS = {
  callStart: { file: 'call-start.lua', keys: 4 },
  callEnd: { file: 'call-end.lua', keys: 4 },
  callUpdate: { file: 'call-update.lua', keys: 1 },
  announcementRemove: { file: 'announcement-remove.lua', keys: 3 },
  flowPublish: { file: 'flow-publish.lua', keys: 4 },
  flowSetLive: { file: 'flow-set-live.lua', keys: 3 },
  acdEnqueue: { file: 'acd-enqueue.lua', keys: 6 },
  acdClaim: { file: 'acd-claim.lua', keys: 3 },
  acdOfferEnd: { file: 'acd-offer-end.lua', keys: 3 },
  acdConnect: { file: 'acd-connect.lua', keys: 5 },
  acdCallEnd: { file: 'acd-call-end.lua', keys: 6 },
  acdLeave: { file: 'acd-leave.lua', keys: 5 },
  acdAgentState: { file: 'acd-agent-state.lua', keys: 2 },
  acdAgentSave: { file: 'acd-agent-save.lua', keys: 3 },
  acdAgentRemove: { file: 'acd-agent-remove.lua', keys: 4 },
  agentPinSet: { file: 'agent-pin-set.lua', keys: 3 },
  authAttempt: { file: 'auth-attempt.lua', keys: 2 },
  authAttemptOk: { file: 'auth-attempt-ok.lua', keys: 2 },
  agentSessionsEnd: { file: 'agent-sessions-end.lua', keys: 2 },
  callbackBook: { file: 'callback-book.lua', keys: 8 },
  callbackAttemptStart: { file: 'callback-attempt-start.lua', keys: 2 },
  callbackTakeOver: { file: 'callback-take-over.lua', keys: 2 },
  callbackAttemptEnd: { file: 'callback-attempt-end.lua', keys: 4 },
  callbackCancel: { file: 'callback-cancel.lua', keys: 4 },
  callbackMove: { file: 'callback-move.lua', keys: 4 },
  eventsTrim: { file: 'events-trim.lua', keys: 2 },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

export interface RedisConnection {
  readonly redis: Redis;
  /** Runs one of the Lua scripts. */
  run(script: ScriptName, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  isReady(): boolean;
  close(): Promise<void>;
}

/**
 * Runs scripts whose errors are "DOMAIN.CODE message" replies (e.g. ACD.QUEUE_FULL, CALLBACK.SLOT_FULL)
 * and turns those into EngineErrors with that code.
 */
export function scriptRunner(conn: RedisConnection, domain: string): (script: ScriptName, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown> {
  const pattern = new RegExp(`^(?:ERR )?(${domain}\\.[A-Z_]+) (.*)$`, 's');
  return async (script, keys, args) => {
    try {
      return await conn.run(script, keys, args.map(String));
    } catch (error) {
      const m = error instanceof Error ? pattern.exec(error.message) : null;
      if (m) throw new EngineError(m[1] as string, m[2] as string);
      throw error;
    }
  };
}

/**
 * Every Redis client needs an error listener (else ioredis prints "Unhandled error event" on each
 * retry while Redis restarts): one log line per distinct error and connection, not one per retry.
 */
export function logErrors(client: Redis, log: Logger, connection: string): Redis {
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) log.warn({ connection, err: error.message }, 'redis.error');
    lastError = error.message;
  });
  client.on('ready', () => (lastError = ''));
  return client;
}

/** Many hashes in one round trip, each parsed; those that parse to nothing (gone meanwhile) are left out. */
export async function readHashes<T>(redis: Redis, hashKeys: readonly string[], parse: (h: Record<string, string>) => T | undefined): Promise<T[]> {
  if (hashKeys.length === 0) return [];
  const pipe = redis.pipeline();
  for (const key of hashKeys) pipe.hgetall(key);
  const rows = (await pipe.exec()) ?? [];
  return rows.map(([, h]) => parse(h as Record<string, string>)).filter((x): x is T => x !== undefined);
}

/** `observeScript`: told how long each atomic script took (metrics). */
export function connectRedis(url: string, logger: Logger, observeScript?: (script: string, seconds: number) => void): RedisConnection {
  const log = logger.child({ component: 'redis' });
  // Reconnects forever with a capped delay; commands issued while disconnected wait in the offline
  // queue, and a command caught by a disconnection waits through 15 reconnection attempts (about
  // 20 s) before it fails: a Redis restart of a few seconds delays a caller's next step, it does
  // not drop them.
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 15,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('ready', () => log.info('redis.ready'));
  logErrors(redis, log, 'main');
  for (const [name, def] of Object.entries(SCRIPTS)) {
    const lua = readFileSync(join(projectDir, 'src/store/lua', def.file), 'utf8');
    redis.defineCommand(name, { numberOfKeys: def.keys, lua });
  }
  return {
    redis,
    async run(script, keys, args) {
      const fn = (redis as unknown as Record<string, (...a: string[]) => Promise<unknown>>)[script];
      if (!fn) throw new Error(`unknown script ${script}`);
      if (!observeScript) return fn.call(redis, ...keys, ...args);
      const started = performance.now();
      try {
        return await fn.call(redis, ...keys, ...args);
      } finally {
        observeScript(script, (performance.now() - started) / 1000);
      }
    },
    isReady: () => redis.status === 'ready',
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
