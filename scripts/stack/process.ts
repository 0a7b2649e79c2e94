import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * The environment for the servers the stack and the tests start (Redis, Asterisk, SIPp, slapd,
 * Chromium): without libfaketime. The README's moved-clock runs move only the engine's and the
 * tests' clock (node); Redis must keep the real time (and aborts under libfaketime anyway).
 */
export function realClockEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const rest: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('FAKETIME')));
  const preload = (env.LD_PRELOAD ?? '').split(/[:\s]+/).filter((lib) => lib !== '' && !lib.includes('faketime'));
  if (preload.length > 0) rest.LD_PRELOAD = preload.join(':');
  else delete rest.LD_PRELOAD;
  return rest;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls a condition on an external process until it holds or the deadline passes. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(failure);
}

/** True if something already listens on 127.0.0.1:port. */
export function portInUse(kind: 'tcp' | 'udp', port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (kind === 'udp') {
      const s = createSocket('udp4');
      s.once('error', () => resolve(true));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
    } else {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    }
  });
}
