/**
 * How a caller chooses a callback's day and time on the keypad: the free slots read by day, a few
 * at a time ("Per domani: alle 10, prema 1; alle 10 e 30, prema 2"); 9 for more times that day,
 * 8 for the next day with free slots, 7 for the day before; 0 to key a day of the month and an
 * hour directly (2 5 1 0 # for the 25th at 10), then 1 to confirm the slot found.
 */
import { dayInItalian, timeInItalian } from '../../callbacks/index.js';
import { localTime } from '../../shared/schedule.js';
import { readKeys } from './common.js';
import type { IvrSlot, NodeRuntime } from './node.js';

export interface SlotDay {
  /** YYYY-MM-DD, Rome. */
  readonly date: string;
  /** "oggi", "domani", "lunedì 30 novembre". */
  readonly label: string;
  readonly slots: readonly IvrSlot[];
}

/** The slots grouped by Rome day, in order. */
export function slotDays(slots: readonly IvrSlot[], now: Date): SlotDay[] {
  const days: { date: string; label: string; slots: IvrSlot[] }[] = [];
  for (const slot of slots) {
    const date = localTime(slot.start).date;
    const last = days.at(-1);
    if (last?.date === date) last.slots.push(slot);
    else days.push({ date, label: dayInItalian(slot.start, now), slots: [slot] });
  }
  return days;
}

/**
 * The slot for keys like "2510" (the 25th at 10), "510" (the 5th at 10) or "59" (the 5th at 9):
 * the hour is the last two digits (one, when only two are keyed), the day of the month the rest.
 * The first free slot of that day at that hour or later that day; undefined when there is none;
 * 'invalid' when the keys are no day and hour.
 */
export function slotForKeys(days: readonly SlotDay[], keys: string): IvrSlot | undefined | 'invalid' {
  if (!/^\d{2,4}$/.test(keys)) return 'invalid';
  const split = keys.length === 2 ? 1 : keys.length - 2;
  const [day, hour] = [Number(keys.slice(0, split)), Number(keys.slice(split))];
  if (day < 1 || day > 31 || hour > 23) return 'invalid';
  const sameDay = days.find((d) => Number(d.date.slice(8, 10)) === day);
  return sameDay?.slots.find((s) => localTime(s.start).minutes >= hour * 60);
}

interface Choosing {
  readonly slotsOffered: number;
  readonly retries: number;
  readonly timeoutSeconds: number;
}

const [PREVIOUS_DAY, NEXT_DAY, MORE, KEY_IT] = ['7', '8', '9', '0'];

/** Reads the choices and waits for keys; the chosen slot, or undefined after the retries. */
export async function chooseSlot(node: Choosing, rt: NodeRuntime, slots: readonly IvrSlot[]): Promise<IvrSlot | undefined> {
  const days = slotDays(slots, rt.now());
  const key = () => rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);
  let [day, offset] = [0, 0];
  for (let failures = 0; failures <= node.retries; ) {
    const current = days[day] as SlotDay;
    const page = current.slots.slice(offset, offset + node.slotsOffered);
    const more = current.slots.length > node.slotsOffered;
    const sentences = [`Per ${current.label}: ${page.map((s, i) => `${timeInItalian(s.start)}, prema ${i + 1}`).join('; ')}.`];
    if (more) sentences.push(`Per altri orari di ${current.label}, prema 9.`);
    if (day + 1 < days.length) sentences.push('Per il giorno dopo, prema 8.');
    if (day > 0) sentences.push('Per il giorno prima, prema 7.');
    sentences.push('Per dire il giorno e l\'ora, prema 0.');
    await rt.play(await Promise.all(sentences.map((s) => rt.speak(s))), true);
    const pressed = await key();
    if (pressed === MORE && more) {
      // Past the day's last times, back to its first.
      offset = offset + node.slotsOffered < current.slots.length ? offset + node.slotsOffered : 0;
      continue;
    }
    if (pressed === NEXT_DAY && day + 1 < days.length) [day, offset] = [day + 1, 0];
    else if (pressed === PREVIOUS_DAY && day > 0) [day, offset] = [day - 1, 0];
    else if (pressed === KEY_IT) {
      const found = await keyedSlot(node, rt, days);
      if (found !== undefined) return found;
      failures++;
    } else {
      const chosen = pressed !== undefined && /^[1-6]$/.test(pressed) ? page[Number(pressed) - 1] : undefined;
      if (chosen) return chosen;
      failures++;
      rt.digits.clear();
    }
  }
  return undefined;
}

/** The caller keys a day and an hour; the slot found is read and confirmed with 1. */
async function keyedSlot(node: Choosing, rt: NodeRuntime, days: readonly SlotDay[]): Promise<IvrSlot | undefined> {
  rt.digits.clear();
  await rt.play([await rt.speak("Digiti il giorno del mese e l'ora, poi cancelletto. Per esempio, per il 25 alle 10: 2, 5, 1, 0, cancelletto.")], true);
  // Up to the # (a fifth digit is a mistake, said as such).
  const keys = await readKeys(rt, { timeoutMs: node.timeoutSeconds * 1000, interDigitMs: 5000, terminator: '#', maxDigits: 5 });
  const found = keys === undefined ? 'invalid' : slotForKeys(days, keys);
  if (found === 'invalid' || found === undefined) {
    await rt.play([await rt.speak(found === 'invalid' ? 'Non ho capito il giorno e l\'ora.' : 'Quel giorno, da quell\'ora, non ci sono orari liberi.')], false);
    return undefined;
  }
  await rt.play([await rt.speak(`Il primo orario libero è ${found.spoken}. Per confermare, prema 1. Per scegliere ancora, prema 2.`)], true);
  return (await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId)) === '1' ? found : undefined;
}
