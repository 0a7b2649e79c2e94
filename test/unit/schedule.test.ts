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

  describe('closures (a strike, snow), decided at short notice', () => {
    const closed = scheduleSchema.parse({
      ...cc,
      closures: [
        { from: '2026-11-23', to: '2026-11-23', name: 'Sciopero', message: 'Oggi il servizio è chiuso per sciopero.' },
        { from: '2026-11-24 12:00', to: '2026-11-24 16:00', name: 'Neve' },
        { from: '2026-12-07', to: '2026-12-24', name: 'Trasloco della sede' },
      ],
    });
    const at = (iso: string, emergency = false) => scheduleState(closed, new Date(iso), holidays, emergency);

    it('a whole day: closed with the closure and its message, open the days around it', () => {
      expect(at('2026-11-22T22:59:00Z').closure).toBeUndefined(); // Sun 23:59
      expect(at('2026-11-22T23:00:00Z')).toEqual({
        state: 'closed',
        base: 'closed',
        reason: 'Sciopero (closed from 2026-11-23 to 2026-11-23)',
        closure: { name: 'Sciopero', message: 'Oggi il servizio è chiuso per sciopero.' },
      });
      expect(at('2026-11-23T18:59:00Z').closure?.name).toBe('Sciopero'); // Mon 19:59
      expect(at('2026-11-25T09:00:00Z').reason).toBe('Sciopero'); // the exception of the 25th, not the closure
    });

    it('from a time to a time (Rome): the end is excluded', () => {
      expect(at('2026-11-24T10:59:00Z').state).toBe('open'); // 11:59
      expect(at('2026-11-24T11:00:00Z')).toMatchObject({ state: 'closed', closure: { name: 'Neve' } }); // 12:00
      expect(at('2026-11-24T14:59:00Z').state).toBe('closed'); // 15:59
      expect(at('2026-11-24T15:00:00Z').state).toBe('open'); // 16:00
    });

    it('wins over holidays and exceptions; an emergency still wins over it, keeping the closure known', () => {
      expect(at('2026-12-07T09:00:00Z')).toMatchObject({ state: 'closed', closure: { name: 'Trasloco della sede' } }); // Sant'Ambrogio
      expect(at('2026-12-24T09:00:00Z')).toMatchObject({ state: 'closed', closure: { name: 'Trasloco della sede' } }); // Vigilia exception
      expect(at('2026-11-23T09:00:00Z', true)).toMatchObject({ state: 'emergency', base: 'closed', closure: { name: 'Sciopero' } });
    });

    it('refuses a closure that ends before it starts, and a bound that is not a day or a day and a time', () => {
      const issues = (closures: unknown) => scheduleSchema.safeParse({ hours: {}, closures }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      expect(issues([{ from: '2026-11-24 16:00', to: '2026-11-24 12:00', name: 'Neve' }])).toEqual([expect.stringMatching(/^closures\.0\.to: the closure ends before it starts/)]);
      expect(issues([{ from: '24/11/2026', to: '2026-11-24', name: 'Neve' }])).toEqual([expect.stringMatching(/^closures\.0\.from: a day \(YYYY-MM-DD\) or a day and a time/)]);
      // One day, from its start to its end, is a closure of that whole day.
      expect(issues([{ from: '2026-11-24', to: '2026-11-24', name: 'Neve' }])).toBeUndefined();
    });
  });

  it('rejects badly written hours, saying how to write them', () => {
    const r = scheduleSchema.safeParse({ hours: { weekdays: ['8-20'] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['hours.weekdays.0: hours as HH:MM-HH:MM, e.g. 08:30-12:30', 'hours.weekdays: "weekdays": a day (mon) or a range of days (mon-fri)']);
  });
});
