import { CallHungUpError, TelephonyTimeoutError } from './telephony.js';

/**
 * Waits for an event by key with a timeout and a hang-up abort. Use `send`: it registers the wait
 * *before* sending the command that causes the event (so the event can never be missed) and
 * settles the command's reply, the event, the hang-up and the timeout in one place, whatever
 * order they arrive in — no rejection is ever left with nobody listening.
 */
export interface Wait<T> {
  readonly promise: Promise<T>;
  cancel(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class Waits {
  private readonly pending = new Map<string, Set<Pending>>();
  private count = 0;

  /**
   * @param key what is awaited, e.g. `playback:<id>`
   * @param channelId the channel whose end aborts the wait
   * @param signal aborted when the channel ends
   */
  waitFor<T>(key: string, what: string, channelId: string, signal: AbortSignal, timeoutMs: number): Wait<T> {
    let entry: Pending | undefined;
    let timer: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      signal.removeEventListener('abort', onAbort);
      if (entry) {
        const set = this.pending.get(key);
        if (set?.delete(entry)) this.count--;
        if (set?.size === 0) this.pending.delete(key);
        entry = undefined;
      }
    };
    const onAbort = (): void => {
      const e = entry;
      cleanup();
      e?.reject(new CallHungUpError(channelId));
    };
    const promise = new Promise<T>((resolve, reject) => {
      if (signal.aborted) {
        reject(new CallHungUpError(channelId));
        return;
      }
      entry = {
        resolve: (v) => {
          cleanup();
          resolve(v as T);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      };
      let set = this.pending.get(key);
      if (!set) this.pending.set(key, (set = new Set()));
      set.add(entry);
      this.count++;
      timer = setTimeout(() => entry?.reject(new TelephonyTimeoutError(what, timeoutMs)), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return {
      promise,
      cancel: () => {
        // Whoever cancels no longer awaits the promise: its rejection must not go unobserved.
        promise.catch(() => undefined);
        cleanup();
      },
    };
  }

  /**
   * Subscribes to `key`, then runs `command`, and resolves with the event's value once both the
   * command has succeeded and the event has come. Rejects with the first failure: the command's
   * (e.g. TELEPHONY.HUNG_UP when the channel went away meanwhile), the hang-up's, or the timeout's.
   */
  async send<T>(key: string, what: string, channelId: string, signal: AbortSignal, timeoutMs: number, command: () => Promise<unknown>): Promise<T> {
    const wait = this.waitFor<T>(key, what, channelId, signal, timeoutMs);
    try {
      // Promise.all listens to both from this tick on: whichever fails first settles the send,
      // and a later failure of the other is observed by it, never unhandled.
      const [, value] = await Promise.all([Promise.resolve().then(command), wait.promise]);
      return value;
    } finally {
      wait.cancel();
    }
  }

  /** Resolves every wait registered under `key`. Returns how many were resolved. */
  resolve(key: string, value: unknown): number {
    const set = this.pending.get(key);
    if (!set) return 0;
    const entries = [...set];
    for (const e of entries) e.resolve(value);
    return entries.length;
  }

  size(): number {
    return this.count;
  }
}
