/**
 * A period's figures from per-day sums (#22): each Rome day's records are read and summed once —
 * queues, agents, topics, IVR steps, the hourly profile, the call counts — and kept, in memory and
 * in the reports file (so a restarted engine does not read them again), until a batch of the
 * projector changes a record of that day (CallRecordStore.dayVersion), or the queues'
 * service-level thresholds change. A month's reports then add 30 days' sums instead of reading
 * and parsing 90,000 records for each request (bench:reports). The sums are those the pure KPI
 * functions make; the figures are made from them by the same functions.
 */
import { addAcc, isoWeek, queueGroups, regroup, type GroupBy, type QueueGroup } from './queue-kpis.js';
import { agentAccs, topicAccs, type AgentAcc, type TopicAcc } from './agent-topic-kpis.js';
import { flowAccs, hourlyProfile, isSelfServed, type FlowAcc } from './ivr-kpis.js';
import type { CallRecordStore } from './record-store.js';
import { surveyAccs, type SurveyAccs } from './survey-kpis.js';

/** What the sums of a period hold (each part's figures: queueRows, agentRows, topicRows, ivrRows). */
export interface PeriodSums {
  /** Queue visits by queue and day (regroup() for other groupings). */
  readonly queueDay: Map<string, QueueGroup>;
  /** Each call once, by its first queue visit. */
  readonly firstVisits: Map<string, QueueGroup>;
  readonly agents: Map<string, AgentAcc>;
  readonly topics: Map<string, TopicAcc>;
  readonly flows: Map<string, FlowAcc>;
  readonly hourly: number[][];
  /** The satisfaction survey: funnel, scores by agent/queue/topic, reasons. */
  readonly surveys: SurveyAccs;
  calls: number;
  ended: number;
  selfServed: number;
  toOperator: number;
}

interface DayEntry {
  readonly version: number;
  /** The threshold each queue had when the day was summed. */
  readonly thresholds: ReadonlyMap<string, number>;
  readonly sums: PeriodSums;
}

/** The name of a day's sums in the file, with the shape's version (sums kept before the survey's figures are summed again). */
const SUMS = 'sums2';

/** Topics do not depend on the short-abandon threshold: any day's sums serve, these are the ones the page asks for. */
const DEFAULT_SHORT_ABANDON_MS = 5000;

/** Days kept (a year at one short-abandon threshold, with room for another). */
const DAYS_KEPT = 800;

/** Maps as JSON (the sums kept in the file): `{ "__map": [[key, value] …] }`. */
const withMaps = (_key: string, value: unknown): unknown => (value instanceof Map ? { __map: [...(value as Map<unknown, unknown>)] } : value);
const toMaps = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && Array.isArray((value as { __map?: unknown }).__map) ? new Map((value as { __map: [unknown, unknown][] }).__map) : value;

const empty = (): PeriodSums => ({ queueDay: new Map(), firstVisits: new Map(), agents: new Map(), topics: new Map(), flows: new Map(), hourly: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)), surveys: { funnel: new Map(), scores: new Map(), reasons: new Map() }, calls: 0, ended: 0, selfServed: 0, toOperator: 0 });

function addGroups(into: Map<string, QueueGroup>, more: ReadonlyMap<string, QueueGroup>): void {
  for (const [k, g] of more) {
    const at = into.get(k);
    if (at) addAcc(at.acc, g.acc);
    else into.set(k, { ...g, acc: { ...g.acc } });
  }
}

function addNumbers<T extends object>(into: Map<string, T>, more: ReadonlyMap<string, T>): void {
  for (const [k, v] of more) {
    const at = into.get(k) as Record<string, number> | undefined;
    if (!at) into.set(k, { ...v });
    else for (const [f, n] of Object.entries(v)) if (typeof n === 'number') at[f] = (at[f] ?? 0) + n;
  }
}

const addCounts = (into: Record<string, number>, more: Readonly<Record<string, number>>): Record<string, number> => {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
  return into;
};

function addFlows(into: Map<string, FlowAcc>, more: ReadonlyMap<string, FlowAcc>): void {
  for (const [id, f] of more) {
    let at = into.get(id);
    if (!at) {
      at = { calls: 0, selfServed: 0, steps: new Map() };
      into.set(id, at);
    }
    at.calls += f.calls;
    at.selfServed += f.selfServed;
    for (const [node, s] of f.steps) {
      const step = at.steps.get(node);
      if (!step) at.steps.set(node, { ...s, choices: { ...s.choices }, failures: { ...s.failures } });
      else {
        step.reached += s.reached;
        step.endedHere += s.endedHere;
        addCounts(step.choices, s.choices);
        addCounts(step.failures, s.failures);
      }
    }
  }
}

function add(into: PeriodSums, more: PeriodSums): void {
  addGroups(into.queueDay, more.queueDay);
  addGroups(into.firstVisits, more.firstVisits);
  addNumbers(into.agents, more.agents);
  addNumbers(into.topics, more.topics);
  addFlows(into.flows, more.flows);
  addNumbers(into.surveys.funnel, more.surveys.funnel);
  addNumbers(into.surveys.scores, more.surveys.scores);
  addNumbers(into.surveys.reasons, more.surveys.reasons);
  more.hourly.forEach((hours, d) => hours.forEach((n, h) => ((into.hourly[d] as number[])[h] = ((into.hourly[d] as number[])[h] ?? 0) + n)));
  into.calls += more.calls;
  into.ended += more.ended;
  into.selfServed += more.selfServed;
  into.toOperator += more.toOperator;
}

