/** The project's own Redis 7: loopback only, AOF persistence in a git-ignored data directory. */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, portInUse, realClockEnv, waitUntil } from './process.js';

const run = promisify(execFile);

export interface RedisInstance {
  readonly port: number;
  readonly dir: string;
}

function pidOf(r: RedisInstance): number | undefined {
  const file = join(r.dir, 'redis.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

async function ping(port: number): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { env: realClockEnv() });
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

/** Starts Redis (or keeps ours if it already runs) and waits until it answers. */
export async function startRedis(r: RedisInstance): Promise<void> {
  mkdirSync(r.dir, { recursive: true });
  if (pidOf(r) !== undefined && (await ping(r.port))) return;
  if (await portInUse('tcp', r.port)) {
    throw new Error(`port 127.0.0.1:${r.port} is taken by another program (not this project's Redis in ${r.dir}); stop it or set another port`);
  }
  const child = spawn(
    'redis-server',
    [
      '--bind', '127.0.0.1', '--port', String(r.port), '--protected-mode', 'yes',
      '--dir', r.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
      '--daemonize', 'yes', '--pidfile', join(r.dir, 'redis.pid'), '--logfile', join(r.dir, 'redis.log'),
    ],
    { stdio: 'ignore', env: realClockEnv() },
  );
  await new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`cannot run redis-server (run npm run setup): ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`redis-server exited with ${code}; see ${join(r.dir, 'redis.log')}`))));
  });
  await waitUntil(() => ping(r.port), 15_000, `Redis on port ${r.port} did not answer; see ${join(r.dir, 'redis.log')}`);
}

/** Stops our Redis (flushing the AOF) if it runs. */
export async function stopRedis(r: RedisInstance): Promise<void> {
  const pid = pidOf(r);
  if (pid === undefined) return;
  await run('redis-cli', ['-h', '127.0.0.1', '-p', String(r.port), 'shutdown'], { env: realClockEnv() }).catch(() => process.kill(pid, 'SIGTERM'));
  await waitUntil(() => Promise.resolve(!isAlive(pid)), 15_000, `Redis (pid ${pid}) did not stop`);
}
