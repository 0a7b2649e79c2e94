/**
 * Erlang C and Erlang A, exact, pure (#24). No npm package does this; the formulas are textbook:
 *
 * - **Erlang C** (M/M/N, nobody hangs up): the offered load A = λ·AHT in erlangs; Erlang B by its
 *   stable recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)); the probability of waiting
 *   Pw = N·B / (N − A·(1 − B)); service level SL(t) = 1 − Pw·e^(−(N−A)·t/AHT); mean wait
 *   ASA = Pw·AHT / (N − A); occupancy A / N. Unstable (infinite wait) when N ≤ A.
 * - **Erlang A** (M/M/N+M, callers hang up after an exponential patience of mean 1/θ): the
 *   birth–death chain on the number of callers in the system, births λ, deaths n·μ up to N and
 *   N·μ + (n−N)·θ beyond, solved exactly (truncated where its terms vanish), never the closed-form
 *   approximations. P(wait) = P(n ≥ N) at arrival (PASTA); P(abandon) = Σ π_n (n−N) θ / λ;
 *   mean wait (of every caller, Little) = E[queue] / λ; the service level is the share of
 *   **all** callers answered within t — a caller who hangs up counts against it — from the
 *   transient chain of the callers ahead of an arrival, by uniformization.
 *
 * Known answers (test/unit/erlang.test.ts): 100 calls in 30 min, AHT 180 s, 14 agents →
 * Erlang C SL(20 s) 0.8884, Pw 0.1741, ASA 7.8 s; Erlang A with 5 minutes' patience → P(wait)
 * 0.14526, P(abandon) 0.013984, SL 0.916792.
 */

/** A queue's load: calls offered per hour and their mean handle time (talk + wrap-up). */
export interface Load {
  readonly callsPerHour: number;
  readonly ahtSeconds: number;
  /** Erlang A: the callers' mean patience; absent or Infinity: nobody hangs up (Erlang C). */
  readonly patienceSeconds?: number;
}

export interface QueueFigures {
  readonly agents: number;
  /** The offered load, erlangs (A = λ·AHT). */
  readonly erlangs: number;
  readonly pWait: number;
  /** 0 with Erlang C. */
  readonly pAbandon: number;
  /** Share of all callers answered within the threshold. */
  readonly serviceLevel: number;
  /** Mean wait of every caller (Erlang C: the ASA; Erlang A: E[queue]/λ, those who hang up included). */
  readonly meanWaitSeconds: number;
  /** 1 − P(abandon). */
  readonly answeredRate: number;
  /** The agents' busy share: the load served / agents. */
  readonly occupancy: number;
  /** False when the queue grows without end (Erlang C with agents ≤ erlangs). */
  readonly stable: boolean;
}

export function erlangs(load: Load): number {
  if (!(load.callsPerHour >= 0) || !(load.ahtSeconds > 0)) throw new RangeError(`a load needs callsPerHour ≥ 0 and ahtSeconds > 0 (got ${load.callsPerHour}, ${load.ahtSeconds})`);
  return (load.callsPerHour / 3600) * load.ahtSeconds;
}

/** Erlang B: the probability that all `agents` are busy (a lost call with no queue). */
export function erlangB(agents: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (a * b) / (n + a * b);
  return b;
}

function checkAgents(agents: number): void {
  if (!Number.isInteger(agents) || agents < 1) throw new RangeError(`agents must be a whole number ≥ 1 (got ${agents})`);
}

/** Erlang C: the figures of `agents` answering `load`, with the service level at `thresholdSeconds`. */
export function erlangC(load: Load, agents: number, thresholdSeconds: number): QueueFigures {
  checkAgents(agents);
  const a = erlangs(load);
  if (agents <= a) return { agents, erlangs: a, pWait: 1, pAbandon: 0, serviceLevel: 0, meanWaitSeconds: Infinity, answeredRate: 1, occupancy: 1, stable: false };
  const b = erlangB(agents, a);
  const pWait = (agents * b) / (agents - a * (1 - b));
  return {
    agents,
    erlangs: a,
    pWait,
    pAbandon: 0,
    serviceLevel: 1 - pWait * Math.exp((-(agents - a) * thresholdSeconds) / load.ahtSeconds),
    meanWaitSeconds: (pWait * load.ahtSeconds) / (agents - a),
    answeredRate: 1,
    occupancy: a / agents,
    stable: true,
  };
}

/** Below this a term of the chain no longer counts. */
const NEGLIGIBLE = 1e-16;

/** Erlang A: the figures of `agents` answering `load` whose callers hang up after `patienceSeconds` on average. */
export function erlangA(load: Load, agents: number, thresholdSeconds: number): QueueFigures {
  checkAgents(agents);
  const patience = load.patienceSeconds;
  if (patience === undefined || patience === Infinity) return erlangC(load, agents, thresholdSeconds);
  if (!(patience > 0)) throw new RangeError(`patienceSeconds must be > 0 (got ${patience})`);
  const a = erlangs(load);
  const lambda = load.callsPerHour / 3600;
  const mu = 1 / load.ahtSeconds;
  const theta = 1 / patience;
  if (lambda === 0) return { agents, erlangs: 0, pWait: 0, pAbandon: 0, serviceLevel: 1, meanWaitSeconds: 0, answeredRate: 1, occupancy: 0, stable: true };
  // The stationary distribution in logs (loads of hundreds of erlangs overflow a plain product).
  const logs: number[] = [0];
  let max = 0;
  for (let n = 1; ; n++) {
    const death = n <= agents ? n * mu : agents * mu + (n - agents) * theta;
    const l = (logs[n - 1] as number) + Math.log(lambda / death);
    logs.push(l);
    if (l > max) max = l;
    if (n > agents && death > lambda && l - max < Math.log(NEGLIGIBLE)) break;
  }
  const p = logs.map((l) => Math.exp(l - max));
  const total = p.reduce((s, x) => s + x, 0);
  const pi = p.map((x) => x / total);
  let pWait = 0;
  let queue = 0;
  for (let n = agents; n < pi.length; n++) {
    pWait += pi[n] as number;
    queue += (n - agents) * (pi[n] as number);
  }
  const pAbandon = (queue * theta) / lambda;
  return {
    agents,
    erlangs: a,
    pWait,
    pAbandon,
    serviceLevel: 1 - pWait + servedWithin(pi.slice(agents), agents * mu, theta, thresholdSeconds),
    meanWaitSeconds: queue / lambda,
    answeredRate: 1 - pAbandon,
    occupancy: (a * (1 - pAbandon)) / agents,
    stable: true,
  };
}

