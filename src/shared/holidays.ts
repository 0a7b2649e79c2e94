/**
 * Italian public holidays through date-holidays (maintained, with regional and city holidays such
 * as Milan's Sant'Ambrogio). Only public holidays count, not observances like Mother's Day.
 */
import Holidays from 'date-holidays';
import type { HolidayCalendar, Schedule } from './schedule.js';

export class ItalianHolidays implements HolidayCalendar {
  private readonly cache = new Map<string, Map<string, string>>();

  holidayName(date: string, where: Schedule['holidays']): string | undefined {
    const year = Number(date.slice(0, 4));
    const key = `${where.country}/${where.region ?? ''}/${where.city ?? ''}/${year}`;
    let days = this.cache.get(key);
    if (!days) {
      const calendar = where.city !== undefined && where.region !== undefined ? new Holidays(where.country, where.region, where.city) : where.region !== undefined ? new Holidays(where.country, where.region) : new Holidays(where.country);
      days = new Map(calendar.getHolidays(year).filter((h) => h.type === 'public').map((h) => [h.date.slice(0, 10), h.name]));
      this.cache.set(key, days);
    }
    return days.get(date);
  }
}

/** The regions and cities whose own holidays the library knows: region code → name and cities (code → name). */
export interface HolidayPlace {
  readonly name: string;
  readonly cities: Readonly<Record<string, string>>;
}

let places: ReadonlyMap<string, HolidayPlace> | undefined;

/** Italy's regions and cities with holidays of their own in date-holidays (e.g. 25 Lombardia, MI Milano). */
export function italianHolidayPlaces(): ReadonlyMap<string, HolidayPlace> {
  if (places === undefined) {
    const hd = new Holidays();
    places = new Map(Object.entries(hd.getStates('IT') ?? {}).map(([code, name]) => [code, { name, cities: hd.getRegions('IT', code) ?? {} }]));
  }
  return places;
}
