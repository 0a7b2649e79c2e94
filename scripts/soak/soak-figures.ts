/** The soak's arithmetic, pure: memory growth after the warm-up, and the Redis keys a run added. */

export interface MemorySample {
  readonly atSeconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly loopP99Ms: number;
  readonly liveCalls: number;
  readonly queued: number;
}

export interface MemoryGrowth {
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  readonly rssGrowthPct: number;
  readonly heapStartMb: number;
  readonly heapEndMb: number;
  readonly heapGrowthPct: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2;
};
const pct = (from: number, to: number): number => Math.round(((to - from) / from) * 1000) / 10;

/**
 * The first fifth of the run is warm-up (code compiled, pools filled, the first calls still in
 * progress); the next fifth is compared with the last. Resident memory by its median; the heap by
 * its floor (the lowest sample: what is left after a collection, not garbage waiting for one).
 */
export function memoryGrowth(samples: readonly MemorySample[]): MemoryGrowth {
  if (samples.length < 5) throw new Error(`memory growth needs at least 5 samples, got ${samples.length}`);
  const fifth = Math.floor(samples.length / 5);
  const start = samples.slice(fifth, 2 * fifth);
  const end = samples.slice(samples.length - fifth);
  const rssStartMb = median(start.map((s) => s.rssMb));
  const rssEndMb = median(end.map((s) => s.rssMb));
  const heapStartMb = Math.min(...start.map((s) => s.heapMb));
  const heapEndMb = Math.min(...end.map((s) => s.heapMb));
  return { rssStartMb, rssEndMb, rssGrowthPct: pct(rssStartMb, rssEndMb), heapStartMb, heapEndMb, heapGrowthPct: pct(heapStartMb, heapEndMb) };
}

/** A key's shape: the parts that name one thing (digits, ids) replaced by `*` (cc:call:4f1e… → cc:call:*). */
export function keyPattern(key: string): string {
  return key
    .split(':')
    .map((part) => (/\d/.test(part) || part.length > 24 ? '*' : part))
    .join(':');
}

/** The key shapes that have more keys after the run than before (redis-cli --scan output), with how many more. */
export function keyPatterns(before: string, after: string): Record<string, number> {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const k of text.split('\n').filter(Boolean)) m.set(keyPattern(k), (m.get(keyPattern(k)) ?? 0) + 1);
    return m;
  };
  const b = count(before);
  const added: Record<string, number> = {};
  for (const [p, n] of [...count(after)].sort(([x], [y]) => x.localeCompare(y))) if (n > (b.get(p) ?? 0)) added[p] = n - (b.get(p) ?? 0);
  return added;
}
