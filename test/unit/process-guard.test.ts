import { describe, expect, it } from 'vitest';
import { capturedLog } from '../support/captured-log.js';
import { CallHungUpError } from '../../src/telephony/telephony.js';
import { inCall, processFaults, processGuard } from '../../src/process-guard.js';

const flush = () => new Promise((r) => setImmediate(r));

describe('the process guard', () => {
  it('logs an unhandled rejection with its stable code and the call it happened in, counts it, and keeps the process', async () => {
    const { lines, log: logger } = capturedLog();
    const exits: number[] = [];
    const guard = processGuard(logger, { exit: (c) => exits.push(c) });
    const before = processFaults().unhandledRejections;
    await inCall({ channelId: 'ch-9', callId: 'call-9' }, async () => {
      await flush();
      guard.onRejection(new CallHungUpError('ch-9'));
    });
    await flush();
    expect(processFaults().unhandledRejections).toBe(before + 1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'engine.unhandled_rejection', fault: 'ENGINE.UNHANDLED_REJECTION', callId: 'call-9', channelId: 'ch-9', code: 'TELEPHONY.HUNG_UP' }));
    expect(exits).toEqual([]);
  });

  it('keeps serving after an uncaught exception, and exits (70) for a fresh start only in a storm', async () => {
    const { lines, log: logger } = capturedLog();
    const exits: number[] = [];
    const guard = processGuard(logger, { exit: (c) => exits.push(c), stormCount: 3, stormWindowMs: 60_000 });
    guard.onException(new TypeError('x is undefined'), 'uncaughtException');
    guard.onException(new TypeError('x is undefined'), 'uncaughtException');
    expect(exits).toEqual([]);
    guard.onException(new TypeError('x is undefined'), 'uncaughtException');
    expect(exits).toEqual([70]);
    await flush();
    expect(lines.filter((l) => l.fault === 'ENGINE.UNCAUGHT_EXCEPTION')).toHaveLength(3);
    expect(lines).toContainEqual(expect.objectContaining({ fault: 'ENGINE.EXCEPTION_STORM', count: 3 }));
  });
});
