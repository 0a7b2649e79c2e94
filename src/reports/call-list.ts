/**
 * The list behind a figure (#22): the calls a report counted, filtered as the figure was —
 * by queue and what became of the caller there, by the agent who answered, by topic, by flow and the step where they left
 * the IVR. Pure. The caller is shown masked (the number is never in the reports), each row with
 * the wait and the IVR path that led there.
 */
import type { CallRecord, QueueVisit } from './call-record.js';

export type VisitOutcome = Exclude<QueueVisit['outcome'], 'waiting'> | 'short_abandoned';

export interface CallListFilter {
  readonly queue?: string;
  /** What became of the caller in a queue; `abandoned` excludes the short abandons, `short_abandoned` is only them. */
  readonly outcome?: VisitOutcome;
  /** The agent who answered in that queue. */
  readonly agent?: string;
  readonly topic?: string;
  readonly flow?: string;
  /** The step where the caller left the IVR (the last step of their path). */
  readonly lastStep?: string;
  /** Callers who hung up sooner (ms) are short abandons. */
  readonly shortAbandonMs: number;
}

export interface CallListRow {
  readonly callId: string;
  readonly startedAt: string | null;
  /** The caller's number masked ("+39333****567"), or null when unknown. */
  readonly caller: string | null;
  readonly dialledNumber: string | null;
  readonly flowId: string | null;
  /** How the call ended (call.ended's outcome), null while in progress. */
  readonly callOutcome: string | null;
  /** The queue visit the filter matched (the first one without a queue filter). */
  readonly queue: string | null;
  readonly queueOutcome: VisitOutcome | 'waiting' | null;
  readonly waitedSeconds: number | null;
  readonly agentId: string | null;
  readonly topics: readonly string[];
  /** The IVR path, step by step: "menu" or "menu (2)" with the key pressed, "menu: no_input" when it gave up. */
  readonly path: readonly string[];
}

function visitOutcome(v: QueueVisit, shortAbandonMs: number): VisitOutcome | 'waiting' {
  return v.outcome === 'abandoned' && v.waitedMs !== undefined && v.waitedMs < shortAbandonMs ? 'short_abandoned' : v.outcome;
}

function matchingVisit(r: CallRecord, f: CallListFilter): QueueVisit | undefined | false {
  if (f.queue === undefined && f.outcome === undefined && f.agent === undefined) return r.queues[0];
  const visit = r.queues.find((v) => (f.queue === undefined || v.queue === f.queue) && (f.outcome === undefined || visitOutcome(v, f.shortAbandonMs) === f.outcome) && (f.agent === undefined || v.agentId === f.agent));
  return visit ?? false;
}

/**
 * Text every matching record's JSON must contain (a sieve for the store, before callList's exact
 * filter): the values as JSON.stringify writes them in a CallRecord.
 */
export function callListNeedles(f: CallListFilter): string[] {
  const json = (v: string): string => JSON.stringify(v);
  const needles: string[] = [];
  if (f.queue !== undefined) needles.push(`"queue":${json(f.queue)}`);
  if (f.outcome !== undefined) needles.push(`"outcome":${json(f.outcome === 'short_abandoned' ? 'abandoned' : f.outcome)}`);
  if (f.agent !== undefined) needles.push(`"agentId":${json(f.agent)}`);
  if (f.topic !== undefined) needles.push(json(f.topic));
  if (f.flow !== undefined) needles.push(`"flowId":${json(f.flow)}`);
  if (f.lastStep !== undefined) needles.push(`"node":${json(f.lastStep)}`);
  return needles;
}

/** The rows of the records that match, in the records' order (their start). */
export function callList(records: readonly CallRecord[], f: CallListFilter): CallListRow[] {
  const rows: CallListRow[] = [];
  for (const r of records) {
    if (f.topic !== undefined && !r.topics.includes(f.topic)) continue;
    if (f.flow !== undefined && r.flowId !== f.flow) continue;
    if (f.lastStep !== undefined && r.path.at(-1)?.node !== f.lastStep) continue;
    const visit = matchingVisit(r, f);
    if (visit === false) continue;
    rows.push({
      callId: r.callId,
      startedAt: r.startedAt ?? null,
      caller: r.caller ?? null,
      dialledNumber: r.dialledNumber ?? null,
      flowId: r.flowId ?? null,
      callOutcome: r.outcome ?? null,
      queue: visit?.queue ?? null,
      queueOutcome: visit === undefined ? null : visitOutcome(visit, f.shortAbandonMs),
      waitedSeconds: visit?.waitedMs === undefined ? null : Math.round(visit.waitedMs / 1000),
      agentId: visit?.agentId ?? null,
      topics: r.topics,
      path: r.path.map((s) => (s.failed !== undefined ? `${s.node}: ${s.failed}` : s.choice !== undefined ? `${s.node} (${s.choice})` : s.node)),
    });
  }
  return rows;
}
