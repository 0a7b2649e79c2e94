/**
 * Forecast of offered calls per half hour (#24), pure. Two models over the same history:
 *
 * - **The baseline**, a plain seasonal average: each half hour of a day is the mean of the same
 *   weekday's same half hour in the last `weeks` weeks, whatever those days were.
 * - **The model**: a day's total × its weekday's intraday profile, where the total is the
 *   weekday's recent mean (recent weeks weigh more: a half-life of `halfLifeWeeks`) times the
 *   day's regressors, each an explicit fact of the calendar:
 *   - *closed* (a holiday the service keeps closed, a planned closure): no call is offered;
 *   - *holiday* the service is open on (a local feast, say): the mean ratio of past such days to
 *     their weekday's mean (1 until one has been seen);
 *   - *after a closure* (the first open day after closed ones that would have been open: the
 *     calls that could not come): the mean ratio of past such days (1 until seen).
 *   Normal days (open, no holiday, not after a closure) alone make the means and profiles.
 *
 * Accuracy (`accuracy`): the interval error is Σ|forecast − actual| / Σ actual over the half
 * hours of open days (WAPE), the daily error the same over day totals. Even a perfect forecast of
 * the mean misses Poisson arrivals by their mean absolute deviation, 2·μ^(k+1)·e^(−μ)/k! with
 * k = ⌊μ⌋: `poissonFloor` is that error for the forecast, the noise no model can remove.
 */

export const SLOTS = 48;

/** Offered calls in each half hour of one Rome day (slot 0 is 00:00–00:30). */
export interface DayCounts {
  readonly day: string;
  readonly slots: readonly number[];
}

/** What the calendar says of a day: from the schedules, Italian and local holidays, closures. */
export interface DayFacts {
  /** The service is closed all day: nothing is offered. */
  readonly closed: boolean;
  /** A holiday (Italian or local), whether or not the service opens. */
  readonly holiday: boolean;
}
export type Calendar = (day: string) => DayFacts;

export interface ForecastOptions {
  /** How many past weeks count (default 8; the baseline's default is 4). */
  readonly weeks?: number;
  readonly halfLifeWeeks?: number;
}

const DAY_MS = 86_400_000;
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, n: number): string => new Date(dayMs(day) + n * DAY_MS).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday. */
export const weekday = (day: string): number => (new Date(dayMs(day)).getUTCDay() + 6) % 7;
const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

/** The plain seasonal average: the same weekday's same half hour over the last `weeks` weeks before each day. */
export function seasonalAverage(history: readonly DayCounts[], days: readonly string[], weeks = 4): DayCounts[] {
  const byDay = new Map(history.map((d) => [d.day, d.slots]));
  return days.map((day) => {
    const past: (readonly number[])[] = [];
    for (let w = 1; past.length < weeks && w <= weeks * 4; w++) {
      const slots = byDay.get(addDays(day, -7 * w));
      if (slots) past.push(slots);
    }
    return { day, slots: Array.from({ length: SLOTS }, (_, s) => (past.length === 0 ? 0 : sum(past.map((p) => p[s] ?? 0)) / past.length)) };
  });
}

type Kind = 'closed' | 'holiday' | 'after_closure' | 'normal';

/** Whether a day was (or will be) closed, a holiday, the first open day after closed ones, or normal. */
function kindOf(day: string, calendar: Calendar, openWeekdays: ReadonlySet<number>): Kind {
  const facts = calendar(day);
  if (facts.closed) return 'closed';
  if (facts.holiday) return 'holiday';
  // The days just before, back to the last open one: was any of them a usual open day kept closed?
  for (let back = 1; back <= 7; back++) {
    const before = addDays(day, -back);
    if (!calendar(before).closed) return 'normal';
    if (openWeekdays.has(weekday(before))) return 'after_closure';
  }
  return 'normal';
}

interface Fitted {
  /** Per weekday: the weighted mean total of its normal days, and its intraday profile (shares summing to 1). */
  readonly mean: (number | undefined)[];
  readonly profile: number[][];
  readonly factor: Record<'holiday' | 'after_closure', number>;
}

