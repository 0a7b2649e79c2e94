/**
 * Opening hours of a service, in Europe/Rome whatever the server's zone (DST-correct: local
 * wall-clock times are read through Intl). Pure: the instant and the holiday calendar are inputs.
 * Precedence: emergency > closure > holiday > closed > open. A dated exception (a special day)
 * decides that day's hours and overrides a holiday: a supervisor who writes one means it. A closure
 * (a strike, snow) closes whatever else the day would be.
 */
import { z } from 'zod';
import { italianHolidayPlaces } from './holidays.js';
import { keyed } from './keyed.js';

export const TIME_ZONE = 'Europe/Rome';
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

const RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$|^([01]\d|2[0-3]):[0-5]\d-24:00$/;
const range = z
  .string()
  .regex(RANGE, 'hours as HH:MM-HH:MM, e.g. 08:30-12:30')
  // (Badly written hours are reported by the pattern, not as an order.)
  .refine((r) => !RANGE.test(r) || clockMinutes(r.slice(0, 5)) < clockMinutes(r.slice(6)), {
    message: 'the end is not after the start: a range ends the same day (for a night service write 22:00-24:00 on one day and 00:00-06:00 on the next)',
  });

/** A closure's bound: a day, or a day and a time (Rome). */
const MOMENT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])( ([01]\d|2[0-3]):[0-5]\d)?$/;
const moment = z.string().regex(MOMENT, 'a day (YYYY-MM-DD) or a day and a time (YYYY-MM-DD HH:MM), Rome time');
/** "YYYY-MM-DD HH:MM" of a bound: a day alone starts at 00:00 (from) or ends at 24:00 (to), so bounds compare as text. */
const startOf = (m: string): string => (m.length === 10 ? `${m} 00:00` : m);
const endOf = (m: string): string => (m.length === 10 ? `${m} 24:00` : m);

/** Ranges of one day that overlap: "08:00-13:00 and 12:00-14:00". */
function overlapping(ranges: readonly string[]): string | undefined {
  const sorted = ranges.filter((r) => RANGE.test(r)).sort();
  for (let i = 1; i < sorted.length; i++) {
    const [prev, cur] = [sorted[i - 1] as string, sorted[i] as string];
    if (clockMinutes(cur.slice(0, 5)) < clockMinutes(prev.slice(6))) return `${prev} and ${cur}`;
  }
  return undefined;
}

/** Holidays of a region and city: codes date-holidays knows (the guide lists them). */
const holidaysSchema = z
  .object({ country: z.literal('IT'), region: z.string().optional(), city: z.string().optional() })
  .strict()
  .superRefine((h, ctx) => {
    const places = italianHolidayPlaces();
    const known = (entries: Iterable<[string, string]>) => [...entries].map(([code, name]) => `${code} (${name})`).join(', ');
    if (h.region === undefined) {
      if (h.city !== undefined) ctx.addIssue({ code: 'custom', path: ['city'], message: 'a city needs its region: give region too' });
      return;
    }
    const region = places.get(h.region);
    if (region === undefined) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: `"${h.region}" is not a region with holidays of its own; known: ${known([...places].map(([c, p]) => [c, p.name]))}` });
      return;
    }
    if (h.city !== undefined && !(h.city in region.cities)) {
      const cities = Object.entries(region.cities);
      ctx.addIssue({ code: 'custom', path: ['city'], message: `"${h.city}" is not a city with holidays of its own in region ${h.region} (${region.name}); ${cities.length ? `known: ${known(cities)}` : 'it has none'}` });
    }
  });
const DAY_KEY = /^(sun|mon|tue|wed|thu|fri|sat)(-(sun|mon|tue|wed|thu|fri|sat))?$/;

