/**
 * Every end-to-end file leaves the shared stack as it found it, even when it fails (a setup file of
 * the e2e project: its afterAll runs after the file's own). Whatever the file left — agents logged
 * in, callers in the ACD, live calls, open callbacks, channels in Asterisk, SIPps still running —
 * is cleaned up so the next file starts clean, and the file that left it fails, naming it.
 *
 * It also fails a file during which an engine process it spawned logged an error nobody handled
 * (ENGINE.UNHANDLED_REJECTION, ENGINE.UNCAUGHT_EXCEPTION): the engine survives those, so only its
 * log tells. Engines built inside the test process need no scan: Vitest fails the run on them.
 * It fails a file during which any engine moved a call along a path the ACD's state machine does
 * not have (ACD.ILLEGAL_MOVE, src/acd/call-phase.ts).
 * And it fails a file during which any engine logged a demo citizen's personal data (fiscal code,
 * whole phone number, e-mail, full name): logs keep numbers masked and no such data.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { paths } from '../../scripts/stack/paths.js';
import { DEMO_CITIZENS } from '../../src/crm/demo-citizens.js';
import { ENGINE_LOG } from './engine.js';
import { loadConfig } from '../../src/config.js';
import { keys } from '../../src/store/keys.js';
import { killLeftoverSipps } from './sipp.js';
import { testEnv } from './test-env.js';

const config = loadConfig(testEnv());

async function ari<T>(path: string, method: 'GET' | 'DELETE' = 'GET'): Promise<T | undefined> {
  const auth = Buffer.from(`${config.CC_ARI_USER}:${config.CC_ARI_PASSWORD}`).toString('base64');
  const r = await fetch(`${config.CC_ARI_URL}/ari/${path}`, { method, headers: { authorization: `Basic ${auth}` } });
  if (r.status === 404) return undefined; // gone meanwhile: nothing to clean
  if (!r.ok) throw new Error(`ARI ${method} ${path}: ${r.status}`);
  return (r.status === 204 ? undefined : await r.json()) as T;
}

interface Leftovers {
  readonly agents: string[];
  readonly acdCalls: string[];
  readonly liveCalls: string[];
  readonly callbacks: string[];
  readonly channels: string[];
}

async function leftovers(redis: Redis): Promise<Leftovers> {
  const agentIds = await redis.smembers(keys.agents());
  const statuses = await Promise.all(agentIds.map((id) => redis.hget(keys.agent(id), 'status')));
  const channels = (await ari<{ id: string; name: string }[]>('channels')) ?? [];
  return {
    agents: agentIds.flatMap((id, i) => (statuses[i] && statuses[i] !== 'logged_out' ? [`${id} (${statuses[i]})`] : [])),
    acdCalls: await redis.zrange(keys.queuedCalls(), '0', '-1'),
    liveCalls: await redis.smembers(keys.activeCalls()),
    callbacks: await redis.zrange(keys.callbacksOpen(), '0', '-1'),
    channels: channels.map((c) => c.name),
  };
}

const isClean = (l: Leftovers) => Object.values(l).every((v: string[]) => v.length === 0);

async function clean(redis: Redis, l: Leftovers): Promise<void> {
  for (const c of (await ari<{ id: string }[]>('channels')) ?? []) await ari(`channels/${c.id}`, 'DELETE');
  for (const agent of l.agents) {
    const id = agent.slice(0, agent.indexOf(' ('));
    await redis.hset(keys.agent(id), 'status', 'logged_out', 'callId', '', 'wrapUntil', '', 'reason', '');
  }
  const acdKeys = await redis.keys('cc:acd:call:*');
  const queueKeys = (await redis.keys('cc:acd:queue:*')).filter((k) => !k.endsWith(':handle-times'));
  const callKeys = [...(await redis.keys('cc:call:*')), ...(await redis.keys('cc:call-by-channel:*'))];
  const doomed = [...acdKeys, ...queueKeys, ...callKeys, keys.queuedCalls(), keys.activeCalls()];
  if (doomed.length > 0) await redis.del(...doomed);
  for (const id of l.callbacks) {
    await redis.hset(keys.callback(id), 'status', 'cancelled', 'final', 'cancelled');
    await redis.zrem(keys.callbacksOpen(), id);
  }
}

let redis: Redis;
/** The spawned engines' log (test/support/engine.ts) and how long it was when this file started. */
const CHILD_LOG = join(paths.logsDir, 'e2e-engine-child.log');
let childLogStart = 0;
let engineLogStart = 0;

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
/** The lines a log gained since `from` (the logs are appended to across files and runs). */
const linesSince = (file: string, from: number) => (existsSync(file) ? readFileSync(file).subarray(from).toString('utf8').split('\n') : []);

