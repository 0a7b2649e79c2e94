/**
 * The staffing plan callbacks are booked against (pure): agents scheduled per weekday and time
 * range, with dated exceptions (a strike, a training day), on Rome's clock. `agentsAt` answers
 * how many agents the plan gives a slot; the slot capacity (slots.ts) takes its callback share.
 * Forecast and staffing proper will write this plan later; until then supervisors write it.
 */
import { z } from 'zod';
import { keyed } from '../shared/keyed.js';
import { clockMinutes, daysOf, localTime } from '../shared/schedule.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM');
const shift = z
  .object({ from: time, to: time, agents: z.number().int().min(0).max(10_000) })
  .strict()
  .refine((s) => clockMinutes(s.from) < clockMinutes(s.to), { message: 'from must come before to', path: ['to'] });
const DAY_KEY = /^(sun|mon|tue|wed|thu|fri|sat)(-(sun|mon|tue|wed|thu|fri|sat))?$/;

export const staffingPlanSchema = z
  .object({
    /** Weekly plan: day or day range → shifts (agents working from–to). Overlapping shifts add up. */
    week: keyed(DAY_KEY, 'a day (mon) or a range of days (mon-fri)', z.array(shift)),
    /** Dated plans replacing the week's for that day (YYYY-MM-DD → shifts; [] for nobody). */
    days: z.record(z.iso.date(), z.array(shift)).default({}),
  })
  .strict();
export type StaffingPlan = z.infer<typeof staffingPlanSchema>;

/** Agents the plan schedules at this instant (the sum of the shifts covering it). */
export function agentsAt(plan: StaffingPlan, at: Date): number {
  const t = localTime(at);
  const shifts = plan.days[t.date] ?? Object.entries(plan.week).flatMap(([key, s]) => (daysOf(key).includes(t.day) ? s : []));
  return shifts.reduce((n, s) => (t.minutes >= clockMinutes(s.from) && t.minutes < clockMinutes(s.to) ? n + s.agents : n), 0);
}
