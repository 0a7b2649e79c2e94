/** A caller waiting in a queue keeps their place when Asterisk is slow; only a hang-up ends the wait. */
import { describe, expect, it } from 'vitest';
import { despiteSlowAsterisk } from '../../src/acd/acd.js';
import { EngineError } from '../../src/errors.js';
import { capturedLog } from '../support/captured-log.js';
import { CallHungUpError, TelephonyTimeoutError } from '../../src/telephony/telephony.js';

describe('music and announcements for a waiting caller', () => {
  it('a command that timed out or failed is logged with its code, and the wait goes on', async () => {
    const { lines, log } = capturedLog();
    await despiteSlowAsterisk(log, 'announcement', () => Promise.reject(new TelephonyTimeoutError('ARI command', 10_000)));
    await despiteSlowAsterisk(log, 'music_on_hold', () => Promise.reject(new EngineError('TELEPHONY.COMMAND_FAILED', 'ARI command failed: 500')));
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.msg, l.what, l.code])).toEqual([
      ['acd.media_failed_caller_keeps_waiting', 'announcement', 'TELEPHONY.TIMEOUT'],
      ['acd.media_failed_caller_keeps_waiting', 'music_on_hold', 'TELEPHONY.COMMAND_FAILED'],
    ]);
  });

  it('the caller hanging up, or anything that is not Asterisk being slow, still ends it', async () => {
    const { log } = capturedLog();
    await expect(despiteSlowAsterisk(log, 'announcement', () => Promise.reject(new CallHungUpError('ch-1')))).rejects.toBeInstanceOf(CallHungUpError);
    await expect(despiteSlowAsterisk(log, 'announcement', () => Promise.reject(new EngineError('ACD.NO_SUCH_QUEUE', 'x')))).rejects.toMatchObject({ code: 'ACD.NO_SUCH_QUEUE' });
    await expect(despiteSlowAsterisk(log, 'announcement', () => Promise.reject(new TypeError('bug')))).rejects.toBeInstanceOf(TypeError);
  });
});