/** The days from `from` to `to` (YYYY-MM-DD, both included). */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export class PeriodFigures {
  private readonly days = new Map<string, DayEntry>();
  /** Per day and window: the repeat calls, with the versions of the days they looked at. */
  private readonly repeatDays = new Map<string, { versions: string; identified: number; repeated: number }>();

  constructor(
    private readonly store: CallRecordStore,
    /** Each queue's service-level threshold now (seconds). */
    private readonly slSeconds: (queue: string) => number,
  ) {}

  /** A day the log has moved past: its sums worked out now, at the default short-abandon threshold, for whoever asks later. */
  settle(day: string): void {
    this.day(day, DEFAULT_SHORT_ABANDON_MS);
  }

  /** The sums of the days from `from` to `to` (Rome, both included); each day summed once while it does not change. */
  sums(from: string, to: string, shortAbandonMs: number): PeriodSums {
    const total = empty();
    for (const day of daysOf(from, to)) add(total, this.day(day, shortAbandonMs));
    return total;
  }

  /**
   * Repeat callers (CallRecordStore.repeatCalls) summed per day: a day is counted again only when
   * it, or one of the `window` days after it (where a repeat call would be), changed.
   */
  repeats(from: string, to: string, window: number): { identified: number; repeated: number } {
    const total = { identified: 0, repeated: 0 };
    for (const day of daysOf(from, to)) {
      const key = `${day} ${window}`;
      const last = new Date(Date.parse(`${day}T00:00:00Z`) + (window + 1) * 86_400_000).toISOString().slice(0, 10);
      const versions = daysOf(day, last).map((d) => this.store.dayVersion(d)).join(',');
      let kept = this.repeatDays.get(key);
      if (kept?.versions !== versions) {
        const saved = this.store.dayCache(day, `repeats ${window}`);
        kept = { versions, ...(saved?.version === versions ? (JSON.parse(saved.value) as { identified: number; repeated: number }) : this.store.repeatCalls(day, day, window)) };
        if (saved?.version !== versions) this.store.saveDayCache(day, `repeats ${window}`, versions, JSON.stringify({ identified: kept.identified, repeated: kept.repeated }));
        if (this.repeatDays.size >= DAYS_KEPT) this.repeatDays.delete(this.repeatDays.keys().next().value as string);
        this.repeatDays.set(key, kept);
      }
      total.identified += kept.identified;
      total.repeated += kept.repeated;
    }
    return total;
  }

  /** Calls per topic in each day, ISO week or month of the period (a topic's trend), in time order. */
  topicTrend(from: string, to: string, unit: 'day' | 'week' | 'month'): { period: string; topic: string; calls: number }[] {
    const out = new Map<string, { period: string; topic: string; calls: number }>();
    for (const day of daysOf(from, to)) {
      const period = unit === 'day' ? day : unit === 'week' ? isoWeek(day) : day.slice(0, 7);
      for (const [topic, t] of this.day(day, DEFAULT_SHORT_ABANDON_MS).topics) {
        const key = `${period} ${topic}`;
        const at = out.get(key);
        if (at) at.calls += t.calls;
        else out.set(key, { period, topic, calls: t.calls });
      }
    }
    return [...out.values()];
  }

  /** The sums regrouped as a queue report asks. */
  static queues(sums: PeriodSums, groupBy: GroupBy): Map<string, QueueGroup> {
    return groupBy === 'all' ? regroup(sums.firstVisits, 'all') : regroup(sums.queueDay, groupBy);
  }

  private day(day: string, shortAbandonMs: number): PeriodSums {
    const key = `${day} ${shortAbandonMs}`;
    const version = this.store.dayVersion(day);
    const current = (thresholds: ReadonlyMap<string, number>) => [...thresholds].every(([q, s]) => this.slSeconds(q) === s);
    const kept = this.days.get(key);
    if (kept && kept.version === version && current(kept.thresholds)) return kept.sums;
    const saved = this.store.dayCache(day, `${SUMS} ${shortAbandonMs}`);
    if (saved?.version === String(version)) {
      const { thresholds, sums } = JSON.parse(saved.value, toMaps) as { thresholds: Map<string, number>; sums: PeriodSums };
      if (current(thresholds)) return this.remember(key, { version, thresholds, sums });
    }
    const records = this.store.callsOfDays(day, day);
    const thresholds = new Map<string, number>();
    const slSeconds = (queue: string): number => {
      const s = this.slSeconds(queue);
      thresholds.set(queue, s);
      return s;
    };
    const ended = records.filter((r) => r.complete);
    const sums: PeriodSums = {
      queueDay: queueGroups(records, 'queue-day', { slSeconds, shortAbandonMs }),
      firstVisits: queueGroups(records, 'all', { slSeconds, shortAbandonMs }),
      agents: agentAccs(records),
      topics: topicAccs(records),
      flows: flowAccs(records),
      hourly: hourlyProfile(records),
      surveys: surveyAccs(records),
      calls: records.length,
      ended: ended.length,
      selfServed: ended.filter(isSelfServed).length,
      toOperator: records.filter((r) => r.queues.length > 0).length,
    };
    this.store.saveDayCache(day, `${SUMS} ${shortAbandonMs}`, String(version), JSON.stringify({ thresholds, sums }, withMaps));
    return this.remember(key, { version, thresholds, sums });
  }

  private remember(key: string, entry: DayEntry): PeriodSums {
    if (this.days.size >= DAYS_KEPT) this.days.delete(this.days.keys().next().value as string);
    this.days.set(key, entry);
    return entry.sums;
  }
}