/**
 * Of the callers who arrive to find all agents busy, with j callers ahead of them (probability
 * `ahead[j]`), the share answered within t: their place advances at rate Nμ + jθ (an answer, or
 * one ahead hanging up), and they hang up themselves at rate θ. Uniformization of that chain.
 */
function servedWithin(ahead: readonly number[], serviceRate: number, theta: number, t: number): number {
  const uniform = serviceRate + ahead.length * theta;
  const steps = uniform * t;
  let v = Float64Array.from(ahead);
  let served = 0;
  let result = 0;
  let seen = 0;
  // Poisson weights in logs: a long threshold makes e^(−Λt) underflow.
  let logWeight = -steps;
  for (let m = 0; ; m++) {
    const weight = Math.exp(logWeight);
    seen += weight;
    result += weight * served;
    if (m > steps && (seen > 1 - NEGLIGIBLE || weight < NEGLIGIBLE)) return result + Math.max(0, 1 - seen) * served;
    const next = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (x === 0) continue;
      const advance = serviceRate + i * theta;
      if (i === 0) served += (x * advance) / uniform;
      else next[i - 1] = (next[i - 1] as number) + (x * advance) / uniform;
      // Staying put (the uniformization's self-loop); hanging up (rate θ) leaves the chain.
      next[i] = (next[i] as number) + (x * (uniform - advance - theta)) / uniform;
    }
    v = next;
    logWeight += Math.log(steps) - Math.log(m + 1);
  }
}

/** What a queue must achieve: every target given is met (absent: not asked). */
export interface Target {
  /** At least this share of all callers answered within `seconds` (e.g. 0.8 in 20 s). */
  readonly serviceLevel?: { readonly share: number; readonly seconds: number };
  readonly maxMeanWaitSeconds?: number;
  /** Erlang A: at least this share answered (1 − abandons). */
  readonly minAnsweredRate?: number;
  /** Agents no busier than this (burn-out). */
  readonly maxOccupancy?: number;
}

export interface Staffing {
  /** Agents on the phones: the fewest that meet every target. */
  readonly agents: number;
  readonly figures: QueueFigures;
  /** Agents to schedule, before rounding: agents / (1 − shrinkage). */
  readonly scheduled: number;
  /** …rounded up: the people to put on the rota. */
  readonly scheduledAgents: number;
}

const meets = (f: QueueFigures, t: Target): boolean =>
  f.stable &&
  (t.serviceLevel === undefined || f.serviceLevel >= t.serviceLevel.share) &&
  (t.maxMeanWaitSeconds === undefined || f.meanWaitSeconds <= t.maxMeanWaitSeconds) &&
  (t.minAnsweredRate === undefined || f.answeredRate >= t.minAnsweredRate) &&
  (t.maxOccupancy === undefined || f.occupancy <= t.maxOccupancy);

/** Far more agents than any call center has: a target still not met there is refused. */
const MAX_AGENTS = 5000;

/**
 * The fewest agents that meet `target` for `load` (Erlang A when the load has a patience, else
 * Erlang C), and the people to schedule once `shrinkage` (breaks, training, absence: 0–0.9) is
 * taken out. No load: no agent.
 */
export function agentsFor(load: Load, target: Target, shrinkage = 0): Staffing {
  if (!(shrinkage >= 0 && shrinkage < 0.9)) throw new RangeError(`shrinkage must be from 0 to 0.9 (got ${shrinkage})`);
  const threshold = target.serviceLevel?.seconds ?? 20;
  const model = load.patienceSeconds === undefined || load.patienceSeconds === Infinity ? erlangC : erlangA;
  const a = erlangs(load);
  if (a === 0) return { agents: 0, figures: { agents: 0, erlangs: 0, pWait: 0, pAbandon: 0, serviceLevel: 1, meanWaitSeconds: 0, answeredRate: 1, occupancy: 0, stable: true }, scheduled: 0, scheduledAgents: 0 };
  // Every figure improves with each agent added (test/unit/erlang.test.ts): the fewest that meet
  // the target are found by doubling, then halving. With Erlang A they may be fewer than the load.
  const ok = (n: number) => meets(model(load, n, threshold), target);
  let hi = Math.max(1, Math.ceil(a));
  while (!ok(hi)) {
    if (hi >= MAX_AGENTS) throw new RangeError(`no number of agents up to ${MAX_AGENTS} meets the target for ${load.callsPerHour} calls an hour`);
    hi = Math.min(MAX_AGENTS, hi * 2);
  }
  let lo = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  const scheduled = hi / (1 - shrinkage);
  // 14 / 0.7 is 20.000000000000004 in floating point: 20 people, not 21.
  return { agents: hi, figures: model(load, hi, threshold), scheduled, scheduledAgents: Math.ceil(scheduled - 1e-9) };
}
