/**
 * Queue KPIs over call records (#22): pure, one row per group (queue, day, or both), each figure
 * defined here once, in the words the reports page and the export repeat.
 *
 * A visit is a caller's time in one queue; a call that crossed two queues counts once in each
 * queue's row. The total (`all`) counts each call once, by its first visit: the queue the caller
 * chose (later visits are transfers an agent made). Visits still waiting are not counted. Times are the caller's entry into the queue, grouped in Europe/Rome (DST-correct).
 *
 * - entered: visits that reached the queue.
 * - shortAbandoned: callers who hung up within the short-abandon threshold (default 5 s): counted
 *   apart, and not offered — a wrong number or a caller who changed their mind.
 * - offered: entered − shortAbandoned.
 * - answered: offered visits an agent answered; answeredRate = answered / offered.
 * - abandoned: callers who hung up while waiting, after the threshold.
 * - callbacks: callers who chose to be called back (never abandons).
 * - left: callers the queue let go without an agent (time limit, no agent logged in, closing …).
 * - lost: cut off by a failure (Asterisk, the engine): never counted as the caller's abandon.
 * - asaSeconds: the mean wait of the answered.
 * - service level, three variants, with the queue's own threshold T (seconds):
 *   slAnswered = answered within T / answered (only who was answered);
 *   slOffered = answered within T / offered (every other outcome is a failure);
 *   slAbandonsWithinNeutral = answered within T / (offered − abandoned within T) (a caller who
 *   hung up before T had passed counts neither way);
 *   slAbandonsWithinSuccess = (answered within T + abandoned within T) / (answered + abandoned)
 *   (app_queue's servicelevelperf2; slAnswered is its servicelevelperf — with the short-abandon
 *   threshold at 0, as app_queue has none, both are app_queue's own figures).
 * - ahtSeconds: the mean handle time of the answered, talk + wrap-up (the talk runs from the answer
 *   to the end: a hold while the agent consulted is in it; agent-topic-kpis.ts reports it apart).
 * - A call counts in the period it started in; its queue visit in the day it entered the queue
 *   (a call begun at 23:59 that reached the queue after midnight is in the next day's row).
 * - meanAbandonWaitSeconds: how long the abandoning callers waited, on average.
 */
import { localDate } from '../shared/schedule.js';
import type { CallRecord, QueueVisit } from './call-record.js';

export interface KpiOptions {
  /** Hang-ups within this many ms of entering are short abandons. Default 5,000. */
  readonly shortAbandonMs?: number;
  /** The service-level threshold of each queue, seconds (the queue's serviceLevel.seconds); default 20. */
  readonly slSeconds?: (queue: string) => number;
}

export type GroupBy = 'all' | 'queue' | 'day' | 'week' | 'month' | 'queue-day' | 'queue-week' | 'queue-month';

/** The ISO week of a day (weeks start on Monday; week 1 holds the year's first Thursday): "2026-W48". */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  // The Thursday of the day's week decides its year.
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface QueueKpis {
  /** The group: queue id and/or the day (YYYY-MM-DD, Rome), the ISO week (2026-W48) or the month (2026-11). */
  readonly queue?: string;
  readonly day?: string;
  readonly period?: string;
  readonly entered: number;
  readonly shortAbandoned: number;
  readonly offered: number;
  readonly answered: number;
  readonly answeredRate: number | null;
  readonly abandoned: number;
  readonly callbacks: number;
  readonly left: number;
  readonly lost: number;
  readonly asaSeconds: number | null;
  readonly slAnswered: number | null;
  readonly slOffered: number | null;
  readonly slAbandonsWithinNeutral: number | null;
  readonly slAbandonsWithinSuccess: number | null;
  readonly ahtSeconds: number | null;
  readonly meanAbandonWaitSeconds: number | null;
}

