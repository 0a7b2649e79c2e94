/**
 * bench:staffing — a generated Milan weekday (3,000 calls to one queue, AHT 277 s, patience 10
 * minutes, a morning peak: src/staffing/example-day.ts) replayed in simulated time through the
 * production routing core under three plans, each made per half hour from the day's expected
 * calls:
 *   1. Erlang C, mean wait ≤ 60 s (it assumes nobody hangs up);
 *   2. Erlang A, ≥ 90 % answered and mean wait ≤ 60 s (with the callers' patience);
 *   3. plan 2, with callbacks offered at 2 minutes' wait (half the callers still waiting take one;
 *      callbacks hold at most 30 % of the agents while live callers wait, as in production).
 * Prints each plan's agent-hours, answered rate, service level (20 s), ASA and abandons, and the
 * time to replay a day (BENCH_RUNS runs, the median), then one JSON line.
 */
import { agentsFor, exampleDay, replay, SLOTS, WEEKDAY_PROFILE, type ReplayResult, type Target } from '../../src/staffing/index.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = 3000;
const AHT = 277;
const PATIENCE = 600;

const queues = new Map([['generale', { skills: [], priority: 5, strategy: 'longest-idle' as const, relaxation: [] }]]);
const day = exampleDay({ calls: CALLS, ahtSeconds: AHT, patienceSeconds: PATIENCE });

function planFor(target: Target, patience: boolean): number[] {
  return Array.from({ length: SLOTS }, (_, s) => {
    const perHour = (WEEKDAY_PROFILE[s] ?? 0) * CALLS * 2;
    return perHour > 0 ? agentsFor({ callsPerHour: perHour, ahtSeconds: AHT, ...(patience ? { patienceSeconds: PATIENCE } : {}) }, target).agents : 0;
  });
}

const plans = [
  { name: 'erlang-c (ASA <= 60 s)', onDuty: planFor({ maxMeanWaitSeconds: 60 }, false), callbacks: undefined },
  { name: 'erlang-a (>= 90 % answered, mean wait <= 60 s)', onDuty: planFor({ minAnsweredRate: 0.9, maxMeanWaitSeconds: 60 }, true), callbacks: undefined },
  { name: 'erlang-a + callbacks at 2 min', onDuty: planFor({ minAnsweredRate: 0.9, maxMeanWaitSeconds: 60 }, true), callbacks: { afterSeconds: 120, take: 0.5 } },
];

const results: Record<string, unknown>[] = [];
for (const p of plans) {
  let result: ReplayResult | undefined;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = replay(day, [{ group: 'op', skills: new Map(), queues: ['generale'], onDuty: p.onDuty }], { queues, slSeconds: 20, ...(p.callbacks ? { callbacks: p.callbacks } : {}) });
    times.push(performance.now() - started);
  }
  const t = (result as ReplayResult).total;
  const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
  const peak = Math.max(...p.onDuty);
  out(`${p.name}: ${t.agentHours} agent-hours (peak ${peak}), answered ${(t.answeredRate * 100).toFixed(1)} % (${t.callbacks} by callback), SL(20 s) ${(t.serviceLevel * 100).toFixed(1)} %, ASA ${t.asaSeconds.toFixed(0)} s, abandoned ${t.abandoned}; replay ${ms.toFixed(0)} ms`);
  results.push({ plan: p.name, agentHours: t.agentHours, peakAgents: peak, answeredRate: Number(t.answeredRate.toFixed(4)), callbacks: t.callbacks, serviceLevel: Number(t.serviceLevel.toFixed(4)), asaSeconds: Number(t.asaSeconds.toFixed(1)), abandoned: t.abandoned, replayMs: Number(ms.toFixed(1)) });
}
out(JSON.stringify({ bench: 'staffing', calls: day.length, ahtSeconds: AHT, patienceSeconds: PATIENCE, plans: results }));
