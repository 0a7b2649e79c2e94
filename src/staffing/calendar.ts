/**
 * The forecast's calendar from a schedule of schedules.yaml (pure): a day is a holiday when the
 * schedule's holidays (Italian, and the local ones it names) say so, and closed when no half
 * hour of it is open (a holiday kept closed, a closure, a day the hours never open).
 */
import { romeInstant, scheduleState, type HolidayCalendar, type Schedule } from '../shared/schedule.js';
import { SLOTS, type Calendar } from './forecast.js';

const slotTime = (slot: number) => `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}`;

export function scheduleCalendar(schedule: Schedule | undefined, holidays: HolidayCalendar): Calendar {
  const memo = new Map<string, { closed: boolean; holiday: boolean }>();
  return (day) => {
    let facts = memo.get(day);
    if (!facts) {
      // Without a schedule: Italian holidays only, and never closed (the history shows when nobody calls).
      const holiday = holidays.holidayName(day, schedule?.holidays ?? { country: 'IT' }) !== undefined;
      let open = schedule === undefined;
      for (let s = 0; !open && s < SLOTS; s++) open = scheduleState(schedule as Schedule, romeInstant(`${day} ${slotTime(s)}`), holidays, false).state === 'open';
      facts = { closed: !open, holiday };
      memo.set(day, facts);
    }
    return facts;
  };
}
