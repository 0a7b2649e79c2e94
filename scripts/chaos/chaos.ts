/**
 * `npm run chaos`: faults under load, bounded in time; prints figures, then one JSON line.
 * SIPp keeps citizens in the IVR (a flow of long prompts, whatever the hour) and waiting in a
 * queue (its agent logged in and paused: music on hold and announcements) — each stays
 * CHAOS_HOLD_S seconds (default 40), then hangs up — and in conversation with agents (CHAOS_TALK_RATE
 * new calls a second, default 0.4, to a queue of 12 agents whose SIPp phones answer, talk 20 s and
 * hang up; the citizen expects the engine's BYE then) while, one after the other:
 * the engine is killed -9 CHAOS_KILLS times (default 5; a new one started at once, as systemd
 * would), frozen with SIGSTOP for 10 s, Redis is restarted, Asterisk is restarted.
 * Meanwhile a callback is booked and a ticket opened every 2 s through the API: each one the engine
 * acknowledged must be there at the end.
 * Counted: citizens dropped (a SIPp call that did not end with the citizen's own BYE) in each
 * phase — those on the restarted Asterisk are lost with it and reported apart —, conversations
 * the agents' phones saw fail, agents logged out, live calls left, and each fault's time to recover.
 * CHAOS_RATE (default 2.5) new calls a second to each of the two numbers: about 2 × rate × hold
 * citizens at once. Own Redis (port 6392, .data/chaos-redis); restarts Asterisk: stop
 * `npm run up` first.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { keys } from '../../src/store/keys.js';
import { startAsterisk, stopAsterisk } from '../stack/asterisk.js';
import { paths } from '../stack/paths.js';
import { startRedis, stopRedis } from '../stack/redis.js';
import { redisInstanceFor, startStack, stopStack } from '../stack/stack.js';
import { AgentPhones } from './agent-phones.js';
import { DurableWrites } from './durable-writes.js';
import { CHAOS_FLOWS, CHAOS_IVR_NUMBER, CHAOS_QUEUE_NUMBER, CHAOS_QUEUE, CHAOS_TALK_NUMBER, CHAOS_TALK_QUEUE } from './flows.js';
import { agentsAvailable, shortenWrapUp } from './queue-setup.js';
import { EngineProcess, engineEnv } from './engine-process.js';
import { SippLoad } from './sipp-load.js';

const rate = Number(process.env.CHAOS_RATE ?? 2.5);
const holdSeconds = Number(process.env.CHAOS_HOLD_S ?? 40);
const kills = Number(process.env.CHAOS_KILLS ?? 5);
const talkRate = Number(process.env.CHAOS_TALK_RATE ?? 0.4);
const TALK_S = 20;
/** A callback booked and a ticket opened this often through the API while the faults happen (bookings in a queue nobody serves here). */
const WRITE_EVERY_MS = 2_000;
const WRITES_QUEUE = 'tributi';
const TALK_EXTENSIONS = Array.from({ length: 12 }, (_, i) => String(1009 + i));
const settleMs = 15_000;
const REDIS_DIR = 'chaos-redis';
const PORT = 3960;
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = engineEnv(6392, PORT);
const config = loadConfig(env);

interface Phase {
  readonly fault: string;
  readonly recoverMs: number;
  readonly droppedIvr: number;
  readonly droppedQueue: number;
  readonly droppedTalk: number;
  /** Conversations the agent's phone saw cut (a BYE from Asterisk before the agent hung up). */
  readonly cutConversations: number;
}