function fit(history: readonly DayCounts[], before: string, calendar: Calendar, o: Required<ForecastOptions>): Fitted {
  const from = addDays(before, -7 * o.weeks);
  const days = history.filter((d) => d.day >= from && d.day < before);
  // Weekdays the service usually opens: those with calls on normal days.
  const openWeekdays = new Set(days.filter((d) => !calendar(d.day).closed && sum(d.slots) > 0).map((d) => weekday(d.day)));
  const kinds = new Map(days.map((d) => [d.day, kindOf(d.day, calendar, openWeekdays)]));
  const weight = (day: string) => 0.5 ** ((dayMs(before) - dayMs(day)) / (7 * DAY_MS) / o.halfLifeWeeks);
  const totals = Array.from({ length: 7 }, () => ({ w: 0, calls: 0 }));
  const shapes = Array.from({ length: 7 }, () => Array.from({ length: SLOTS }, () => 0));
  for (const d of days) {
    if (kinds.get(d.day) !== 'normal') continue;
    const w = weight(d.day);
    const wd = weekday(d.day);
    const t = totals[wd] as { w: number; calls: number };
    t.w += w;
    t.calls += w * sum(d.slots);
    d.slots.forEach((n, s) => ((shapes[wd] as number[])[s] = ((shapes[wd] as number[])[s] ?? 0) + w * n));
  }
  const mean = totals.map((t) => (t.w > 0 ? t.calls / t.w : undefined));
  const profile = shapes.map((shape) => {
    const all = sum(shape);
    return shape.map((n) => (all > 0 ? n / all : 0));
  });
  const ratio = (kind: Kind): number => {
    const seen = days.filter((d) => kinds.get(d.day) === kind && mean[weekday(d.day)]);
    return seen.length === 0 ? 1 : sum(seen.map((d) => sum(d.slots) / (mean[weekday(d.day)] as number))) / seen.length;
  };
  return { mean, profile, factor: { holiday: ratio('holiday'), after_closure: ratio('after_closure') } };
}

/** The model's forecast for `days`, from the history before the first of them. */
export function forecast(history: readonly DayCounts[], days: readonly string[], calendar: Calendar, options: ForecastOptions = {}): DayCounts[] {
  const o = { weeks: options.weeks ?? 8, halfLifeWeeks: options.halfLifeWeeks ?? 2 };
  if (days.length === 0) return [];
  const first = [...days].sort()[0] as string;
  const fitted = fit(history, first, calendar, o);
  const openWeekdays = new Set(fitted.mean.flatMap((m, wd) => (m ? [wd] : [])));
  return days.map((day) => {
    const wd = weekday(day);
    const kind = kindOf(day, calendar, openWeekdays);
    const total = kind === 'closed' ? 0 : (fitted.mean[wd] ?? 0) * (kind === 'normal' ? 1 : fitted.factor[kind]);
    return { day, slots: (fitted.profile[wd] as number[]).map((share) => total * share) };
  });
}

/** The mean absolute deviation of a Poisson count of mean μ: 2·μ^(k+1)·e^(−μ)/k!, k = ⌊μ⌋. */
export function poissonMad(mu: number): number {
  if (!(mu > 0)) return 0;
  const k = Math.floor(mu);
  let logFactorial = 0;
  for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
  return Math.exp(Math.log(2) + (k + 1) * Math.log(mu) - mu - logFactorial);
}

export interface Accuracy {
  /** Σ|F − A| / Σ A over the half hours of the days compared. */
  readonly intervalError: number;
  /** The same over day totals. */
  readonly dailyError: number;
  /** The errors a perfect forecast of the mean would still make (Poisson noise). */
  readonly poissonFloor: { readonly interval: number; readonly daily: number };
}

/** How far `predicted` is from `actual`, day by day and half hour by half hour (days in both only). */
export function accuracy(predicted: readonly DayCounts[], actual: readonly DayCounts[]): Accuracy {
  const got = new Map(actual.map((d) => [d.day, d.slots]));
  let interval = 0;
  let daily = 0;
  let total = 0;
  let floorInterval = 0;
  let floorDaily = 0;
  let expected = 0;
  for (const p of predicted) {
    const a = got.get(p.day);
    if (!a) continue;
    for (let s = 0; s < SLOTS; s++) {
      interval += Math.abs((p.slots[s] ?? 0) - (a[s] ?? 0));
      floorInterval += poissonMad(p.slots[s] ?? 0);
    }
    daily += Math.abs(sum(p.slots) - sum(a));
    floorDaily += poissonMad(sum(p.slots));
    total += sum(a);
    expected += sum(p.slots);
  }
  return {
    intervalError: total > 0 ? interval / total : 0,
    dailyError: total > 0 ? daily / total : 0,
    poissonFloor: { interval: expected > 0 ? floorInterval / expected : 0, daily: expected > 0 ? floorDaily / expected : 0 },
  };
}
