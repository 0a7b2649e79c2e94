/** Starts and stops the whole stack (Redis, Asterisk) for `npm run up` and the end-to-end tests. */
import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { paths } from './paths.js';
import { startAsterisk, stopAsterisk } from './asterisk.js';
import { startRedis, stopRedis, type RedisInstance } from './redis.js';

export function redisInstanceFor(config: Config, dirName: string): RedisInstance {
  return { port: Number(new URL(config.CC_REDIS_URL).port || 6379), dir: join(paths.dataDir, dirName) };
}

export async function startStack(config: Config, redisDir: string): Promise<void> {
  await startRedis(redisInstanceFor(config, redisDir));
  await startAsterisk(config);
}

export async function stopStack(config: Config, redisDir: string): Promise<void> {
  // Both are attempted even if one fails.
  const results = await Promise.allSettled([stopAsterisk(), stopRedis(redisInstanceFor(config, redisDir))]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) throw new Error(failed.map((f) => String(f.reason)).join('; '));
}
