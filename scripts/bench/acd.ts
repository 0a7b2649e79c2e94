/**
 * ACD benchmark. Prints figures, then one JSON line.
 * 1. Routing decisions (pure core): 10,000 waiting calls (one in ten a callback waiting for its
 *    turn, without a channel), 2,000 agents, 50 skills, 100 queues — call → agent and agent → call
 *    (a quarter of them passing over callbacks, as when callbacks have used their share),
 *    per-decision latency and decisions per second.
 * 2. Memory of the routing state per waiting call.
 * 3. Agent available → originate request sent: the engine's ACD on a real Redis (its own, port
 *    6392, .data/bench-acd-redis; the Lua claim included) with a fake telephony that timestamps
 *    the originate.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Acd } from '../../src/acd/acd.js';
import { queueDefinitionSchema, type AcdConfig, type QueueDefinition } from '../../src/acd/queue-config.js';
import { RoutingState, type AgentStatus, type RoutingCall } from '../../src/acd/routing.js';
import { createLogger } from '../../src/logger.js';
import { connectRedis } from '../../src/store/redis.js';
import { RedisAcdStore } from '../../src/store/redis-acd-store.js';
import { RedisEventLog } from '../../src/store/redis-call-store.js';
import { FakeTelephony } from '../../src/telephony/fake-telephony.js';
import type { OriginateParams } from '../../src/telephony/telephony.js';
import { paths } from '../stack/paths.js';
import { startRedis, stopRedis } from '../stack/redis.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

/** Deterministic pseudo-random numbers: the same workload every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function buildWorld(rand: () => number) {
  const skills = Array.from({ length: 50 }, (_, i) => `s${i}`);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const queues = new Map<string, QueueDefinition>();
  for (let i = 0; i < 100; i++) {
    const relaxation = i % 3 === 0 ? [{ afterSeconds: 60, level: 1 }, { afterSeconds: 180, overflowTo: `q${(i + 1) % 100}` }] : [];
    queues.set(`q${i}`, queueDefinitionSchema.parse({ name: `q${i}`, skills: [{ skill: pick(skills), level: 1 + Math.floor(rand() * 3) }], priority: Math.floor(rand() * 10), relaxation, strategy: pick(['longest-idle', 'best-proficiency', 'least-occupied']) }));
  }
  const queueIds = [...queues.keys()];
  return { skills, queues, queueIds, pick };
}

function routingBench() {
  const rand = rng(42);
  const { skills, queues, queueIds, pick } = buildWorld(rand);
  const now = Date.parse('2026-11-23T09:00:00Z');
  const state = new RoutingState(queues);
  const statuses: AgentStatus[] = ['available', 'on_call', 'wrap_up', 'paused'];
  for (let i = 0; i < 2000; i++) {
    const agentSkills = new Map<string, number>();
    for (let k = 0; k < 3 + Math.floor(rand() * 4); k++) agentSkills.set(pick(skills), 1 + Math.floor(rand() * 5));
    const agentQueues = new Set<string>();
    for (let k = 0; k < 2 + Math.floor(rand() * 4); k++) agentQueues.add(pick(queueIds));
    state.upsertAgent({ id: `a${i}`, skills: agentSkills, queues: [...agentQueues], status: rand() < 0.5 ? 'available' : pick(statuses), availableSince: now - Math.floor(rand() * 3_600_000), occupiedSeconds: Math.floor(rand() * 20_000) });
  }
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const calls: RoutingCall[] = [];
  for (let i = 0; i < 10_000; i++) {
    const c: RoutingCall = { callId: `c${i}`, queueId: pick(queueIds), priority: Math.floor(rand() * 10), enteredAt: now - Math.floor(rand() * 600_000), seq: i, ...(i % 10 === 0 ? { callback: `cb${i}` } : {}) };
    calls.push(c);
    state.addCall(c);
  }
  gc?.();
  const perCallBytes = Math.round((process.memoryUsage().heapUsed - before) / 10_000);

  const agentIds = Array.from({ length: 2000 }, (_, i) => `a${i}`);
  const timings: number[] = [];
  const N = 100_000;
  let found = 0;
  // Warm up the JIT first; then measure each decision.
  for (let i = 0; i < 5000; i++) state.chooseCall(pick(agentIds), now);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    const r = i % 2 === 0 ? state.chooseCall(pick(agentIds), now, i % 4 === 0) : state.chooseAgent(pick(calls).callId, now);
    timings.push(performance.now() - s);
    if (r) found++;
  }
  const total = performance.now() - t0;
  timings.sort((a, b) => a - b);
  // Throughput without the per-decision clock reads.
  const t1 = performance.now();
  for (let i = 0; i < N; i++) {
    if (i % 2 === 0) state.chooseCall(agentIds[i % 2000] as string, now, i % 4 === 0);
    else state.chooseAgent((calls[i % 10_000] as RoutingCall).callId, now);
  }
  const perSecond = Math.round(N / ((performance.now() - t1) / 1000));
  return { p50Us: +(percentile(timings, 50) * 1000).toFixed(1), p99Us: +(percentile(timings, 99) * 1000).toFixed(1), maxUs: +((timings[timings.length - 1] ?? 0) * 1000).toFixed(1), decisionsPerSecond: perSecond, withResult: found / N, measuredMs: Math.round(total), perCallBytes };
}

async function originateBench() {
  const redisInstance = { port: 6392, dir: join(paths.dataDir, 'bench-acd-redis') };
  mkdirSync(redisInstance.dir, { recursive: true });
  await startRedis(redisInstance);
  const conn = connectRedis(`redis://127.0.0.1:${redisInstance.port}`, createLogger('silent'));
  try {
    await conn.redis.flushall();
    const queue = queueDefinitionSchema.parse({ name: 'Bench', skills: [{ skill: 'x', level: 1 }], announcements: { everySeconds: 600 }, maxWaitSeconds: 7200, maxLength: 100_000 });
    const config: AcdConfig = { skills: new Map([['x', 'X']]), pauseReasons: new Map([['non-risponde', 'Non risponde']]), queues: new Map([['bench', queue]]) };
    const telephony = new FakeTelephony(1);
    const store = new RedisAcdStore(conn);
    let originated: ((p: OriginateParams) => void) | undefined;
    const original = telephony.originate.bind(telephony);
    telephony.originate = (p) => {
      originated?.(p);
      return original(p);
    };
    const acd = new Acd({ store, telephony, events: new RedisEventLog(conn), logger: createLogger('silent'), now: () => new Date(), config, instance: 'bench', promptTimeoutMs: 60_000 });
    await acd.start();
    await acd.saveAgent({ id: 'agent', name: 'Agente', endpoint: '1001', skills: { x: 3 }, queues: ['bench'] }, 'bench');
    await acd.agentAction('agent', 'login', undefined, 'bench');
    await acd.agentAction('agent', 'pause', 'non-risponde', 'bench');
    // 200 callers waiting; each round the agent becomes available and is offered the head call.
    const waiting = 200;
    for (let i = 0; i < waiting; i++) {
      const call = telephony.placeCall({ dialledNumber: '020202' });
      void acd.queue(call, `call-${i}`, { queue: 'bench', priority: 5, data: {}, tags: [] }, createLogger('silent')).catch(() => undefined);
    }
    while (acd.routing.waitingIn('bench') < waiting) await new Promise((r) => setImmediate(r));
    const rounds = 300;
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const sent = new Promise<number>((resolve) => (originated = () => resolve(performance.now())));
      const t0 = performance.now();
      await acd.agentAction('agent', 'ready', undefined, 'bench');
      ms.push((await sent) - t0);
      // The phone refuses: the agent is paused again, the call goes back in its place.
      const offered = (await store.queuedCalls()).find((c) => c.status === 'offered');
      if (offered?.legChannelId) telephony.channelGone(offered.legChannelId, 'No answer');
      while (acd.routing.agent('agent')?.status !== 'paused') await new Promise((r) => setTimeout(r, 1));
    }
    ms.sort((a, b) => a - b);
    for (const c of telephony.calls) c.callerHangsUp();
    await acd.stop();
    return { rounds, waiting, p50Ms: +percentile(ms, 50).toFixed(2), p99Ms: +percentile(ms, 99).toFixed(2), maxMs: +(ms[ms.length - 1] ?? 0).toFixed(2) };
  } finally {
    await conn.close();
    await stopRedis(redisInstance);
  }
}

async function main(): Promise<void> {
  const routing = routingBench();
  out(`routing: 10,000 waiting calls (1,000 of them callbacks), 2,000 agents, 50 skills, 100 queues`);
  out(`  decision latency p50 ${routing.p50Us} µs, p99 ${routing.p99Us} µs, max ${routing.maxUs} µs (target p99 < 100 µs)`);
  out(`  ${routing.decisionsPerSecond} decisions/s (target > 100,000); ${(routing.withResult * 100).toFixed(0)} % of decisions found a match`);
  out(`  routing state: ${routing.perCallBytes} bytes of heap per waiting call${gc ? '' : ' (run with --expose-gc for a steadier figure)'}`);
  const originate = await originateBench();
  out(`agent available → originate sent (real Redis, Lua claim, ${originate.waiting} callers waiting, ${originate.rounds} rounds):`);
  out(`  p50 ${originate.p50Ms} ms, p99 ${originate.p99Ms} ms, max ${originate.maxMs} ms (target p99 < 5 ms)`);
  out(JSON.stringify({ bench: 'acd', routing, originate }));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
