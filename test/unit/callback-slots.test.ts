/** Callback slot capacity and the slots offered to a caller, as pure functions on Rome's clock. */
import { describe, expect, it } from 'vitest';
import { freeSlots, slotCapacity, slotInItalian, type SlotRules } from '../../src/callbacks/slots.js';
import { callbackWhen } from '../../src/callbacks/queue-slots.js';
import { localTime, romeInstant } from '../../src/shared/schedule.js';

const RULES: SlotRules = { slotMinutes: 30, handleSeconds: 300, callbackShare: 0.2, leadMinutes: 30, horizonDays: 7 };

describe('slot capacity', () => {
  it.each([
    [0, 0],
    [1, 1], // 1 agent × 1800 s × 0.2 / 300 s = 1.2 → 1
    [5, 6],
    [10, 12],
    [-1, 0],
  ])('%i agents scheduled → %i callbacks per 30-minute slot', (agents, expected) => {
    expect(slotCapacity(agents, RULES)).toBe(expected);
  });

  it('a longer handle time or a smaller share leaves fewer', () => {
    expect(slotCapacity(10, { ...RULES, handleSeconds: 600 })).toBe(6);
    expect(slotCapacity(10, { ...RULES, callbackShare: 0.1 })).toBe(6);
  });
});

/** Monday–Friday 8:30–13:00 and 14:00–17:00; Saturday 8:30–12:30 (a typical contact-center week). */
function openAt(at: Date): boolean {
  const t = localTime(at);
  const m = t.minutes;
  if (t.date === '2026-12-08') return false; // Sant'Ambrogio, Milan's holiday
  if (t.day === 'sun') return false;
  if (t.day === 'sat') return m >= 510 && m < 750;
  return (m >= 510 && m < 780) || (m >= 840 && m < 1020);
}

describe('free slots', () => {
  const slots = (now: string, booked: Record<string, number> = {}, agents = 5, limit = 6) =>
    freeSlots({ now: romeInstant(now), rules: RULES, agentsAt: () => agents, isOpen: openAt, booked: (s) => booked[localTimeLabel(s)] ?? 0, limit }).map((s) => `${localTimeLabel(s.start)} ${s.free}`);
  const localTimeLabel = (d: Date) => {
    const t = localTime(d);
    return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
  };

  it('start after the lead time, on the grid, only while open for the whole slot', () => {
    expect(slots('2026-11-23 11:50', {}, 5, 4)).toEqual(['2026-11-23 12:30 6', '2026-11-23 14:00 6', '2026-11-23 14:30 6', '2026-11-23 15:00 6']);
  });

  it('full slots are skipped; partly booked ones offer what is left', () => {
    expect(slots('2026-11-23 11:50', { '2026-11-23 12:30': 6, '2026-11-23 14:00': 4 }, 5, 2)).toEqual(['2026-11-23 14:00 2', '2026-11-23 14:30 6']);
  });

  it('closed evenings, Sundays and holidays are skipped: Saturday evening → Monday', () => {
    expect(slots('2026-12-05 16:00', {}, 5, 1)).toEqual(['2026-12-07 08:30 6']);
    // Monday 7 December 17:00 → Tuesday 8 is Sant'Ambrogio → Wednesday.
    expect(slots('2026-12-07 16:45', {}, 5, 1)).toEqual(['2026-12-09 08:30 6']);
  });

  it('no agents scheduled, no slots; the horizon bounds the search', () => {
    expect(slots('2026-11-23 10:00', {}, 0)).toEqual([]);
  });

  it('across the change to summer time the grid stays on the local half hours', () => {
    // Saturday 28 March 2026, 12:00: next Monday 30 March (after the change on Sunday 29).
    expect(slots('2026-03-28 12:05', {}, 5, 2)).toEqual(['2026-03-30 08:30 6', '2026-03-30 09:00 6']);
  });
});

describe('slots said in Italian', () => {
  const now = romeInstant('2026-11-23 10:00');
  it.each([
    ['2026-11-23 15:00', 'oggi alle 15'],
    ['2026-11-24 10:30', 'domani alle 10 e 30'],
    ['2026-11-30 09:00', 'lunedì 30 novembre alle 9'],
    ['2026-12-01 08:30', 'martedì primo dicembre alle 8 e 30'],
  ])('%s → %s', (at, said) => {
    expect(slotInItalian(romeInstant(at), now)).toBe(said);
  });

  it('"domani" is the next calendar day across the DST change', () => {
    expect(slotInItalian(romeInstant('2026-03-29 10:00'), romeInstant('2026-03-28 23:30'))).toBe('domani alle 10');
  });
});

describe('when a booked callback is told to a caller', () => {
  const now = romeInstant('2026-11-23 10:00');
  it('a slot by its start; a callback in turn as such; one waiting for a retry or for the service to open by its time', () => {
    expect(callbackWhen({ kind: 'scheduled', slotStart: romeInstant('2026-11-24 10:30').getTime(), dueAt: 0 }, now)).toBe('domani alle 10 e 30');
    expect(callbackWhen({ kind: 'keep_place', dueAt: now.getTime() - 5000 }, now)).toBe('appena sarà il suo turno');
    expect(callbackWhen({ kind: 'keep_place', dueAt: now.getTime() + 30_000 }, now)).toBe('appena sarà il suo turno');
    // A retry due at 10:40:20 is told as 10:41 (never earlier than it is due).
    expect(callbackWhen({ kind: 'keep_place', dueAt: romeInstant('2026-11-23 10:40').getTime() + 20_000 }, now)).toBe('oggi alle 10 e 41');
  });
});
