/**
 * What the forecast and the staffing plan learn from the call records (#24), pure:
 * - **offered calls per half hour**: each queue visit counts in the Rome half hour it entered the
 *   queue (short abandons included: they were offered), per queue and per topic (a call with
 *   several topics counts in each);
 * - per queue, the **handle time** (mean talk + wrap-up of answered visits) and the callers'
 *   **patience**: the exponential patience's maximum-likelihood estimate, abandons divided by the
 *   time every caller spent waiting (answered, abandoned, left or called back: a wait that ended
 *   otherwise is a patience not yet run out). No abandon: patience without end (Erlang C).
 */
import { localTime } from '../shared/schedule.js';
import { SLOTS, type DayCounts } from '../staffing/index.js';
import type { CallRecord } from './call-record.js';

export type ArrivalsBy = 'queue' | 'topic';

/** Offered calls per half hour, per queue or topic, for each day that has any (in day order). */
export function arrivals(records: readonly CallRecord[], by: ArrivalsBy): Map<string, DayCounts[]> {
  const grid = new Map<string, Map<string, number[]>>();
  const add = (group: string, day: string, slot: number) => {
    let days = grid.get(group);
    if (!days) grid.set(group, (days = new Map<string, number[]>()));
    let slots = days.get(day);
    if (!slots) days.set(day, (slots = Array.from({ length: SLOTS }, () => 0)));
    slots[slot] = (slots[slot] ?? 0) + 1;
  };
  for (const r of records) {
    for (const v of r.queues) {
      const at = new Date(v.enteredAt);
      if (Number.isNaN(at.getTime())) continue;
      const local = localTime(at);
      const slot = Math.floor(local.minutes / 30);
      for (const group of by === 'queue' ? [v.queue] : r.topics.length > 0 ? r.topics : ['—']) add(group, local.date, slot);
      // A call counts once per topic: its first queue visit only.
      if (by === 'topic') break;
    }
  }
  return new Map([...grid].map(([group, days]) => [group, [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, slots]) => ({ day, slots }))]));
}

export interface QueueHandling {
  readonly answered: number;
  readonly abandoned: number;
  /** Mean talk + wrap-up of answered visits; undefined when none was answered. */
  readonly ahtSeconds: number | undefined;
  /** Mean patience (exponential, maximum likelihood); Infinity when nobody hung up while waiting. */
  readonly patienceSeconds: number;
}

export function handling(records: readonly CallRecord[]): Map<string, QueueHandling> {
  const acc = new Map<string, { answered: number; handle: number; abandoned: number; waited: number }>();
  for (const r of records) {
    for (const v of r.queues) {
      let a = acc.get(v.queue);
      if (!a) acc.set(v.queue, (a = { answered: 0, handle: 0, abandoned: 0, waited: 0 }));
      a.waited += (v.waitedMs ?? 0) / 1000;
      if (v.outcome === 'answered') {
        a.answered++;
        a.handle += (v.talkSeconds ?? 0) + (v.wrapUpSeconds ?? 0);
      } else if (v.outcome === 'abandoned') a.abandoned++;
    }
  }
  return new Map(
    [...acc].map(([queue, a]) => [queue, { answered: a.answered, abandoned: a.abandoned, ahtSeconds: a.answered > 0 ? a.handle / a.answered : undefined, patienceSeconds: a.abandoned > 0 && a.waited > 0 ? a.waited / a.abandoned : Infinity }]),
  );
}
