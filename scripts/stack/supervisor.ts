/**
 * Keeps the engine running under `npm run up`: a child process (as `npm start` runs it), started
 * again when it dies — with a back-off that grows while it keeps dying soon after starting, and
 * resets once it has run a while — every restart logged. Ctrl-C / SIGTERM stop it for good.
 * Production does the same with systemd (deploy/cc-engine.service).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Seconds to wait before restart number `failures`: 0.1 the first time (the callers of a killed
 * engine wait for the next one), then 1, 2, 4 … up to 30 while it keeps dying.
 */
export function restartDelaySeconds(failures: number): number {
  return failures <= 1 ? 0.1 : Math.min(30, 2 ** (failures - 2));
}

/** A child that ran this long before dying was healthy: the back-off starts over. */
export const HEALTHY_RUN_MS = 60_000;

export interface Supervised {
  /** The engine's process id now (undefined while it is being restarted). */
  pid(): number | undefined;
  /** Stops the engine (SIGTERM, then SIGKILL after `graceMs`) and does not restart it. */
  stop(graceMs: number): Promise<void>;
}

/** `output`: where the engine's log goes (the terminal by default; a file descriptor in tests). */
export function supervise(command: string, args: readonly string[], env: NodeJS.ProcessEnv, say: (line: string) => void, output: 'inherit' | number = 'inherit'): Supervised {
  let child: ChildProcess | undefined;
  let stopping = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const start = (): void => {
    const startedAt = Date.now();
    const c = spawn(command, [...args], { env, stdio: ['ignore', output, output] });
    child = c;
    c.on('exit', (code, signal) => {
      child = undefined;
      if (stopping) return;
      failures = Date.now() - startedAt >= HEALTHY_RUN_MS ? 1 : failures + 1;
      const delay = restartDelaySeconds(failures);
      say(`engine exited (${signal ?? `code ${code}`}) after ${Math.round((Date.now() - startedAt) / 1000)} s: restarting in ${delay} s (restart ${failures} in a row)`);
      timer = setTimeout(start, delay * 1000);
    });
  };
  start();
  return {
    pid: () => child?.pid,
    async stop(graceMs) {
      stopping = true;
      clearTimeout(timer);
      const c = child;
      if (!c) return;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      const killer = setTimeout(() => c.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}
