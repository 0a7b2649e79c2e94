import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallHungUpError, TelephonyTimeoutError } from '../../src/telephony/telephony.js';
import { Waits } from '../../src/telephony/waits.js';

describe('Waits', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves a wait registered before the event, and forgets it', async () => {
    const waits = new Waits();
    const ended = new AbortController();
    const w = waits.waitFor<string>('playback:1', 'playback', 'ch', ended.signal, 1000);
    expect(waits.size()).toBe(1);
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(1);
    expect(waits.resolve('playback:1', 'done')).toBe(1);
    await expect(w.promise).resolves.toBe('done');
    expect(waits.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with TELEPHONY.TIMEOUT when the event does not come, and forgets it', async () => {
    const waits = new Waits();
    const ended = new AbortController();
    const w = waits.waitFor('playback:1', 'playback of x', 'ch', ended.signal, 1000);
    const assertion = expect(w.promise).rejects.toBeInstanceOf(TelephonyTimeoutError);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
    expect(waits.size()).toBe(0);
    expect(getEventListeners(ended.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with TELEPHONY.HUNG_UP when the channel ends, leaving no timer or listener', async () => {
    const waits = new Waits();
    const ended = new AbortController();
    const w = waits.waitFor('playback:1', 'playback', 'ch-7', ended.signal, 60_000);
    ended.abort();
    await expect(w.promise).rejects.toBeInstanceOf(CallHungUpError);
    expect(waits.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once if the channel has already ended', async () => {
    const waits = new Waits();
    const ended = new AbortController();
    ended.abort();
    await expect(waits.waitFor('k', 'x', 'ch', ended.signal, 1000).promise).rejects.toBeInstanceOf(CallHungUpError);
    expect(waits.size()).toBe(0);
  });

  it('cancel removes the wait and its timer', () => {
    const waits = new Waits();
    const w = waits.waitFor('k', 'x', 'ch', new AbortController().signal, 1000);
    w.cancel();
    expect(waits.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(waits.resolve('k', 1)).toBe(0);
  });

  it('cancelling a wait that was rejected at once leaves no unhandled rejection', async () => {
    const waits = new Waits();
    const ended = new AbortController();
    ended.abort();
    waits.waitFor('k', 'x', 'ch', ended.signal, 1000).cancel();
    // Vitest fails the run on an unhandled rejection; give it the chance to surface.
    await vi.advanceTimersByTimeAsync(10);
    expect(waits.size()).toBe(0);
  });
});
