import { describe, expect, it } from 'vitest';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { localTime, scheduleSchema, scheduleState } from '../../src/shared/schedule.js';

const holidays = new ItalianHolidays();
const cc = scheduleSchema.parse({
  hours: { 'mon-fri': ['08:00-20:00'], sat: ['08:30-13:30'] },
  holidays: { country: 'IT', region: '25', city: 'MI' },
  local: [{ date: '06-24', name: 'Festa del patrono (esempio)' }],
  exceptions: [
    { date: '2026-12-24', name: 'Vigilia di Natale', hours: ['08:00-13:00'] },
    { date: '2026-12-08', name: 'Apertura straordinaria TARI', hours: ['09:00-12:00'] },
    { date: '2026-11-25', name: 'Sciopero', hours: 'closed' },
  ],
});
const state = (iso: string, emergency = false) => scheduleState(cc, new Date(iso), holidays, emergency);

describe('localTime (Europe/Rome)', () => {
  it('is UTC+1 in winter and UTC+2 in summer, whatever the server zone', () => {
    expect(localTime(new Date('2026-01-15T07:30:00Z'))).toEqual({ date: '2026-01-15', day: 'thu', minutes: 8 * 60 + 30 });
    expect(localTime(new Date('2026-07-15T07:30:00Z'))).toEqual({ date: '2026-07-15', day: 'wed', minutes: 9 * 60 + 30 });
  });
  it('crosses midnight into the local date', () => {
    expect(localTime(new Date('2026-06-30T22:30:00Z')).date).toBe('2026-07-01');
  });
});

describe('scheduleState', () => {
  it('opens at 08:00 local on both sides of the spring DST change (29 March 2026)', () => {
    expect(state('2026-03-27T06:59:00Z').state).toBe('closed'); // Fri 07:59 CET
    expect(state('2026-03-27T07:00:00Z').state).toBe('open'); //   Fri 08:00 CET
    expect(state('2026-03-30T05:59:00Z').state).toBe('closed'); // Mon 07:59 CEST
    expect(state('2026-03-30T06:00:00Z').state).toBe('open'); //   Mon 08:00 CEST
  });

  it('closes at 20:00 local after the autumn DST change (25 October 2026)', () => {
    expect(state('2026-10-26T18:59:00Z').state).toBe('open'); //   Mon 19:59 CET
    expect(state('2026-10-26T19:00:00Z').state).toBe('closed'); // Mon 20:00 CET
  });

  it('day ranges and Saturday hours; Sunday is closed', () => {
    expect(state('2026-11-21T08:00:00Z')).toEqual({ state: 'open', base: 'open', reason: 'sat 08:30-13:30' });
    expect(state('2026-11-21T12:30:00Z').state).toBe('closed'); // Sat 13:30, end excluded
    expect(state('2026-11-22T10:00:00Z')).toEqual({ state: 'closed', base: 'closed', reason: 'closed on sun' });
  });

  it('national holidays from the library, with their names', () => {
    expect(state('2026-04-06T09:00:00Z')).toMatchObject({ state: 'holiday', reason: "Lunedì dell'Angelo".replace("'", '’') });
    expect(state('2026-06-02T09:00:00Z').state).toBe('holiday');
    expect(state('2027-03-29T09:00:00Z').state).toBe('holiday'); // Easter Monday 2027
  });

  it("Milan's Sant'Ambrogio, and a local holiday of the schedule", () => {
    expect(state('2026-12-07T09:00:00Z')).toMatchObject({ state: 'holiday', reason: "Sant'Ambrogio" });
    expect(state('2026-06-24T09:00:00Z')).toMatchObject({ state: 'holiday', reason: 'Festa del patrono (esempio)' });
  });

  it('a dated exception sets that day, even on a holiday', () => {
    expect(state('2026-12-24T10:00:00Z')).toMatchObject({ state: 'open', reason: 'Vigilia di Natale 08:00-13:00' });
    expect(state('2026-12-24T12:30:00Z')).toMatchObject({ state: 'closed', reason: 'Vigilia di Natale' });
    expect(state('2026-12-08T09:00:00Z')).toMatchObject({ state: 'open', reason: 'Apertura straordinaria TARI 09:00-12:00' });
    expect(state('2026-11-25T09:00:00Z')).toMatchObject({ state: 'closed', reason: 'Sciopero' });
  });

  it('an emergency wins over holiday, closed and open', () => {
    for (const at of ['2026-12-07T09:00:00Z', '2026-11-22T10:00:00Z', '2026-11-23T10:00:00Z']) expect(state(at, true).state).toBe('emergency');
    // …while the hours alone still say what they say.
    expect(state('2026-11-22T10:00:00Z', true).base).toBe('closed');
  });

  it('rejects badly written hours, saying how to write them', () => {
    const r = scheduleSchema.safeParse({ hours: { weekdays: ['8-20'] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['hours.weekdays.0: hours as HH:MM-HH:MM, e.g. 08:30-12:30', 'hours.weekdays: "weekdays": a day (mon) or a range of days (mon-fri)']);
  });
});