export const scheduleSchema = z
  .object({
    description: z.string().optional(),
    /** Weekly hours: day or day range → time ranges. Days not listed are closed. */
    hours: keyed(DAY_KEY, 'a day (mon) or a range of days (mon-fri)', z.array(range)),
    /** Public holidays: Italy's, plus those of a region and city (date-holidays codes, e.g. 25 / MI). */
    holidays: holidaysSchema.default({ country: 'IT' }),
    /** More holidays every year: MM-DD. */
    local: z.array(z.object({ date: z.string().regex(/^\d{2}-\d{2}$/, 'MM-DD'), name: z.string() }).strict()).default([]),
    /**
     * Closures decided at short notice (a strike, snow): from/to in Rome time, a day (whole day) or a
     * day and a time; the service is closed meanwhile, whatever the hours, holidays and exceptions
     * say, and callers hear the message once when the flow checks this schedule.
     */
    closures: z
      .array(
        z
          .object({
            from: moment,
            to: moment,
            name: z.string().trim().min(1).max(80),
            message: z.string().trim().min(1).max(600).optional(),
          })
          .strict()
          // (A bound that is not a moment is reported by its own check, not as an order.)
          .refine((c) => !MOMENT.test(c.from) || !MOMENT.test(c.to) || startOf(c.from) < endOf(c.to), { path: ['to'], message: 'the closure ends before it starts (from and to are Rome times; a day alone means the whole day)' }),
      )
      .default([]),
    /** Special days: YYYY-MM-DD with their own hours, or closed. */
    exceptions: z
      .array(z.object({ date: z.iso.date(), name: z.string(), hours: z.union([z.array(range), z.literal('closed')]) }).strict())
      .default([]),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    // Two ranges of one day that overlap (also from two keys, e.g. mon-fri and mon) are a typo.
    for (const day of DAYS) {
      const keys = Object.keys(schedule.hours).filter((k) => daysOf(k).includes(day));
      const clash = overlapping(keys.flatMap((k) => schedule.hours[k] ?? []));
      if (clash !== undefined) ctx.addIssue({ code: 'custom', path: ['hours', keys.at(-1) as string], message: `${day}: ${clash} overlap${keys.length > 1 ? ` (${keys.join(' and ')} both cover ${day})` : ''}` });
    }
    const dates = new Map<string, number>();
    schedule.exceptions.forEach((e, i) => {
      const first = dates.get(e.date);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'date'], message: `${e.date} already has an exception (number ${first + 1}, "${schedule.exceptions[first]?.name}"): one per day` });
      else dates.set(e.date, i);
      const clash = e.hours === 'closed' ? undefined : overlapping(e.hours);
      if (clash !== undefined) ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'hours'], message: `${clash} overlap` });
    });
  });

export type Schedule = z.infer<typeof scheduleSchema>;
export type ScheduleState = 'open' | 'closed' | 'holiday' | 'emergency';

export interface ScheduleStatus {
  readonly state: ScheduleState;
  /** The state ignoring emergencies: what the hours and holidays alone say. */
  readonly base: Exclude<ScheduleState, 'emergency'>;
  /** Why, in words: the closure's, holiday's or exception's name, or the hours that apply. */
  readonly reason: string;
  /** The closure in force, if one is. */
  readonly closure?: { readonly name: string; readonly message?: string };
}

/** Answers "is this date a public holiday here?" (implemented with date-holidays). */
export interface HolidayCalendar {
  holidayName(date: string, where: Schedule['holidays']): string | undefined;
}

