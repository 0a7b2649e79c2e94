/**
 * `npm run bench:capacity`: the engine against Asterisk's own dialplan doing the same work, on the
 * same Asterisk, in one run, alternating. Each call is answered and hears one 8-second prompt three
 * times, then the far end hangs up: natively (Answer, Playback ×3, Hangup: a dialplan extension this
 * bench adds) or through ARI (a flow of three play steps). For each target of concurrent calls
 * (CAPACITY_TARGETS, default 200,500,800; twice that many calls) at CAPACITY_RATE new calls a second (default 40): failed
 * calls, SIP retransmissions, INVITE→200 OK (mean, p99), CPU per call (Asterisk + engine), the
 * engine's event-loop delay. Prints the table, then one JSON line.
 * CAPACITY_SCENARIO=queue: callers waiting in a queue instead (its one agent logged in and paused),
 * each hanging up after 20 s: natively Answer and MusicOnHold; through the engine a flow whose only
 * step is the queue (music on hold, the queue's announcements).
 * Own Redis (port 6393, .data/capacity-redis); restarts Asterisk: stop `npm run up` first.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { parseDocument } from 'yaml';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { promptFileBase } from '../../src/shared/prompts.js';
import { renderPrompt } from '../../src/shared/render-prompt.js';
import { asteriskCli, asteriskPid } from '../stack/asterisk.js';
import { paths } from '../stack/paths.js';
import { readSippStats } from '../stack/sipp-stats.js';
import { startStack, stopStack } from '../stack/stack.js';

const targets = (process.env.CAPACITY_TARGETS ?? '200,500,800').split(',').map(Number);
const rate = Number(process.env.CAPACITY_RATE ?? 40);
const scenario = process.env.CAPACITY_SCENARIO ?? 'prompts';
if (scenario !== 'prompts' && scenario !== 'queue') throw new Error(`CAPACITY_SCENARIO: prompts or queue, not ${scenario}`);
const QUEUE_HOLD_MS = 20_000;
const ENGINE_NUMBER = '0200000004';
const NATIVE_NUMBER = '0200000003';
const TEXT = 'Benvenuto nella prova di capacità del centro di contatto. Questo messaggio dura alcuni secondi e viene ripetuto tre volte, poi la chiamata termina.';
const REDIS_DIR = 'capacity-redis';
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const soundsDir = join(paths.asteriskRoot, 'usr/share/asterisk/sounds/cc');
const config = loadConfig({ ...process.env, CC_REDIS_URL: 'redis://127.0.0.1:6393', CC_LOG_LEVEL: 'warn', CC_SOUNDS_DIR: soundsDir });
const TOKEN = `Bearer ${config.CC_API_TOKENS.split(',')[0]?.split(':')[1] ?? ''}`;

const FLOW = `
id: capacity
numbers: ["${ENGINE_NUMBER}"]
language: it
prompts:
  lungo: ${TEXT}
start: p1
nodes:
  p1: { type: play, prompts: [lungo], next: p2 }
  p2: { type: play, prompts: [lungo], next: p3 }
  p3: { type: play, prompts: [lungo], next: fine }
  fine: { type: hangup }
`;

const QUEUE_FLOW = `
id: capacity
numbers: ["${ENGINE_NUMBER}"]
language: it
prompts: {}
start: coda
nodes:
  coda: { type: queue, queue: generale }
`;

const NATIVE = (file: string) => `; written by npm run bench:capacity (included by extensions.conf's #tryinclude, in [from-trunk])
exten => ${NATIVE_NUMBER},1,Goto(bench-native,${scenario === 'queue' ? 'queue' : 's'},1)

[bench-native]
exten => s,1,Answer()
 same => n,Playback(cc/${file})
 same => n,Playback(cc/${file})
 same => n,Playback(cc/${file})
 same => n,Hangup()
exten => queue,1,Answer()
 same => n,MusicOnHold(default)
`;

interface Run {
  readonly mode: 'native' | 'engine';
  readonly target: number;
  readonly calls: number;
  readonly failed: number;
  readonly retransmissions: number;
  readonly answerMeanMs: number;
  readonly answerP99Ms: number;
  readonly cpuMsPerCall: number;
  readonly engineCpuMsPerCall: number;
  readonly eventLoopP99Ms: number;
}

/** CPU time (ms) Asterisk has used so far, from /proc (clock ticks of 10 ms). */
function asteriskCpuMs(): number {
  const pid = asteriskPid();
  if (pid === undefined) throw new Error('Asterisk is not running');
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  mkdirSync(paths.logsDir, { recursive: true });
  await startStack(config, REDIS_DIR);
  await renderPrompt(TEXT, soundsDir);
  writeFileSync(join(paths.asteriskRoot, 'etc/asterisk/extensions-bench.conf'), NATIVE(promptFileBase(TEXT)));
  await asteriskCli('dialplan reload');
  const logger = createLogger('warn', pino.destination({ dest: join(paths.logsDir, 'bench-capacity-engine.log'), sync: false }));
  const app = buildApp(config, logger);
  try {
    await app.redis.redis.flushall();
    await app.start();
    for (let i = 0; i < 300 && !app.telephony.isConnected(); i++) await new Promise((r) => setTimeout(r, 100));
    const published = await app.http.inject({ method: 'POST', url: '/api/flows/capacity/publish', headers: { authorization: TOKEN }, payload: { text: scenario === 'queue' ? QUEUE_FLOW : FLOW, message: 'bench' } });
    if (published.statusCode >= 300) throw new Error(`publishing the bench flow: ${published.statusCode} ${published.body}`);
    if (scenario === 'queue') {
      // Room for every caller in the queue (200 by default).
      const live = (await app.http.inject({ method: 'GET', url: '/api/queues/config', headers: { authorization: TOKEN } })).json<{ text: string }>();
      const doc = parseDocument(live.text);
      doc.setIn(['queues', 'generale', 'maxLength'], 5000);
      const queues = await app.http.inject({ method: 'POST', url: '/api/queues/config/publish', headers: { authorization: TOKEN }, payload: { text: doc.toString(), message: 'bench' } });
      if (queues.statusCode >= 300) throw new Error(`publishing the queues: ${queues.statusCode} ${queues.body}`);
      // One agent, logged in and paused: every caller waits (music on hold and announcements).
      const agent = (method: 'PUT' | 'POST', url: string, payload: object) => app.http.inject({ method, url, headers: { authorization: TOKEN }, payload });
      for (const [method, url, payload] of [
        ['PUT', '/api/agents/bench-agent', { name: 'Bench', endpoint: '1001', skills: { generale: 3 }, queues: ['generale'] }],
        ['POST', '/api/agents/bench-agent/state', { action: 'login' }],
        ['POST', '/api/agents/bench-agent/state', { action: 'pause', reason: 'riunione' }],
      ] as const) {
        const r = await agent(method, url, payload);
        if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
      }
    }
    const runs: Run[] = [];
    for (const target of targets) {
      for (const mode of ['native', 'engine'] as const) {
        const r = await load(mode, target);
        runs.push(r);
        out(`${String(target).padStart(5)} ${mode.padEnd(6)}: ${r.calls} calls, ${r.failed} failed, ${r.retransmissions} retransmissions, answer ${r.answerMeanMs} ms mean / ${r.answerP99Ms} ms p99, CPU ${r.cpuMsPerCall} ms per call (engine ${r.engineCpuMsPerCall}), event loop p99 ${r.eventLoopP99Ms} ms`);
      }
    }
    out('\n| concurrent (target) | native: failed / retrans / CPU per call / answer p99 | engine: failed / retrans / CPU per call (×native) / answer p99 |');
    out('|---|---|---|');
    for (const target of targets) {
      const n = runs.find((r) => r.mode === 'native' && r.target === target);
      const e = runs.find((r) => r.mode === 'engine' && r.target === target);
      if (!n || !e) continue;
      out(`| ${target} | ${n.failed} / ${n.retransmissions} / ${n.cpuMsPerCall} ms / ${n.answerP99Ms} ms | ${e.failed} / ${e.retransmissions} / ${e.cpuMsPerCall} ms (${(e.cpuMsPerCall / n.cpuMsPerCall).toFixed(2)}×) / ${e.answerP99Ms} ms |`);
    }
    out(JSON.stringify({ bench: 'capacity', scenario, rate, runs }));
  } finally {
    await app.close();
    rmSync(join(paths.asteriskRoot, 'etc/asterisk/extensions-bench.conf'), { force: true });
    await stopStack(config, REDIS_DIR);
  }

  /** At most `target` calls at once (new ones at `rate` a second until then); twice that many calls in all. */
  async function load(mode: 'native' | 'engine', target: number): Promise<Run> {
    const calls = 2 * target;
    const dir = join(paths.logsDir, `capacity-${mode}-${target}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const statFile = join(dir, 'stat.csv');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu0 = asteriskCpuMs();
    const engine0 = process.cpuUsage();
    await new Promise<void>((resolve, reject) => {
      const sipp = spawn('sipp', [
        '127.0.0.1:5060', '-sf', join(paths.projectDir, 'test/sipp', scenario === 'queue' ? 'uac-hold-then-hangup-expect-200.xml' : 'uac-expect-answer-then-engine-bye.xml'),
        ...(scenario === 'queue' ? ['-d', String(QUEUE_HOLD_MS)] : []),
        '-s', mode === 'native' ? NATIVE_NUMBER : ENGINE_NUMBER, '-key', 'caller', '3331234567', '-i', '127.0.0.1', '-p', '5120', '-mp', '24000',
        '-m', String(calls), '-r', String(rate), '-l', String(target), '-timeout', '600s', '-timeout_error', '-nostdin',
        '-trace_stat', '-stf', statFile, '-fd', '1', '-trace_rtt', '-rtt_freq', '1',
      ], { cwd: dir, stdio: 'ignore' });
      sipp.on('error', reject);
      sipp.on('exit', () => resolve());
    });
    const engineCpu = process.cpuUsage(engine0);
    const cpuMs = asteriskCpuMs() - cpu0 + (engineCpu.user + engineCpu.system) / 1000;
    loop.disable();
    const stats = readSippStats(statFile);
    const col = (name: string) => Number(stats?.(name) || Number.NaN);
    const rttFile = readdirSync(dir).find((f) => f.endsWith('_rtt.csv'));
    const rtts = (rttFile === undefined ? '' : readFileSync(join(dir, rttFile), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(';')[1]))
      .filter((n) => Number.isFinite(n))
      .sort((a, b) => a - b);
    const done = col('SuccessfulCall(C)') + col('FailedCall(C)');
    const round = (n: number) => Math.round(n * 10) / 10;
    // A pause between runs: Asterisk tears the last channels down, the engine's sessions end.
    await new Promise((r) => setTimeout(r, 5_000));
    return {
      mode,
      target,
      calls: done,
      failed: col('FailedCall(C)'),
      retransmissions: col('Retransmissions(C)'),
      answerMeanMs: round(rtts.reduce((a, b) => a + b, 0) / Math.max(1, rtts.length)),
      answerP99Ms: round(rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * 0.99))] ?? Number.NaN),
      cpuMsPerCall: round(cpuMs / Math.max(1, done)),
      engineCpuMsPerCall: round((engineCpu.user + engineCpu.system) / 1000 / Math.max(1, done)),
      eventLoopP99Ms: round(loop.percentile(99) / 1e6),
    };
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
