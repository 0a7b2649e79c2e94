/**
 * `npm run bench:offer`: from an agent hanging up to the next waiting caller ringing their phone,
 * through real SIP, the engine beside Asterisk's own app_queue on the same Asterisk, in one run.
 * OFFER_AGENTS agents (default 5, extensions 1001…) have phones — one SIPp in server mode
 * registered for all of them — that answer, talk OFFER_TALK_S seconds (default 2) and hang up;
 * OFFER_CALLERS callers (default 25) are kept in the line, OFFER_CALLS in all (default 150), so
 * about 20 are always waiting. No wrap-up on either side. Measured from the agent's BYE leaving
 * their phone to the next INVITE reaching it, from SIPp's message trace (µs timestamps), while
 * callers are still waiting (see offer-gaps.ts). Natively: Answer and Queue() with the agents as
 * static members (ringinuse=no, wrapuptime=0, retry=1 — app_queue's default retry is 5 s);
 * through the engine: a flow whose only step is the queue, the agents signed in and available,
 * the queue's wrap-up set to 0 (OFFER_MODES=engine measures only the engine). Prints the figures,
 * then one JSON line.
 * Own Redis (port 6395, .data/offer-redis), the engine as a process (as `npm start` runs it);
 * restarts Asterisk: stop `npm run up` first.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { AgentPhones } from '../chaos/agent-phones.js';
import { EngineProcess, engineEnv } from '../chaos/engine-process.js';
import { agentsAvailable, shortenWrapUp } from '../chaos/queue-setup.js';
import { asteriskCli } from '../stack/asterisk.js';
import { paths } from '../stack/paths.js';
import { readSippStats } from '../stack/sipp-stats.js';
import { startStack, stopStack } from '../stack/stack.js';
import { offerGaps, parseSippMessages, quantile } from './offer-gaps.js';

const AGENTS = Array.from({ length: Number(process.env.OFFER_AGENTS ?? 5) }, (_, i) => String(1001 + i));
const CALLERS = Number(process.env.OFFER_CALLERS ?? 25);
const CALLS = Number(process.env.OFFER_CALLS ?? 150);
const TALK_S = Number(process.env.OFFER_TALK_S ?? 2);
const ENGINE_NUMBER = '0200000008';
const NATIVE_NUMBER = '0200000009';
const QUEUE = 'generale';
const MODES = (process.env.OFFER_MODES ?? 'native,engine').split(',').map((m) => {
  if (m !== 'native' && m !== 'engine') throw new Error(`OFFER_MODES: native and/or engine, not ${m}`);
  return m;
});
const REDIS_DIR = 'offer-redis';
const PORT = 3964;
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const env = engineEnv(6395, PORT);
const config = loadConfig(env);
const etc = join(paths.asteriskRoot, 'etc/asterisk');

const FLOW = `
id: bench-offer
numbers: ["${ENGINE_NUMBER}"]
language: it
prompts: {}
start: coda
nodes:
  coda: { type: queue, queue: ${QUEUE} }
`;

const NATIVE_DIALPLAN = `; written by npm run bench:offer (included by extensions.conf's #tryinclude, in [from-trunk])
exten => ${NATIVE_NUMBER},1,Goto(bench-offer,s,1)

[bench-offer]
exten => s,1,Answer()
 same => n,Queue(bench-offer)
 same => n,Hangup()
`;

const NATIVE_QUEUE = `; written by npm run bench:offer, read by app_queue (loaded for the bench only)
[general]
[bench-offer]
strategy = rrmemory
timeout = 15
retry = 1
wrapuptime = 0
ringinuse = no
autofill = yes
announce-frequency = 0
periodic-announce-frequency = 0
${AGENTS.map((a) => `member => PJSIP/${a}`).join('\n')}
`;

interface Run {
  readonly mode: 'native' | 'engine';
  readonly callers: { readonly successful: number; readonly failed: number };
  readonly agentCallsFailed: number;
  readonly samples: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

async function main(): Promise<void> {
  mkdirSync(paths.logsDir, { recursive: true });
  await startStack(config, REDIS_DIR);
  writeFileSync(join(etc, 'extensions-bench.conf'), NATIVE_DIALPLAN);
  writeFileSync(join(etc, 'queues.conf'), NATIVE_QUEUE);
  await asteriskCli('dialplan reload');
  await asteriskCli('module load app_queue.so');
  const engine = new EngineProcess(env, PORT, join(paths.logsDir, 'bench-offer-engine.log'));
  try {
    await engine.flushRedis();
    await engine.start();
    await engine.api('POST', '/api/flows/bench-offer/publish', { text: FLOW, message: 'bench:offer' });
    await shortenWrapUp(engine, [QUEUE], 0, 'bench:offer: no wrap-up');
    await agentsAvailable(engine, 'offer', AGENTS, QUEUE, QUEUE);
    const runs: Run[] = [];
    for (const mode of MODES) {
      const r = await measure(mode);
      runs.push(r);
      out(`${mode.padEnd(6)}: ${r.samples} offers measured, agent free → next offer p50 ${r.p50Ms} ms, p90 ${r.p90Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms; callers ${r.callers.successful} ended normally, ${r.callers.failed} failed; agents' calls failed ${r.agentCallsFailed}`);
    }
    out(JSON.stringify({ bench: 'offer', agents: AGENTS.length, callers: CALLERS, calls: CALLS, talkSeconds: TALK_S, runs }));
  } finally {
    await engine.stop();
    rmSync(join(etc, 'extensions-bench.conf'), { force: true });
    rmSync(join(etc, 'queues.conf'), { force: true });
    await stopStack(config, REDIS_DIR);
  }
}

async function measure(mode: 'native' | 'engine'): Promise<Run> {
  const dir = join(paths.logsDir, `bench-offer-${mode}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const messageFile = join(dir, 'agents-messages.log');
  const phones = new AgentPhones(AGENTS, 5210, TALK_S, `bench-offer-${mode}`, messageFile);
  await phones.register();
  phones.start();
  const statFile = join(dir, 'callers.csv');
  try {
    await new Promise<void>((resolve, reject) => {
      const sipp = spawn('sipp', [
        '127.0.0.1:5060', '-sf', join(paths.projectDir, 'test/sipp/uac-expect-answer-then-engine-bye.xml'),
        '-s', mode === 'native' ? NATIVE_NUMBER : ENGINE_NUMBER, '-key', 'caller', '3331234567', '-i', '127.0.0.1', '-p', '5130', '-mp', '24600',
        '-m', String(CALLS), '-l', String(CALLERS), '-r', String(CALLERS), '-timeout', '900s', '-timeout_error', '-nostdin',
        '-trace_stat', '-stf', statFile, '-fd', '1',
      ], { cwd: dir, stdio: 'ignore' });
      sipp.on('error', reject);
      sipp.on('exit', () => resolve());
    });
    // The last agent's BYE and its answer are written out.
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    phones.stop();
  }
  const stats = readSippStats(statFile);
  const col = (name: string) => Number(stats?.(name) || 0);
  // Gaps are kept while fewer than CALLS − AGENTS calls had been offered: callers were still waiting.
  const gaps = offerGaps(parseSippMessages(readFileSync(messageFile, 'utf8')), CALLS - AGENTS.length);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    mode,
    callers: { successful: col('SuccessfulCall(C)'), failed: col('FailedCall(C)') },
    agentCallsFailed: phones.totals().failed,
    samples: gaps.length,
    p50Ms: round(quantile(gaps, 0.5)),
    p90Ms: round(quantile(gaps, 0.9)),
    p99Ms: round(quantile(gaps, 0.99)),
    maxMs: round(Math.max(...gaps)),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:offer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