async function main(): Promise<void> {
  mkdirSync(paths.logsDir, { recursive: true });
  await startStack(config, REDIS_DIR);
  const redis = redisInstanceFor(config, REDIS_DIR);
  const engine = new EngineProcess(env, PORT, join(paths.logsDir, 'chaos-engine.log'));
  const loads: SippLoad[] = [];
  const phones = new AgentPhones(TALK_EXTENSIONS, 5165, TALK_S, 'chaos');
  try {
    await engine.flushRedis();
    await engine.start();
    await prepare(engine);
    await phones.register();
    phones.start();
    const durationS = Math.ceil((kills * (settleMs + 5_000) + 60_000 + 2 * settleMs + 60_000) / 1000);
    const ivr = new SippLoad('ivr', CHAOS_IVR_NUMBER, rate, holdSeconds, durationS, 5110);
    const queue = new SippLoad('queue', CHAOS_QUEUE_NUMBER, rate, holdSeconds, durationS, 5111);
    const talk = new SippLoad('talk', CHAOS_TALK_NUMBER, talkRate, 0, durationS, 5112, 'uac-expect-answer-then-engine-bye.xml');
    loads.push(ivr, queue, talk);
    for (const l of loads) l.start();
    const writes = new DurableWrites(engine, WRITE_EVERY_MS, WRITES_QUEUE);
    writes.start();
    out(`load: ${rate}/s to each of the IVR and the queue, ${holdSeconds} s each, and ${talkRate}/s talking ${TALK_S} s with agents: about ${Math.round(2 * rate * holdSeconds + talkRate * TALK_S)} citizens at once, for ${durationS} s`);
    await sleep(holdSeconds * 1000);
    const phases: Phase[] = [];
    const phase = async (fault: string, act: () => Promise<number>): Promise<void> => {
      const before = [ivr.failed(), queue.failed(), talk.failed(), phones.totals().failed];
      const recoverMs = await act();
      await sleep(settleMs);
      const p = { fault, recoverMs, droppedIvr: ivr.failed() - (before[0] ?? 0), droppedQueue: queue.failed() - (before[1] ?? 0), droppedTalk: talk.failed() - (before[2] ?? 0), cutConversations: phones.totals().failed - (before[3] ?? 0) };
      phases.push(p);
      out(`${fault}: recovered in ${recoverMs} ms; citizens dropped meanwhile: ${p.droppedIvr} in the IVR, ${p.droppedQueue} in the queue, ${p.droppedTalk} talking with an agent; conversations cut: ${p.cutConversations}`);
    };
    for (let i = 1; i <= kills; i++) await phase(`engine kill -9 #${i}`, () => engine.killAndRestart());
    await phase('engine frozen (SIGSTOP) 10 s', () => engine.freeze(10_000));
    await phase('Redis restart', async () => {
      const t0 = Date.now();
      await stopRedis(redis);
      await startRedis(redis);
      await engine.untilReady();
      return Date.now() - t0;
    });
    await phase('Asterisk restart (its calls are lost with it)', async () => {
      const t0 = Date.now();
      await stopAsterisk();
      await startAsterisk(config);
      await engine.untilReady();
      return Date.now() - t0;
    });
    await writes.stop();
    for (const l of loads) await l.done();
    await sleep(5_000);
    const written = await writes.verifyAndClean();
    const agents = await engine.api<{ id: string; status: string }[]>('GET', '/api/agents');
    const loggedOut = agents.filter((a) => a.status === 'logged_out').length;
    const liveCalls = await engine.redisCommand(['SCARD', keys.activeCalls()]);
    const waiting = await engine.redisCommand(['ZCARD', keys.queue(CHAOS_QUEUE)]);
    const asteriskPhase = phases.at(-1);
    const notAsterisk = phases.slice(0, -1);
    const result = {
      bench: 'chaos',
      rate,
      holdSeconds,
      calls: { ivr: ivr.totals(), queue: queue.totals(), talk: talk.totals(), agentPhones: phones.totals() },
      droppedOutsideAsteriskRestart: notAsterisk.reduce((n, p) => n + p.droppedIvr + p.droppedQueue + p.droppedTalk + p.cutConversations, 0),
      lostWithAsterisk: (asteriskPhase?.droppedIvr ?? 0) + (asteriskPhase?.droppedQueue ?? 0) + (asteriskPhase?.droppedTalk ?? 0) + (asteriskPhase?.cutConversations ?? 0),
      phases,
      agentsLoggedOut: loggedOut,
      liveCallsLeft: Number(liveCalls),
      queuedLeft: Number(waiting),
      engineRestarts: engine.restarts,
      written,
    };
    out(`citizens dropped outside the Asterisk restart: ${result.droppedOutsideAsteriskRestart}; lost with Asterisk: ${result.lostWithAsterisk}`);
    out(`agents' phones: ${result.calls.agentPhones.answered} conversations ended by the agent's BYE, ${result.calls.agentPhones.failed} failed`);
    out(`written meanwhile through the API and acknowledged: ${written.callbacks.acknowledged} callbacks booked (${written.callbacks.lost} lost, ${written.callbacks.refused} refused during faults), ${written.tickets.acknowledged} tickets opened (${written.tickets.lost} lost, ${written.tickets.refused} refused)`);
    out(`agents logged out by the faults: ${loggedOut}; live calls left in Redis: ${result.liveCallsLeft}; callers left queued: ${result.queuedLeft}`);
    out(JSON.stringify(result));
  } finally {
    for (const l of loads) l.stop();
    phones.stop();
    await engine.stop();
    await stopStack(config, REDIS_DIR);
  }

  /** The chaos flows published, the queue's agent logged in and paused (callers wait on music), the conversation agents available. */
  async function prepare(e: EngineProcess): Promise<void> {
    for (const f of CHAOS_FLOWS) await e.api('POST', `/api/flows/${f.id}/publish`, { text: f.text, message: 'chaos' });
    await e.api('PUT', '/api/agents/chaos-agent', { name: 'Chaos', endpoint: '1001', skills: { generale: 3 }, queues: [CHAOS_QUEUE] });
    await e.api('POST', '/api/agents/chaos-agent/state', { action: 'login' });
    await e.api('POST', '/api/agents/chaos-agent/state', { action: 'pause', reason: 'riunione' });
    await shortenWrapUp(e, [CHAOS_TALK_QUEUE], 2, 'chaos: short wrap-up');
    await agentsAvailable(e, 'talk', TALK_EXTENSIONS, CHAOS_TALK_QUEUE, CHAOS_TALK_QUEUE);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});


