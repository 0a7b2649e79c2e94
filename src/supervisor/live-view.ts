/**
 * The supervisor's live view of the queues, computed (pure) from Redis counters and the agents'
 * states: waiting calls, longest wait, agents by state, and today's service level, average speed
 * of answer and abandon rate per queue.
 *
 * Definitions (written here once, for reporting to reuse): service level = calls answered within
 * the queue's threshold / (answered + abandoned); ASA = total wait of answered calls / answered;
 * abandon rate = abandoned / (answered + abandoned). Callers who left by the max-wait exit or were
 * lost count apart.
 */
import type { AgentStatus, QueueCounters, QueueNow } from '../acd/index.js';

export interface AgentNow {
  readonly id: string;
  readonly name: string;
  readonly status: AgentStatus;
  readonly since: number;
  readonly reason: string;
  readonly queues: readonly string[];
}

export interface LiveQueue {
  readonly id: string;
  readonly name: string;
  readonly waiting: number;
  readonly longestWaitSeconds: number;
  readonly agents: Readonly<Record<AgentStatus, number>>;
  readonly today: QueueCounters & {
    /** Percent, or null before the first answered or abandoned call. */
    readonly serviceLevel: number | null;
    readonly serviceLevelTarget: { readonly percent: number; readonly seconds: number };
    readonly asaSeconds: number | null;
    readonly abandonRate: number | null;
    readonly averageTalkSeconds: number | null;
  };
}

export interface LiveView {
  readonly at: number;
  readonly queues: readonly LiveQueue[];
  readonly agents: readonly (AgentNow & { readonly secondsInState: number })[];
}


const ratio = (a: number, b: number, scale = 1): number | null => (b === 0 ? null : Math.round((a / b) * scale * 10) / 10);

export function liveView(queues: readonly QueueNow[], agents: readonly AgentNow[], now: number): LiveView {
  const byStatus = (queueId: string) => {
    const counts: Record<AgentStatus, number> = { logged_out: 0, available: 0, reserved: 0, on_call: 0, wrap_up: 0, paused: 0 };
    for (const a of agents) if (a.queues.includes(queueId)) counts[a.status]++;
    return counts;
  };
  return {
    at: now,
    queues: queues.map((q) => {
      const c = q.counters;
      const decided = c.answered + c.abandoned;
      return {
        id: q.id,
        name: q.name,
        waiting: q.waiting,
        longestWaitSeconds: q.oldestEnteredAt === undefined ? 0 : Math.max(0, Math.round((now - q.oldestEnteredAt) / 1000)),
        agents: byStatus(q.id),
        today: {
          ...c,
          serviceLevel: ratio(c.answeredInSl, decided, 100),
          serviceLevelTarget: q.serviceLevel,
          asaSeconds: ratio(c.waitMs, c.answered * 1000),
          abandonRate: ratio(c.abandoned, decided, 100),
          averageTalkSeconds: ratio(c.talkSeconds, c.handled),
        },
      };
    }),
    agents: [...agents].sort((a, b) => a.name.localeCompare(b.name, 'it')).map((a) => ({ ...a, secondsInState: Math.max(0, Math.round((now - a.since) / 1000)) })),
  };
}
