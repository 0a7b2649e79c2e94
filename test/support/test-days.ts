/**
 * The days the end-to-end engine runs on, computed from the real date so that the suite passes on
 * any day: the next Monday morning on which every service in ivr-flows/schedules.yaml is open (not
 * Sant'Ambrogio, Christmas or Easter Monday), and the next Sunday on which they are all closed.
 * The engine's clock starts there and runs; Redis keeps the real time (durations only, see
 * src/store/redis.ts). Calendar cases (holidays, DST) are unit and simulator tests.
 */
import { loadSettings } from '../../src/ivr/catalog.js';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { localTime, romeInstant, scheduleState } from '../../src/shared/schedule.js';
import { paths } from '../../scripts/stack/paths.js';

type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The next `day` at `time` (Rome) after the real date on which every schedule is `want`. */
export function nextRomeDay(day: Day, time: string, want: 'open' | 'closed', from: Date = new Date()): Date {
  const schedules = [...loadSettings(paths.flowsDir).schedules.values()];
  const holidays = new ItalianHolidays();
  for (let i = 1; i <= 366; i++) {
    const date = localTime(new Date(from.getTime() + i * 86_400_000)).date;
    const at = romeInstant(`${date} ${time}`);
    if (localTime(at).day !== day) continue;
    const states = schedules.map((s) => scheduleState(s, at, holidays, false).base);
    if (states.every((s) => (want === 'open' ? s === 'open' : s !== 'open'))) return at;
  }
  throw new Error(`no ${day} at ${time} in the coming year on which every schedule in ivr-flows/schedules.yaml is ${want}`);
}

/** "YYYY-MM-DD HH:MM" on Rome's wall clock (what the simulator and the CLI take). */
export function romeLocal(at: Date): string {
  const t = localTime(at);
  return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
}

/** The next Monday (after today) at 10:00 in Rome on which 020202 and the numero verde are open. */
export const MONDAY_MORNING = nextRomeDay('mon', '10:00', 'open');
/** The next Sunday (after today) at 11:00 in Rome: every service is closed. */
export const SUNDAY = nextRomeDay('sun', '11:00', 'closed');
