import { CallHungUpError } from '../telephony/telephony.js';

/**
 * The digits a caller has pressed and no node has consumed yet. One per call, fed by a single
 * DTMF subscription, so that digits typed ahead during a prompt are kept for the next menu.
 */
export class DigitBuffer {
  private readonly digits: string[] = [];
  private waiter: ((digit: string | undefined) => void) | undefined;
  private readonly listeners = new Set<(digit: string) => void>();

  push(digit: string): void {
    for (const l of [...this.listeners]) l(digit);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(digit);
    } else this.digits.push(digit);
  }

  /** Takes the oldest pending digit, if any. */
  shift(): string | undefined {
    return this.digits.shift();
  }

  pending(): number {
    return this.digits.length;
  }

  clear(): void {
    this.digits.length = 0;
  }

  /** Called for every digit as it arrives (barge-in); returns the unsubscribe function. */
  onDigit(listener: (digit: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The next digit: a pending one at once, else the next pressed within timeoutMs; undefined on
   * timeout. Rejects with CallHungUpError when the call ends.
   */
  next(timeoutMs: number, ended: AbortSignal, channelId: string): Promise<string | undefined> {
    const pending = this.digits.shift();
    if (pending !== undefined) return Promise.resolve(pending);
    if (ended.aborted) return Promise.reject(new CallHungUpError(channelId));
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        ended.removeEventListener('abort', onAbort);
        this.waiter = undefined;
      };
      const onAbort = (): void => {
        done();
        reject(new CallHungUpError(channelId));
      };
      const timer = setTimeout(() => {
        done();
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (digit) => {
        done();
        resolve(digit);
      };
      ended.addEventListener('abort', onAbort, { once: true });
    });
  }
}
