/**
 * `npm run soak`: a steady load for a long while, to see that nothing fails, leaks or is left
 * behind. SOAK_RATE new calls a second (default 10) for SOAK_MINUTES (default 10): a share
 * (SOAK_QUEUE_SHARE, default 0.3) wait in a queue for one of SOAK_AGENTS agents (default 20,
 * extensions 1001…) whose phones (SIPp) answer, talk SOAK_TALK_S seconds (default 3) and hang up,
 * then the agent wraps up (2 s); the others listen to the IVR for 12 s and hang up.
 * Sampled every 10 s: the engine's resident memory and heap (its floor, after collections),
 * event-loop delay, calls in progress. At the end: failed calls on every side, memory growth
 * after the warm-up (the first fifth of the run), what is left in Redis (live calls, queued
 * callers, per-call keys), agents not available. Prints figures, then one JSON line.
 * Own Redis (port 6394, .data/soak-redis); restarts Asterisk: stop `npm run up` first.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { keys } from '../../src/store/keys.js';
import { CHAOS_FLOWS, CHAOS_IVR_NUMBER, CHAOS_QUEUE, CHAOS_QUEUE_NUMBER } from '../chaos/flows.js';
import { AgentPhones } from '../chaos/agent-phones.js';
import { EngineProcess, engineEnv } from '../chaos/engine-process.js';
import { agentsAvailable, shortenWrapUp } from '../chaos/queue-setup.js';
import { SippLoad } from '../chaos/sipp-load.js';
import { paths } from '../stack/paths.js';
import { startStack, stopStack } from '../stack/stack.js';
import { keyPatterns, memoryGrowth, type MemorySample } from './soak-figures.js';

const rate = Number(process.env.SOAK_RATE ?? 10);
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const queueShare = Number(process.env.SOAK_QUEUE_SHARE ?? 0.3);
const agentCount = Number(process.env.SOAK_AGENTS ?? 20);
const talkSeconds = Number(process.env.SOAK_TALK_S ?? 3);
const IVR_HOLD_S = 12;
const WRAP_UP_S = 2;
const PORT = 3962;
const AGENTS_SIP_PORT = 5160;
const REDIS_DIR = 'soak-redis';
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = engineEnv(6394, PORT);
const config = loadConfig(env);

async function main(): Promise<void> {
  if (!(rate > 0 && minutes > 0 && queueShare >= 0 && queueShare <= 1 && agentCount >= 1 && agentCount <= 20)) {
    throw new Error('SOAK_RATE and SOAK_MINUTES must be positive, SOAK_QUEUE_SHARE between 0 and 1, SOAK_AGENTS 1 to 20 (extensions 1001–1020)');
  }
  mkdirSync(paths.logsDir, { recursive: true });
  await startStack(config, REDIS_DIR);
  const engine = new EngineProcess(env, PORT, join(paths.logsDir, 'soak-engine.log'));
  const extensions = Array.from({ length: agentCount }, (_, i) => String(1001 + i));
  const phones = new AgentPhones(extensions, AGENTS_SIP_PORT, talkSeconds, 'soak');
  const loads: SippLoad[] = [];
  try {
    await engine.flushRedis();
    await engine.start();
    await prepare(engine, extensions);
    await phones.register();
    phones.start();
    const keysBefore = await engine.redisCommand(['--scan']);
    const durationS = minutes * 60;
    const ivr = new SippLoad('ivr', CHAOS_IVR_NUMBER, rate * (1 - queueShare), IVR_HOLD_S, durationS, 5170, undefined, 'soak');
    const queue = new SippLoad('queue', CHAOS_QUEUE_NUMBER, rate * queueShare, 0, durationS, 5171, 'uac-expect-answer-then-engine-bye.xml', 'soak');
    loads.push(ivr, queue);
    for (const l of loads) l.start();
    out(`soak: ${rate} new calls a second for ${minutes} min (${Math.round(queueShare * 100)} % to a queue of ${agentCount} agents who talk ${talkSeconds} s, the rest ${IVR_HOLD_S} s in the IVR)`);

    const samples: MemorySample[] = [];
    const started = Date.now();
    while (Date.now() - started < durationS * 1000) {
      await sleep(10_000);
      const s = await sample(engine, (Date.now() - started) / 1000);
      samples.push(s);
      if (Math.floor(s.atSeconds / 60) > Math.floor((samples.at(-2)?.atSeconds ?? 0) / 60)) {
        out(`  ${Math.round(s.atSeconds / 60)} min: RSS ${s.rssMb} MB, heap ${s.heapMb} MB, event loop p99 ${s.loopP99Ms} ms, ${s.liveCalls} calls in progress, ${s.queued} queued; failed so far ${ivr.failed() + queue.failed()}`);
      }
    }
    for (const l of loads) await l.done();
    // The last conversations end, the agents wrap up.
    await sleep((talkSeconds + WRAP_UP_S + 10) * 1000);
    const agentCalls = phones.totals();
    const agents = await engine.api<{ id: string; status: string }[]>('GET', '/api/agents');
    const notAvailable = agents.filter((a) => a.status !== 'available').map((a) => `${a.id}: ${a.status}`);
    const liveCalls = Number(await engine.redisCommand(['SCARD', keys.activeCalls()]));
    const queued = Number(await engine.redisCommand(['ZCARD', keys.queue(CHAOS_QUEUE)]));
    const callKeys = (await engine.redisCommand(['--scan', '--pattern', keys.call('*')])).split('\n').filter(Boolean).length;
    const left = keyPatterns(keysBefore, await engine.redisCommand(['--scan']));
    const memory = memoryGrowth(samples);
    const result = {
      bench: 'soak',
      rate,
      minutes,
      queueShare,
      agents: agentCount,
      calls: { ivr: ivr.totals(), queue: queue.totals(), agentPhones: agentCalls },
      failed: ivr.failed() + queue.failed() + agentCalls.failed,
      memory,
      eventLoopP99MaxMs: Math.max(...samples.map((s) => s.loopP99Ms)),
      left: { liveCalls, queued, callKeys, newKeyPatterns: left },
      agentsNotAvailable: notAvailable,
    };
    out(`calls: IVR ${result.calls.ivr.successful} ok / ${result.calls.ivr.failed} failed; queue ${result.calls.queue.successful} ok / ${result.calls.queue.failed} failed; agents' phones ${agentCalls.answered} ok / ${agentCalls.failed} failed`);
    out(`memory after warm-up: RSS ${memory.rssStartMb} → ${memory.rssEndMb} MB (${memory.rssGrowthPct} %), heap floor ${memory.heapStartMb} → ${memory.heapEndMb} MB (${memory.heapGrowthPct} %)`);
    out(`left behind: ${liveCalls} live calls, ${queued} queued, ${callKeys} call keys; key patterns new since the start: ${Object.entries(left).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`);
    out(`agents not available at the end: ${notAvailable.join(', ') || 'none'}`);
    out(JSON.stringify(result));
  } finally {
    for (const l of loads) l.stop();
    phones.stop();
    await engine.stop();
    await stopStack(config, REDIS_DIR);
  }
}

/** The chaos flows (IVR, queue) published; the queue's wrap-up shortened; the agents logged in and available. */
async function prepare(e: EngineProcess, extensions: readonly string[]): Promise<void> {
  for (const f of CHAOS_FLOWS) await e.api('POST', `/api/flows/${f.id}/publish`, { text: f.text, message: 'soak' });
  await shortenWrapUp(e, [CHAOS_QUEUE], WRAP_UP_S, 'soak: short wrap-up');
  await agentsAvailable(e, 'soak', extensions, CHAOS_QUEUE, CHAOS_QUEUE);
}

async function sample(engine: EngineProcess, atSeconds: number): Promise<MemorySample> {
  const pid = engine.pid();
  const status = pid === undefined ? '' : readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  return {
    atSeconds,
    rssMb: Math.round(rssKb / 102.4) / 10,
    heapMb: Math.round(metric('cc_nodejs_heap_size_used_bytes') / 104857.6) / 10,
    loopP99Ms: Math.round(metric('cc_nodejs_eventloop_lag_p99_seconds') * 10_000) / 10,
    liveCalls: Number(await engine.redisCommand(['SCARD', keys.activeCalls()])),
    queued: Number(await engine.redisCommand(['ZCARD', keys.queue(CHAOS_QUEUE)])),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