interface LocalTime {
  readonly date: string; // YYYY-MM-DD
  readonly day: Day;
  readonly minutes: number; // since local midnight
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

/**
 * Rome's date, weekday and hour of each UTC hour already asked (Intl's formatting costs a few
 * microseconds, and a month's report asks it for every call). Rome's offset from UTC is a whole
 * number of hours all year, so within one UTC hour only the minutes move, as in UTC.
 */
const HOURS = new Map<number, { date: string; day: Day; hour: number }>();
const HOURS_KEPT = 50_000;

export function localTime(at: Date): LocalTime {
  const ms = at.getTime();
  const utcHour = Math.floor(ms / 3_600_000);
  let h = HOURS.get(utcHour);
  if (h === undefined) {
    const parts = Object.fromEntries(formatter.formatToParts(new Date(utcHour * 3_600_000)).map((p) => [p.type, p.value]));
    h = { date: `${parts.year}-${parts.month}-${parts.day}`, day: (parts.weekday ?? 'Sun').toLowerCase().slice(0, 3) as Day, hour: Number(parts.hour) };
    if (HOURS.size >= HOURS_KEPT) HOURS.clear();
    HOURS.set(utcHour, h);
  }
  return { date: h.date, day: h.day, minutes: h.hour * 60 + Math.floor((ms - utcHour * 3_600_000) / 60_000) };
}

/** Minutes since midnight of an "HH:MM" wall-clock time. */
export function clockMinutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

export function localDate(at: Date): string {
  return localTime(at).date;
}

/** The days a key of weekly hours covers: "mon" or a range like "mon-fri" (wrapping past Sunday). */
export function daysOf(key: string): Day[] {
  const [from, to] = key.split('-') as [Day, Day | undefined];
  if (to === undefined) return [from];
  const out: Day[] = [];
  for (let i = DAYS.indexOf(from); ; i = (i + 1) % 7) {
    out.push(DAYS[i] as Day);
    if (DAYS[i] === to) return out;
  }
}

function within(ranges: readonly string[], minutes: number): string | undefined {
  return ranges.find((r) => {
    const [a, b] = r.split('-') as [string, string];
    return minutes >= clockMinutes(a) && minutes < clockMinutes(b);
  });
}

export function scheduleState(schedule: Schedule, at: Date, holidays: HolidayCalendar, emergency: boolean): ScheduleStatus {
  const base = baseState(schedule, at, holidays);
  return emergency ? { ...base, state: 'emergency', base: base.state, reason: `emergency announcement active (${base.reason})` } : { ...base, base: base.state };
}

function baseState(schedule: Schedule, at: Date, holidays: HolidayCalendar): Omit<ScheduleStatus, 'base' | 'state'> & { state: Exclude<ScheduleState, 'emergency'> } {
  const t = localTime(at);
  const now = `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
  const closure = schedule.closures.find((c) => startOf(c.from) <= now && now < endOf(c.to));
  if (closure) return { state: 'closed', reason: `${closure.name} (closed from ${closure.from} to ${closure.to})`, closure: { name: closure.name, ...(closure.message === undefined ? {} : { message: closure.message }) } };
  const exception = schedule.exceptions.find((e) => e.date === t.date);
  if (exception) {
    const open = exception.hours === 'closed' ? undefined : within(exception.hours, t.minutes);
    return open ? { state: 'open', reason: `${exception.name} ${open}` } : { state: 'closed', reason: exception.name };
  }
  const local = schedule.local.find((h) => h.date === t.date.slice(5));
  const holiday = local?.name ?? holidays.holidayName(t.date, schedule.holidays);
  if (holiday !== undefined) return { state: 'holiday', reason: holiday };
  const ranges = Object.entries(schedule.hours).flatMap(([key, r]) => (daysOf(key).includes(t.day) ? r : []));
  const open = within(ranges, t.minutes);
  return open ? { state: 'open', reason: `${t.day} ${open}` } : { state: 'closed', reason: ranges.length ? `${t.day} outside ${ranges.join(', ')}` : `closed on ${t.day}` };
}

/** The instant at which Rome's wall clock shows `local` ("YYYY-MM-DD HH:MM"), DST included. */
export function romeInstant(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) throw new Error(`"${local}" is not a local date and time (YYYY-MM-DD HH:MM)`);
  const wanted = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let guess = wanted;
  // Two corrections reach the right offset on both sides of a DST change.
  for (let i = 0; i < 2; i++) {
    const t = localTime(new Date(guess));
    const shown = Date.UTC(Number(t.date.slice(0, 4)), Number(t.date.slice(5, 7)) - 1, Number(t.date.slice(8, 10)), Math.floor(t.minutes / 60), t.minutes % 60);
    guess += wanted - shown;
  }
  return new Date(guess);
}
