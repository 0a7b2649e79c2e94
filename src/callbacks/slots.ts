/**
 * Callback slots (pure): how many callbacks a slot can take, which slots are free to offer a
 * caller, and how a slot is said in Italian. A slot's capacity is the callback share of the
 * scheduled agents' time in it, in whole expected calls, minus what is already booked — so
 * booked callbacks never take more agents than the staffing plan gives them, and live callers
 * keep the rest.
 */
import { localDate, localTime } from '../shared/schedule.js';

export interface SlotRules {
  /** Slot length; divides an hour (15, 20, 30, 60). */
  readonly slotMinutes: number;
  /** Expected handle time of a callback, seconds. */
  readonly handleSeconds: number;
  /** Share of the scheduled agents' time booked callbacks may take (0–1). */
  readonly callbackShare: number;
  /** The earliest slot offered starts at least this long after now. */
  readonly leadMinutes: number;
  /** How far ahead slots are offered. */
  readonly horizonDays: number;
}

export interface Slot {
  readonly start: Date;
  readonly end: Date;
  readonly capacity: number;
  readonly booked: number;
  readonly free: number;
}

export interface SlotInput {
  readonly now: Date;
  readonly rules: SlotRules;
  /** Agents the staffing plan schedules for the slot starting then. */
  readonly agentsAt: (start: Date) => number;
  /** Open at that instant (opening hours and holidays of the service's schedule). */
  readonly isOpen: (at: Date) => boolean;
  /** Callbacks already booked in the slot starting then. */
  readonly booked: (start: Date) => number;
  /** At most this many slots. */
  readonly limit: number;
}

/** Whole callbacks a slot can take with this many agents scheduled. */
export function slotCapacity(agents: number, rules: SlotRules): number {
  if (agents <= 0 || rules.handleSeconds <= 0) return 0;
  return Math.floor((agents * rules.slotMinutes * 60 * rules.callbackShare) / rules.handleSeconds);
}

/** The next free slots, earliest first: open for the whole slot, with capacity left. */
export function freeSlots(input: SlotInput): Slot[] {
  const { rules } = input;
  if (60 % rules.slotMinutes !== 0) throw new Error(`slotMinutes ${rules.slotMinutes} must divide an hour`);
  const slotMs = rules.slotMinutes * 60_000;
  // Rome's offset is whole hours, so a grid aligned on the epoch is aligned on Rome's clock too.
  let start = Math.ceil((input.now.getTime() + rules.leadMinutes * 60_000) / slotMs) * slotMs;
  const until = input.now.getTime() + rules.horizonDays * 86_400_000;
  const out: Slot[] = [];
  for (; start < until && out.length < input.limit; start += slotMs) {
    const from = new Date(start);
    const end = new Date(start + slotMs);
    if (!input.isOpen(from) || !input.isOpen(new Date(start + slotMs - 60_000))) continue;
    const capacity = slotCapacity(input.agentsAt(from), rules);
    const booked = input.booked(from);
    if (capacity - booked > 0) out.push({ start: from, end, capacity, booked, free: capacity - booked });
  }
  return out;
}

const WEEKDAYS: Readonly<Record<string, string>> = { mon: 'lunedì', tue: 'martedì', wed: 'mercoledì', thu: 'giovedì', fri: 'venerdì', sat: 'sabato', sun: 'domenica' };
const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

/** "oggi alle 15", "domani alle 10 e 30", "lunedì 30 novembre alle 9" (Rome's clock). */
export function slotInItalian(start: Date, now: Date): string {
  return `${dayInItalian(start, now)} ${timeInItalian(start)}`;
}

/** "alle 10", "alle 10 e 30" (Rome's clock). */
export function timeInItalian(start: Date): string {
  const t = localTime(start);
  const hour = Math.floor(t.minutes / 60);
  const minute = t.minutes % 60;
  return minute === 0 ? `alle ${hour}` : `alle ${hour} e ${minute}`;
}

/** "oggi", "domani", "lunedì 30 novembre", "martedì primo dicembre" (Rome's calendar). */
export function dayInItalian(start: Date, now: Date): string {
  const t = localTime(start);
  const today = localDate(now);
  // Noon today plus a day is tomorrow whatever the DST change.
  const noon = new Date(now.getTime() + (12 * 60 - localTime(now).minutes) * 60_000);
  const tomorrow = localDate(new Date(noon.getTime() + 86_400_000));
  if (t.date === today) return 'oggi';
  if (t.date === tomorrow) return 'domani';
  const day = Number(t.date.slice(8, 10));
  return `${WEEKDAYS[t.day] ?? t.day} ${day === 1 ? 'primo' : day} ${MONTHS[Number(t.date.slice(5, 7)) - 1] ?? ''}`;
}
