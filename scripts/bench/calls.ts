/**
 * `npm run bench:calls`: concurrent real calls to 020202 that press 2 (Tributi) and reach the queue
 * through SIPp → Asterisk → engine → Redis. Prints figures, then one JSON line.
 *   BENCH_CALLS (default 300) calls at BENCH_RATE (default 15) new calls per second;
 *   each lasts about 15 s, so about BENCH_RATE × 15 are in progress at the peak.
 * Uses its own Redis (port 6391, .data/bench-redis) and restarts Asterisk; stop `npm run up` first.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { keys } from '../../src/store/keys.js';
import { paths } from '../stack/paths.js';
import { startStack, stopStack } from '../stack/stack.js';

const calls = Number(process.env.BENCH_CALLS ?? 300);
const rate = Number(process.env.BENCH_RATE ?? 15);
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const config = loadConfig({ ...process.env, CC_REDIS_URL: 'redis://127.0.0.1:6391', CC_LOG_LEVEL: 'info' });

async function main(): Promise<void> {
  mkdirSync(paths.logsDir, { recursive: true });
  await startStack(config, 'bench-redis');
  const app = buildApp(config, createLogger('info', pino.destination({ dest: join(paths.logsDir, 'bench-engine.log'), sync: false })));
  try {
    await app.redis.redis.flushall();
    await app.start();
    const deadline = Date.now() + 30_000;
    while (!app.telephony.isConnected() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!app.telephony.isConnected()) throw new Error('engine did not connect to ARI');

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
        '127.0.0.1:5060', '-sf', join(paths.projectDir, 'test/sipp/uac-dtmf-2-4-expect-engine-bye.xml'),
        '-s', '020202', '-key', 'caller', '3331234567', '-i', '127.0.0.1', '-p', '5090', '-mp', '20000',
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

    const lines = readFileSync(statFile, 'utf8').trim().split('\n');
    const header = (lines[0] ?? '').split(';');
    const last = (lines[lines.length - 1] ?? '').split(';');
    const col = (name: string): string => last[header.indexOf(name)] ?? '';
    const successful = Number(col('SuccessfulCall(C)'));
    const failed = Number(col('FailedCall(C)'));
    const retransmissions = Number(col('Retransmissions(C)'));
    const answerMs = durationMs(col('ResponseTime1(C)'));
    const leftLive = await app.redis.redis.scard(keys.activeCalls());
    const ended = await app.redis.redis.xlen(keys.events());

    const result = {
      bench: 'calls',
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
    };
    out(`calls placed ${calls} at ${rate}/s: ${successful} successful, ${failed} failed, ${retransmissions} SIP retransmissions`);
    out(`peak concurrent calls in the engine: ${peak}; mean INVITE→200 OK: ${answerMs} ms`);
    out(`engine CPU ${result.engineCpuPercent}% of one core over ${result.wallSeconds} s; event-loop delay p99 ${result.eventLoopDelayP99Ms} ms, max ${result.eventLoopDelayMaxMs} ms; RSS ${result.engineRssMb} MB`);
    out(`live calls left in Redis: ${leftLive}; events logged: ${ended}`);
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
