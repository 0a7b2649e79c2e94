/**
 * The staffing plan callbacks are booked against (pure): agents scheduled per weekday and time
 * range, with dated exceptions (a strike, a training day), on Rome's clock. `agentsAt` answers
 * how many agents the plan gives a slot; the slot capacity (slots.ts) takes its callback share.
 * Forecast and staffing proper will write this plan later; until then supervisors write it.
 */
import { z } from 'zod';
import { keyed } from '../ivr/keyed.js';
import { localTime } from '../ivr/schedule.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM');
const shift = z
  .object({ from: time, to: time, agents: z.number().int().min(0).max(10_000) })
  .strict()
  .refine((s) => minutes(s.from) < minutes(s.to), { message: 'from must come before to', path: ['to'] });
const DAY_KEY = /^(sun|mon|tue|wed|thu|fri|sat)(-(sun|mon|tue|wed|thu|fri|sat))?$/;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const staffingPlanSchema = z
  .object({
    /** Weekly plan: day or day range → shifts (agents working from–to). Overlapping shifts add up. */
    week: keyed(DAY_KEY, 'a day (mon) or a range of days (mon-fri)', z.array(shift)),
    /** Dated plans replacing the week's for that day (YYYY-MM-DD → shifts; [] for nobody). */
    days: z.record(z.iso.date(), z.array(shift)).default({}),
  })
  .strict();
export type StaffingPlan = z.infer<typeof staffingPlanSchema>;

function minutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

function daysOf(key: string): string[] {
  const [from, to] = key.split('-') as [string, string | undefined];
  if (to === undefined) return [from];
  const out: string[] = [];
  for (let i = DAYS.indexOf(from as (typeof DAYS)[number]); ; i = (i + 1) % 7) {
    out.push(DAYS[i] as string);
    if (DAYS[i] === to) return out;
  }
}

/** Agents the plan schedules at this instant (the sum of the shifts covering it). */
export function agentsAt(plan: StaffingPlan, at: Date): number {
  const t = localTime(at);
  const shifts = plan.days[t.date] ?? Object.entries(plan.week).flatMap(([key, s]) => (daysOf(key).includes(t.day) ? s : []));
  return shifts.reduce((n, s) => (t.minutes >= minutes(s.from) && t.minutes < minutes(s.to) ? n + s.agents : n), 0);
}
