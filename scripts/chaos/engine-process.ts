/**
 * The engine as `npm start` runs it, for `npm run chaos`: a child process that the chaos kills
 * (-9), freezes (SIGSTOP/SIGCONT) and starts again at once, as systemd would; its /ready and API
 * reached over HTTP; Redis reached with redis-cli (the script holds no connection of its own that
 * a Redis restart would disturb).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { engineArgs } from '../stack/engine-command.js';
import { paths } from '../stack/paths.js';
import { realClockEnv } from '../stack/process.js';

const run = promisify(execFile);

/** The settings of an engine run by the chaos or the soak: its own Redis and HTTP port, info logs, the rendered prompts. */
export function engineEnv(redisPort: number, httpPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CC_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    CC_HTTP_PORT: String(httpPort),
    CC_LOG_LEVEL: 'info',
    CC_SOUNDS_DIR: join(paths.asteriskRoot, 'usr/share/asterisk/sounds/cc'),
  };
}

export class EngineProcess {
  private child: ChildProcess | undefined;
  /** node's arguments: the bundle, built once from the current sources. */
  private args: string[] | undefined;
  restarts = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly port: number,
    private readonly logFile: string,
  ) {}

  /** The running engine's process id (memory is read from /proc). */
  pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<number> {
    this.args ??= await engineArgs();
    const t0 = Date.now();
    const log = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, this.args, { cwd: paths.projectDir, env: this.env, stdio: ['ignore', log, log] });
    await this.untilReady();
    return Date.now() - t0;
  }

  /** kill -9, then a new engine at once: the time until it is ready (adopting the calls). */
  async killAndRestart(): Promise<number> {
    const child = this.child;
    if (!child) throw new Error('no engine to kill');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const t0 = Date.now();
    child.kill('SIGKILL');
    await exited;
    await this.start();
    this.restarts++;
    return Date.now() - t0;
  }

  /** SIGSTOP for `ms`, then SIGCONT: the time from the freeze until the engine answers again. */
  async freeze(ms: number): Promise<number> {
    const child = this.child;
    if (!child) throw new Error('no engine to freeze');
    const t0 = Date.now();
    child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGCONT');
    await this.untilReady();
    return Date.now() - t0;
  }

  async untilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // A refused or timed-out request means "not ready yet", like a 503: asked again below.
      const r = await fetch(`http://127.0.0.1:${this.port}/ready`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
      if (r?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the engine was not ready within ${timeoutMs} ms (log: ${this.logFile})`);
  }

  async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const token = (this.env.CC_API_TOKENS ?? 'supervisor:demo-supervisor-token').split(',')[0]?.split(':')[1] ?? '';
    const r = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async redisCommand(args: readonly string[]): Promise<string> {
    const url = new URL(this.env.CC_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const { stdout } = await run('redis-cli', ['-h', url.hostname, '-p', url.port, ...args], { env: realClockEnv() });
    return stdout.trim();
  }

  flushRedis(): Promise<string> {
    return this.redisCommand(['FLUSHALL']);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
