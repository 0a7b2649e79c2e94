/**
 * The staffing plan of a day (#24), pure: for each half hour, the agents a queue needs on the
 * phones to meet its target with the calls forecast, from the handle time and the callers'
 * patience measured in the records (Erlang A; Erlang C when nobody hangs up), and the people to
 * schedule once shrinkage is taken out. A half hour with no call needs nobody.
 */
import { agentsFor, type QueueFigures, type Target } from './erlang.js';
import type { DayCounts } from './forecast.js';

export interface PlanInputs {
  readonly ahtSeconds: number;
  /** Infinity (or absent): Erlang C. */
  readonly patienceSeconds?: number;
  readonly target: Target;
  /** Breaks, training, absence: 0–0.9. */
  readonly shrinkage: number;
}

export interface PlanSlot {
  /** 0 = 00:00–00:30 … 47. */
  readonly slot: number;
  /** "10:30". */
  readonly time: string;
  readonly calls: number;
  readonly agents: number;
  /** Before rounding: agents / (1 − shrinkage). */
  readonly scheduled: number;
  readonly scheduledAgents: number;
  readonly figures: QueueFigures | undefined;
}

const time = (slot: number) => `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}`;

export function dayPlan(forecast: DayCounts, inputs: PlanInputs): PlanSlot[] {
  return forecast.slots.map((calls, slot) => {
    if (!(calls > 0)) return { slot, time: time(slot), calls: 0, agents: 0, scheduled: 0, scheduledAgents: 0, figures: undefined };
    const s = agentsFor({ callsPerHour: calls * 2, ahtSeconds: inputs.ahtSeconds, ...(inputs.patienceSeconds === undefined ? {} : { patienceSeconds: inputs.patienceSeconds }) }, inputs.target, inputs.shrinkage);
    return { slot, time: time(slot), calls, agents: s.agents, scheduled: s.scheduled, scheduledAgents: s.scheduledAgents, figures: s.figures };
  });
}

/** Agent-hours a plan puts on the phones (each half hour counts half an hour). */
export function agentHours(plan: readonly PlanSlot[]): number {
  return plan.reduce((h, p) => h + p.agents / 2, 0);
}
