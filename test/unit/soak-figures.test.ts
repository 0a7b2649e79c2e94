import { describe, expect, it } from 'vitest';
import { keyPattern, keyPatterns, memoryGrowth, type MemorySample } from '../../scripts/soak/soak-figures.js';

const sample = (atSeconds: number, rssMb: number, heapMb: number): MemorySample => ({ atSeconds, rssMb, heapMb, loopP99Ms: 1, liveCalls: 0, queued: 0 });

describe('soak figures', () => {
  it('compares the second fifth of the run with the last, ignoring the warm-up', () => {
    // Warm-up climbs to 100 MB; then flat with garbage coming and going; a leak at the end would show.
    const flat = [sample(10, 50, 20), sample(20, 100, 40), sample(30, 100, 30), sample(40, 104, 45), sample(50, 102, 31), sample(60, 101, 44), sample(70, 103, 30), sample(80, 100, 41), sample(90, 102, 31), sample(100, 101, 33)];
    expect(memoryGrowth(flat)).toEqual({ rssStartMb: 102, rssEndMb: 101.5, rssGrowthPct: -0.5, heapStartMb: 30, heapEndMb: 31, heapGrowthPct: 3.3 });
    const leaking = flat.map((s, i) => sample(s.atSeconds, s.rssMb + i * 5, s.heapMb + i * 3));
    expect(memoryGrowth(leaking).heapGrowthPct).toBeGreaterThan(5);
    expect(memoryGrowth(leaking).rssGrowthPct).toBeGreaterThan(5);
  });

  it('refuses too few samples to say anything', () => {
    expect(() => memoryGrowth([sample(10, 1, 1)])).toThrow(/at least 5 samples, got 1/);
  });

  it('names the key shapes a run added, ids replaced by *', () => {
    expect(keyPattern('cc:call:4f1e2a7b-8c9d-4e5f-a6b7-c8d9e0f1a2b3')).toBe('cc:call:*');
    expect(keyPattern('cc:queue:generale')).toBe('cc:queue:generale');
    expect(keyPatterns('cc:agents\ncc:call:1', 'cc:agents\ncc:call:1\ncc:call:2\ncc:call:3\ncc:events')).toEqual({ 'cc:call:*': 2, 'cc:events': 1 });
    expect(keyPatterns('cc:a', 'cc:a')).toEqual({});
  });
});
