import { describe, expect, it } from 'vitest';
import { restartDelaySeconds } from '../../scripts/stack/supervisor.js';

describe('the engine supervisor (npm run up)', () => {
  it('waits 1, 2, 4, 8, 16 s, then 30 s at most, between restarts of an engine that keeps dying', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(restartDelaySeconds)).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });
});
