/**
 * The forecast on a synthetic 020202 (pure, a seeded random generator): ten weeks of Poisson calls
 * from a known truth — weekday volumes, a morning peak, Sundays closed, a closed holiday and the
 * rush the day after it. The model must beat the plain seasonal average and come near the noise
 * floor; the regressors must be what makes the difference.
 */
import { describe, expect, it } from 'vitest';
import { accuracy, type Calendar, type DayCounts, forecast, poissonMad, SLOTS, seasonalAverage, seededRandom, weekday } from '../../src/staffing/index.js';

function poisson(mu: number, next: () => number): number {
  // Sums of small Poisson draws (Knuth's method is exact and fast below 30).
  let n = 0;
  for (let left = mu; left > 0; left -= 30) {
    const part = Math.min(30, left);
    const limit = Math.exp(-part);
    let p = next();
    while (p > limit) {
      n++;
      p *= next();
    }
  }
  return n;
}

const WEEKDAY_TOTALS = [3600, 3000, 3000, 3000, 2800, 1200, 0];
/** 8:00–20:00, a morning peak at 10:00. */
const SHAPE = Array.from({ length: SLOTS }, (_, s) => (s < 16 || s >= 40 ? 0 : 1 + 2 * Math.exp(-(((s - 20) / 4) ** 2))));
const PROFILE = SHAPE.map((x) => x / SHAPE.reduce((a, b) => a + b, 0));
const START = '2029-01-01'; // a Monday: any Monday would do (the calendar below is synthetic)
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** A closed holiday on the Thursday of week 3 and of week 9; the day after gets 40 % more. */
const HOLIDAYS = new Set([addDays(START, 7 * 2 + 3), addDays(START, 7 * 8 + 3)]);
const calendar: Calendar = (day) => ({ closed: HOLIDAYS.has(day) || weekday(day) === 6, holiday: HOLIDAYS.has(day) });
const truth = (day: string): number[] => {
  if (calendar(day).closed) return PROFILE.map(() => 0);
  const after = HOLIDAYS.has(addDays(day, -1)) ? 1.4 : 1;
  return PROFILE.map((p) => (WEEKDAY_TOTALS[weekday(day)] as number) * after * p);
};
const next = seededRandom(20_291);
const DAYS = Array.from({ length: 70 }, (_, i) => addDays(START, i));
const HISTORY: DayCounts[] = DAYS.map((day) => ({ day, slots: truth(day).map((mu) => poisson(mu, next)) }));
const TRAIN = HISTORY.slice(0, 56);
/** Weeks 9 and 10, held out: the second holiday and the day after it fall there. */
const HELD_OUT = HISTORY.slice(56);
const heldDays = HELD_OUT.map((d) => d.day);

describe('forecast of offered calls', () => {
  it("the Poisson floor: a count's mean absolute deviation (1 → 2/e; large means ≈ √(2μ/π))", () => {
    expect(poissonMad(1)).toBeCloseTo(2 / Math.E, 12);
    expect(poissonMad(3000) / Math.sqrt((2 * 3000) / Math.PI)).toBeCloseTo(1, 3);
    expect(poissonMad(0)).toBe(0);
  });

  it('beats the seasonal average on held-out weeks with a holiday, and comes near the noise floor', () => {
    const model = accuracy(forecast(TRAIN, heldDays, calendar), HELD_OUT);
    const baseline = accuracy(seasonalAverage(TRAIN, heldDays), HELD_OUT);
    expect(model.intervalError).toBeLessThan(baseline.intervalError);
    expect(model.dailyError).toBeLessThan(baseline.dailyError / 2);
    // Measured: 7.2 % against a floor of 7.1 % (the baseline 19.7 %): within a tenth of the noise no model removes.
    expect(model.intervalError).toBeLessThan(model.poissonFloor.interval * 1.1);
    // The calendar is what makes the difference: the same model blind to it is no better than the baseline.
    const blind = accuracy(forecast(TRAIN, heldDays, () => ({ closed: false, holiday: false })), HELD_OUT);
    expect(blind.intervalError).toBeGreaterThan(model.intervalError * 2);
    // Practitioners' targets: 80 % accuracy per interval, 90 % per day.
    expect(model.intervalError).toBeLessThan(0.2);
    expect(model.dailyError).toBeLessThan(0.1);
  });

  it('says nothing is offered on a closed day, and learns the rush after a closure', () => {
    const [holiday, after] = forecast(TRAIN, [addDays(START, 7 * 8 + 3), addDays(START, 7 * 8 + 4)], calendar);
    expect(holiday?.slots.every((n) => n === 0)).toBe(true);
    // Friday's 2,800 calls, 40 % more after the holiday (learned from the first one: one noisy example).
    const total = (after?.slots ?? []).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2800 * 1.3);
    expect(total).toBeLessThan(2800 * 1.5);
  });

  it('the intraday profile: the morning peak where the truth has it, nothing before opening', () => {
    const [monday] = forecast(TRAIN, [addDays(START, 56)], calendar);
    const slots = monday?.slots ?? [];
    expect(slots.indexOf(Math.max(...slots))).toBeGreaterThanOrEqual(19);
    expect(slots.indexOf(Math.max(...slots))).toBeLessThanOrEqual(21);
    expect(slots.slice(0, 16).every((n) => n === 0)).toBe(true);
  });
});
