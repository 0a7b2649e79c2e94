/**
 * `npm run bench:calls`: concurrent real calls to 020202 that press 2 (Tributi) and reach the queue
 * through SIPp → Asterisk → engine → Redis. Prints figures, then one JSON line.
 *   BENCH_CALLS (default 300) calls at BENCH_RATE (default 15) new calls per second;
 *   each lasts about 15 s, so about BENCH_RATE × 15 are in progress at the peak.
 *   BENCH_SCENARIO=hangup-storm: instead, every caller hangs up at a random instant 0-4 s after the
 *   answer, during twelve prompt starts (scripts/bench/prompt-starts-flow.ts); the engine must
 *   live on with no fault nobody handled and no call left.
 * Uses its own Redis (port 6391, .data/bench-redis) and restarts Asterisk; stop `npm run up` first.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { keys } from '../../src/store/keys.js';
import { paths } from '../stack/paths.js';
import { readSippStats } from '../stack/sipp-stats.js';
import { startStack, stopStack } from '../stack/stack.js';
import { installProcessGuard, processFaults } from '../../src/process-guard.js';
import { PROMPT_STARTS_FLOW, PROMPT_STARTS_FLOW_ID, PROMPT_STARTS_NUMBER } from './prompt-starts-flow.js';

const calls = Number(process.env.BENCH_CALLS ?? 300);
const rate = Number(process.env.BENCH_RATE ?? 15);
const storm = process.env.BENCH_SCENARIO === 'hangup-storm';
if (process.env.BENCH_SCENARIO !== undefined && !storm) throw new Error(`BENCH_SCENARIO=${process.env.BENCH_SCENARIO}: the only scenario is hangup-storm`);
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const config = loadConfig({
  ...process.env,
  CC_REDIS_URL: 'redis://127.0.0.1:6391',
  CC_LOG_LEVEL: 'info',
  // The storm's flow is published here: its prompts are rendered where Asterisk reads them.
  CC_SOUNDS_DIR: join(paths.asteriskRoot, 'usr/share/asterisk/sounds/cc'),
});

async function main(): Promise<void> {
  mkdirSync(paths.logsDir, { recursive: true });
  await startStack(config, 'bench-redis');
  const logger = createLogger('info', pino.destination({ dest: join(paths.logsDir, 'bench-engine.log'), sync: false }));
  // As in production: what nobody handled is logged and counted, and the engine goes on.
  installProcessGuard(logger);
  const app = buildApp(config, logger);
  try {
    await app.redis.redis.flushall();
    await app.start();
    const deadline = Date.now() + 30_000;
    while (!app.telephony.isConnected() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!app.telephony.isConnected()) throw new Error('engine did not connect to ARI');
    if (storm) {
      const published = await app.http.inject({ method: 'POST', url: `/api/flows/${PROMPT_STARTS_FLOW_ID}/publish`, headers: { authorization: `Bearer ${config.CC_API_TOKENS.split(',')[0]?.split(':')[1] ?? ''}` }, payload: { text: PROMPT_STARTS_FLOW, message: 'bench' } });
      if (published.statusCode >= 300) throw new Error(`publishing the storm's flow: ${published.statusCode} ${published.body}`);
    }

    const statFile = join(paths.logsDir, 'bench-sipp-stat.csv');
    rmSync(statFile, { force: true });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, app.calls.activeSessions())), 100);
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const sipp = spawn('sipp', [
        '127.0.0.1:5060', '-sf', join(paths.projectDir, storm ? 'test/sipp/uac-hangup-at-random-0-4s-expect-200.xml' : 'test/sipp/uac-dtmf-2-4-expect-engine-bye.xml'),
        '-s', storm ? PROMPT_STARTS_NUMBER : '020202', '-key', 'caller', '3331234567', '-i', '127.0.0.1', '-p', '5090', '-mp', '20000',
        '-m', String(calls), '-r', String(rate), '-l', String(calls), '-timeout', '300s', '-timeout_error', '-nostdin',
        '-trace_stat', '-stf', statFile, '-fd', '1',
      ], { stdio: 'ignore' });
      sipp.on('error', reject);
      sipp.on('exit', resolve);
    });
    const wallMs = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    loop.disable();

    const stats = readSippStats(statFile);
    const col = (name: string): string => stats?.(name) ?? '';
    const successful = Number(col('SuccessfulCall(C)'));
    const failed = Number(col('FailedCall(C)'));
    const retransmissions = Number(col('Retransmissions(C)'));
    const answerMs = durationMs(col('ResponseTime1(C)'));
    // Sessions end a moment after the last BYE.
    for (let i = 0; i < 100 && app.calls.activeSessions() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    const leftLive = await app.redis.redis.scard(keys.activeCalls());
    const faults = processFaults();
    const ended = await app.redis.redis.xlen(keys.events());

    const result = {
      bench: 'calls',
      scenario: storm ? 'hangup-storm' : 'menu-2-queue',
      calls,
      rate,
      sippExit: code,
      successful,
      failed,
      retransmissions,
      peakConcurrentCalls: peak,
      meanAnswerMs: answerMs,
      wallSeconds: Math.round(wallMs / 100) / 10,
      engineCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
      eventLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
      eventLoopDelayMaxMs: Math.round(loop.max / 1e4) / 100,
      engineRssMb: Math.round(process.memoryUsage().rss / 1048576),
      liveCallsLeft: leftLive,
      eventsLogged: ended,
      engineConnectedAtEnd: app.telephony.isConnected(),
      unhandledRejections: faults.unhandledRejections,
      uncaughtExceptions: faults.uncaughtExceptions,
    };
    out(`calls placed ${calls} at ${rate}/s: ${successful} successful, ${failed} failed, ${retransmissions} SIP retransmissions`);
    out(`peak concurrent calls in the engine: ${peak}; mean INVITE→200 OK: ${answerMs} ms`);
    out(`engine CPU ${result.engineCpuPercent}% of one core over ${result.wallSeconds} s; event-loop delay p99 ${result.eventLoopDelayP99Ms} ms, max ${result.eventLoopDelayMaxMs} ms; RSS ${result.engineRssMb} MB`);
    out(`live calls left in Redis: ${leftLive}; events logged: ${ended}`);
    out(`engine connected at the end: ${result.engineConnectedAtEnd}; faults nobody handled: ${faults.unhandledRejections} rejections, ${faults.uncaughtExceptions} exceptions`);
    out(JSON.stringify(result));
  } finally {
    await app.close();
    await stopStack(config, 'bench-redis');
  }
}

/** SIPp prints durations as HH:MM:SS:mmmuuu. */
function durationMs(text: string): number {
  const [h, m, s, frac] = text.split(':').map(Number);
  if ([h, m, s, frac].some((n) => n === undefined || Number.isNaN(n))) return Number.NaN;
  return Math.round(((h as number) * 3600 + (m as number) * 60 + (s as number)) * 1000 + (frac as number) / 1000);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
