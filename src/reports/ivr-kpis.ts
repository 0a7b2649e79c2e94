/**
 * IVR KPIs over call records (#22): pure, per flow — how many calls each step saw, how many
 * callers left the flow there, the keys pressed at each menu, the failures — and the self-service
 * rate; and the calls' hourly profile by weekday (Europe/Rome), for the staffing charts.
 *
 * - calls: the flow's calls that ended (a call still in progress is not counted).
 * - selfServed: calls the flow ended itself at a hang-up step, with no queue, transfer or
 *   directory on the way and no step that gave up (a menu nobody answered): the caller got what
 *   they needed from the recorded information; selfServiceRate = selfServed / calls.
 * - per step: reached (calls that passed through it, once each however often), endedHere (calls
 *   whose last step it was: where callers left the IVR, for an operator or not), choices (menu
 *   key → calls), failures (reason → calls).
 */
import { localTime } from '../shared/schedule.js';
import type { CallRecord } from './call-record.js';

export interface IvrStepKpis {
  readonly node: string;
  readonly nodeType: string;
  readonly reached: number;
  readonly endedHere: number;
  readonly choices: Readonly<Record<string, number>>;
  readonly failures: Readonly<Record<string, number>>;
}

export interface IvrKpis {
  readonly flowId: string;
  readonly calls: number;
  readonly selfServed: number;
  readonly selfServiceRate: number | null;
  /** In the order first reached. */
  readonly steps: readonly IvrStepKpis[];
}

const OPERATOR_STEPS = new Set(['queue', 'transfer', 'directory']);

/** Self-served (see above): the flow ended the call at a hang-up step, no operator, nothing given up on the way. */
export function isSelfServed(r: CallRecord): boolean {
  const last = r.path.at(-1);
  return r.outcome === 'completed' && r.queues.length === 0 && last?.nodeType === 'hangup' && !r.path.some((s) => OPERATOR_STEPS.has(s.nodeType) || s.failed !== undefined);
}

/** A flow's sums (they add up across days: period-figures.ts). */
export interface FlowAcc {
  calls: number;
  selfServed: number;
  steps: Map<string, { nodeType: string; reached: number; endedHere: number; choices: Record<string, number>; failures: Record<string, number> }>;
}

export function ivrKpis(records: readonly CallRecord[]): IvrKpis[] {
  return ivrRows(flowAccs(records));
}

export function flowAccs(records: readonly CallRecord[]): Map<string, FlowAcc> {
  const flows = new Map<string, FlowAcc>();
  for (const r of records) {
    if (!r.complete || r.flowId === undefined) continue;
    let f = flows.get(r.flowId);
    if (!f) {
      f = { calls: 0, selfServed: 0, steps: new Map() };
      flows.set(r.flowId, f);
    }
    f.calls++;
    if (isSelfServed(r)) f.selfServed++;
    const seen = new Set<string>();
    for (const step of r.path) {
      let s = f.steps.get(step.node);
      if (!s) {
        s = { nodeType: step.nodeType, reached: 0, endedHere: 0, choices: {}, failures: {} };
        f.steps.set(step.node, s);
      }
      if (!seen.has(step.node)) s.reached++;
      seen.add(step.node);
      if (step.choice !== undefined) s.choices[step.choice] = (s.choices[step.choice] ?? 0) + 1;
      if (step.failed !== undefined) s.failures[step.failed] = (s.failures[step.failed] ?? 0) + 1;
    }
    const last = r.path.at(-1);
    if (last) (f.steps.get(last.node) as { endedHere: number }).endedHere++;
  }
  return flows;
}

export function ivrRows(flows: ReadonlyMap<string, FlowAcc>): IvrKpis[] {
  return [...flows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([flowId, f]) => ({
      flowId,
      calls: f.calls,
      selfServed: f.selfServed,
      selfServiceRate: f.calls > 0 ? f.selfServed / f.calls : null,
      steps: [...f.steps.entries()].map(([node, s]) => ({ node, ...s })),
    }));
}

/** Calls started, by Rome weekday (0 = Monday … 6 = Sunday) and hour (0–23): the profile a staffing chart draws. */
export function hourlyProfile(records: readonly CallRecord[]): number[][] {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  for (const r of records) {
    if (r.startedAt === undefined) continue;
    const t = localTime(new Date(r.startedAt));
    const row = grid[days.indexOf(t.day)];
    const hour = Math.floor(t.minutes / 60);
    if (row) row[hour] = (row[hour] ?? 0) + 1;
  }
  return grid;
}
