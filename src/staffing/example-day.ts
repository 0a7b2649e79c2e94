/**
 * A generated Milan weekday for the what-if replay (#24), pure and seeded: 3,000 calls to one
 * queue from 8:00 to 20:00 with a morning peak (10:00–11:00 about 12 % of the day), handle times
 * and patience exponential (means 277 s and 10 minutes, as 020202's figures), and each caller's
 * draw for taking a callback. The same seed gives the same day.
 */
import { seededRandom } from '../shared/seeded-random.js';
import { SLOTS } from './forecast.js';
import type { ReplayCall } from './replay.js';

export interface ExampleDayOptions {
  readonly calls?: number;
  readonly ahtSeconds?: number;
  readonly patienceSeconds?: number;
  readonly queueId?: string;
  readonly seed?: number;
}

/** The share of a weekday's calls in each half hour: open 8:00–20:00, a peak at 10:00–11:00, a smaller one at 15:00. */
export const WEEKDAY_PROFILE: readonly number[] = (() => {
  const shape = Array.from({ length: SLOTS }, (_, s) => (s < 16 || s >= 40 ? 0 : 1 + 2.2 * Math.exp(-(((s - 20.5) / 3) ** 2)) + 0.6 * Math.exp(-(((s - 30) / 3) ** 2))));
  const total = shape.reduce((a, b) => a + b, 0);
  return shape.map((x) => x / total);
})();

export function exampleDay(o: ExampleDayOptions = {}): ReplayCall[] {
  const calls = o.calls ?? 3000;
  // Calls spread over the half hours by the profile (largest remainders keep the total exact).
  const exact = WEEKDAY_PROFILE.map((p) => p * calls);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = calls - counts.reduce((a, b) => a + b, 0);
  for (const [, slot] of order.slice(0, missing)) counts[slot] = (counts[slot] ?? 0) + 1;
  return callsOfDay(counts, o);
}

/**
 * A day of calls with `counts[s]` arrivals in half hour s (rounded), uniform within it; handle
 * times and patience exponential around their means (patience Infinity: nobody hangs up), each
 * caller's callback draw; seeded, so the same inputs give the same day.
 */
export function callsOfDay(counts: readonly number[], o: Omit<ExampleDayOptions, 'calls'> = {}): ReplayCall[] {
  const next = seededRandom(o.seed ?? 20_202);
  const aht = o.ahtSeconds ?? 277;
  const patience = o.patienceSeconds ?? 600;
  const out: ReplayCall[] = [];
  counts.forEach((count, slot) => {
    for (let i = 0; i < Math.round(count); i++) {
      out.push({
        id: `c${out.length + 1}`,
        queueId: o.queueId ?? 'generale',
        arrivalMs: Math.floor((slot + next()) * 1_800_000),
        priority: 5,
        handleSeconds: -Math.log(1 - next()) * aht,
        patienceSeconds: Number.isFinite(patience) ? -Math.log(1 - next()) * patience : Infinity,
        callbackDraw: next(),
      });
    }
  });
  return out.sort((a, b) => a.arrivalMs - b.arrivalMs);
}