/** The sums a group's figures are made of: sums of parts add up (period-figures.ts merges days). */
export interface Acc {
  entered: number;
  shortAbandoned: number;
  answered: number;
  answeredWithin: number;
  abandoned: number;
  abandonedWithin: number;
  callbacks: number;
  left: number;
  lost: number;
  waitAnsweredMs: number;
  handleSeconds: number;
  handled: number;
  waitAbandonedMs: number;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const mean = (sum: number, n: number, scale = 1): number | null => (n > 0 ? sum / n / scale : null);

/** The wait of a visit that ended; from its entry to the call's end when the log gave none. */
function waitedMs(v: QueueVisit, record: CallRecord): number {
  if (v.waitedMs !== undefined) return v.waitedMs;
  if (record.endedAt === undefined) return 0;
  return Math.max(0, Date.parse(record.endedAt) - Date.parse(v.enteredAt));
}

/** One group's sums: its queue and/or day, and the accumulated figures. */
export interface QueueGroup {
  queue?: string;
  day?: string;
  period?: string;
  acc: Acc;
}

/** KPI rows for the records' queue visits, grouped as asked, in a stable order (queue, then day). */
export function queueKpis(records: readonly CallRecord[], groupBy: GroupBy, options: KpiOptions = {}): QueueKpis[] {
  return queueRows(groupBy === 'all' ? queueGroups(records, 'all', options) : regroup(queueGroups(records, 'queue-day', options), groupBy));
}

/** The same groups with another grouping: `queue-day` groups summed by queue, day, week, month, or all together. */
export function regroup(groups: ReadonlyMap<string, QueueGroup>, groupBy: GroupBy): Map<string, QueueGroup> {
  const out = new Map<string, QueueGroup>();
  const byQueue = groupBy === 'queue' || groupBy.startsWith('queue-');
  const unit = groupBy.replace(/^queue-?/, '');
  for (const g of groups.values()) {
    const queue = byQueue ? g.queue : undefined;
    const day = unit === 'day' ? g.day : undefined;
    const period = g.day === undefined ? undefined : unit === 'week' ? isoWeek(g.day) : unit === 'month' ? g.day.slice(0, 7) : undefined;
    const key = groupBy === 'all' ? '' : [queue, day, period].filter((x) => x !== undefined).join(' ');
    const into = out.get(key);
    if (into) addAcc(into.acc, g.acc);
    else out.set(key, { ...(queue === undefined ? {} : { queue }), ...(day === undefined ? {} : { day }), ...(period === undefined ? {} : { period }), acc: { ...g.acc } });
  }
  return out;
}

export function addAcc(into: Acc, more: Readonly<Acc>): void {
  for (const k of Object.keys(more) as (keyof Acc)[]) into[k] += more[k];
}

/** The sums of the records' queue visits per queue and day, or of each call's first visit (`all`). */
export function queueGroups(records: readonly CallRecord[], groupBy: 'all' | 'queue-day', options: KpiOptions = {}): Map<string, QueueGroup> {
  const shortMs = options.shortAbandonMs ?? 5000;
  const slSeconds = options.slSeconds ?? (() => 20);
  const groups = new Map<string, QueueGroup>();
  for (const record of records) {
    for (const v of groupBy === 'all' ? record.queues.slice(0, 1) : record.queues) {
      if (v.outcome === 'waiting') continue;
      const day = localDate(new Date(v.enteredAt));
      const key = groupBy === 'all' ? '' : `${v.queue} ${day}`;
      let g = groups.get(key);
      if (!g) {
        g = { ...(groupBy === 'queue-day' ? { queue: v.queue, day } : {}), acc: { entered: 0, shortAbandoned: 0, answered: 0, answeredWithin: 0, abandoned: 0, abandonedWithin: 0, callbacks: 0, left: 0, lost: 0, waitAnsweredMs: 0, handleSeconds: 0, handled: 0, waitAbandonedMs: 0 } };
        groups.set(key, g);
      }
      const a = g.acc;
      const wait = waitedMs(v, record);
      const withinMs = slSeconds(v.queue) * 1000;
      a.entered++;
      switch (v.outcome) {
        case 'answered':
          a.answered++;
          a.waitAnsweredMs += wait;
          if (wait <= withinMs) a.answeredWithin++;
          if (v.talkSeconds !== undefined) {
            a.handleSeconds += v.talkSeconds + (v.wrapUpSeconds ?? 0);
            a.handled++;
          }
          break;
        case 'abandoned':
          if (wait < shortMs) {
            a.shortAbandoned++;
            break;
          }
          a.abandoned++;
          a.waitAbandonedMs += wait;
          if (wait <= withinMs) a.abandonedWithin++;
          break;
        case 'callback':
          a.callbacks++;
          break;
        case 'left':
          a.left++;
          break;
        case 'lost':
          a.lost++;
          break;
      }
    }
  }
  return groups;
}

/** Each group's figures, from its sums, in a stable order (queue, then day). */
export function queueRows(groups: ReadonlyMap<string, QueueGroup>): QueueKpis[] {
  return [...groups.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([, { queue, day, period, acc: a }]) => {
      const offered = a.entered - a.shortAbandoned;
      return {
        ...(queue === undefined ? {} : { queue }),
        ...(day === undefined ? {} : { day }),
        ...(period === undefined ? {} : { period }),
        entered: a.entered,
        shortAbandoned: a.shortAbandoned,
        offered,
        answered: a.answered,
        answeredRate: ratio(a.answered, offered),
        abandoned: a.abandoned,
        callbacks: a.callbacks,
        left: a.left,
        lost: a.lost,
        asaSeconds: mean(a.waitAnsweredMs, a.answered, 1000),
        slAnswered: ratio(a.answeredWithin, a.answered),
        slOffered: ratio(a.answeredWithin, offered),
        slAbandonsWithinNeutral: ratio(a.answeredWithin, offered - a.abandonedWithin),
        slAbandonsWithinSuccess: ratio(a.answeredWithin + a.abandonedWithin, a.answered + a.abandoned),
        ahtSeconds: mean(a.handleSeconds, a.handled),
        meanAbandonWaitSeconds: mean(a.waitAbandonedMs, a.abandoned, 1000),
      };
    });
}