function childFaults(): string[] {
  return linesSince(CHILD_LOG, childLogStart).filter((line) => /"fault":"ENGINE\./.test(line)).map((line) => line.slice(0, 500));
}

/** Moves a call's state machine (src/acd/call-phase.ts) does not have: a bug in the ACD, in any engine. */
function illegalMoves(): string[] {
  return [...linesSince(ENGINE_LOG, engineLogStart), ...linesSince(CHILD_LOG, childLogStart)].filter((line) => line.includes('"code":"ACD.ILLEGAL_MOVE"')).map((line) => line.slice(0, 500));
}

/** What of the demo citizens must never be in a log: fiscal codes, whole numbers (national digits), e-mails, full names. */
const PERSONAL = DEMO_CITIZENS.flatMap((c) => [c.fiscalCode, ...c.phones.map((p) => p.replace(/^\+39/, '')), ...(c.email === null ? [] : [c.email]), `${c.firstName} ${c.lastName}`]);

function personalDataLogged(): string[] {
  const lines = [...linesSince(ENGINE_LOG, engineLogStart), ...linesSince(CHILD_LOG, childLogStart)];
  return lines.flatMap((line) => PERSONAL.filter((p) => line.includes(p)).map((p) => `${p} in: ${line.slice(0, 300)}`));
}

beforeAll(async () => {
  childLogStart = sizeOf(CHILD_LOG);
  engineLogStart = sizeOf(ENGINE_LOG);
  redis = new Redis(config.CC_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // A file that restarts Redis (redis-restart, callbacks-restart) makes this connection retry: the
  // guard's own reads after the file say whether Redis is back, so the retries themselves are not news.
  redis.on('error', () => undefined);
  await redis.connect();
  const found = await leftovers(redis);
  // Cleaned by the previous file's guard; only a crash of the runner itself can leave these.
  if (!isClean(found)) {
    await clean(redis, found);
    throw new Error(`the shared stack was not clean when this file started (cleaned now): ${JSON.stringify(found)}`);
  }
});

afterAll(async () => {
  const sipps = killLeftoverSipps();
  // Asterisk tears channels down a moment after a call ends: give it up to 5 s before counting them.
  let found = await leftovers(redis);
  for (let i = 0; i < 50 && found.channels.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    found = await leftovers(redis);
  }
  if (!isClean(found)) await clean(redis, found);
  await redis.quit();
  if (!isClean(found) || sipps.length > 0) {
    throw new Error(`this file left the shared stack dirty (cleaned now): ${JSON.stringify({ ...found, sipps })}`);
  }
  const faults = childFaults();
  if (faults.length > 0) throw new Error(`an engine process logged errors nobody handled:\n${faults.join('\n')}`);
  const illegal = illegalMoves();
  if (illegal.length > 0) throw new Error(`the ACD moved a call in a way its state machine does not have:\n${illegal.slice(0, 10).join('\n')}`);
  const personal = personalDataLogged();
  if (personal.length > 0) throw new Error(`an engine logged a citizen's personal data:\n${personal.slice(0, 10).join('\n')}`);
});
