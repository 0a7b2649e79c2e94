import { describe, expect, it } from 'vitest';
import { restartDelaySeconds } from '../../scripts/stack/supervisor.js';

describe('the engine supervisor (npm run up)', () => {
  it('restarts a dead engine after 0.1 s, then waits 1, 2, 4, 8, 16 s, then 30 s at most, while it keeps dying', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(restartDelaySeconds)).toEqual([0.1, 1, 2, 4, 8, 16, 30, 30]);
  });
});

describe('the servers\' environment under a moved clock', () => {
  it('drops libfaketime (and only it) from LD_PRELOAD, and every FAKETIME setting', async () => {
    const { realClockEnv } = await import('../../scripts/stack/process.js');
    expect(realClockEnv({ LD_PRELOAD: '/usr/$LIB/faketime/libfaketime.so.1', FAKETIME: '+365d', FAKETIME_NO_CACHE: '1', PATH: '/bin' })).toEqual({ PATH: '/bin' });
    expect(realClockEnv({ LD_PRELOAD: '/usr/lib/libjemalloc.so.2:/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', PATH: '/bin' })).toEqual({ LD_PRELOAD: '/usr/lib/libjemalloc.so.2', PATH: '/bin' });
  });
});
