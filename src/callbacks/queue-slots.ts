/**
 * A queue's callback times (pure): when its callbacks may be dialled (`callbacks.hours`), and
 * which slots it offers for callbacks at a chosen time (`callbacks.slots` with its staffing
 * plan). Used by the engine (with what is booked in Redis) and by the flow simulator (nothing
 * booked), so both offer the same slots.
 */
import type { QueueDefinition } from '../acd/index.js';
import { scheduleState, type HolidayCalendar, type Schedule } from '../shared/schedule.js';
import { freeSlots, slotInItalian, type Slot, type SlotRules } from './slots.js';
import { agentsAt, type StaffingPlan } from './staffing.js';

/**
 * The hours a queue's callbacks follow: its own `callbacks.hours`, or the schedule of
 * schedules.yaml it names (`callbacks.schedule`: hours, holidays and closures, as published);
 * undefined: at any time.
 */
export function callbackHours(def: QueueDefinition, schedules: ReadonlyMap<string, Schedule>): Schedule | undefined {
  if (def.callbacks.schedule === undefined) return def.callbacks.hours;
  const schedule = schedules.get(def.callbacks.schedule);
  // The checks refuse a queues.yaml or schedules.yaml that would leave this unresolved.
  if (!schedule) throw new Error(`callbacks.schedule: "${def.callbacks.schedule}" is not a schedule of schedules.yaml`);
  return schedule;
}

/** Open at that instant by the callback hours (always, without hours). */
export function isOpenAt(schedule: Schedule | undefined, at: Date, holidays: HolidayCalendar): boolean {
  return !schedule || scheduleState(schedule, at, holidays, false).base === 'open';
}

/** The first instant at or after `from` (within 8 days, by whole minutes) when the schedule is open; `from` when there is none. */
export function nextOpening(schedule: Schedule | undefined, from: Date, holidays: HolidayCalendar): Date | undefined {
  if (isOpenAt(schedule, from, holidays)) return from;
  const step = 60_000;
  const until = from.getTime() + 8 * 86_400_000;
  for (let t = Math.ceil(from.getTime() / step) * step; t < until; t += step) {
    if (isOpenAt(schedule, new Date(t), holidays)) return new Date(t);
  }
  return undefined;
}

export type QueueSlotRules = SlotRules & { readonly staffing: StaffingPlan };

/** The slot rules of a queue; undefined when it takes no callbacks at a chosen time. */
export function queueSlotRules(def: QueueDefinition): QueueSlotRules | undefined {
  const s = def.callbacks.slots;
  if (!s) return undefined;
  return { slotMinutes: s.slotMinutes, handleSeconds: s.handleSeconds, callbackShare: def.callbacks.share, leadMinutes: s.leadMinutes, horizonDays: s.horizonDays, staffing: s.staffing };
}

/** The starts of every slot that may be offered from now (before hours and capacity are checked). */
export function slotStarts(rules: SlotRules, now: Date): number[] {
  const slotMs = rules.slotMinutes * 60_000;
  const first = Math.ceil((now.getTime() + rules.leadMinutes * 60_000) / slotMs) * slotMs;
  const starts: number[] = [];
  for (let t = first; t < now.getTime() + rules.horizonDays * 86_400_000; t += slotMs) starts.push(t);
  return starts;
}

/** A queue's next free slots, earliest first, given what is booked in each (by slot start). */
export function queueFreeSlots(hours: Schedule | undefined, rules: QueueSlotRules, now: Date, holidays: HolidayCalendar, booked: ReadonlyMap<number, number>, limit: number): Slot[] {
  return freeSlots({ now, rules, limit, isOpen: (t) => isOpenAt(hours, t, holidays), agentsAt: (t) => agentsAt(rules.staffing, t), booked: (t) => booked.get(t.getTime()) ?? 0 });
}

/** How a callback's time is told to the caller: its slot, a retry's time, or in turn. */
export function callbackWhen(cb: { readonly kind: string; readonly slotStart?: number; readonly dueAt: number }, now: Date): string {
  if (cb.kind === 'scheduled' && cb.slotStart !== undefined) return slotInItalian(new Date(cb.slotStart), now);
  // A keep-my-place callback waiting for a retry (or for the service to open) is told its time.
  if (cb.dueAt > now.getTime() + 60_000) return slotInItalian(new Date(Math.ceil(cb.dueAt / 60_000) * 60_000), now);
  return 'appena sarà il suo turno';
}
