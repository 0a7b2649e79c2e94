/**
 * The ACD's Lua scripts against the real Redis of the test stack, including two "engines" (two
 * connections) racing to claim the same agents and calls.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../src/store/redis.js';
import { RedisAcdStore } from '../../src/store/redis-acd-store.js';
import { keys } from '../../src/store/keys.js';
import { eventsAfter, lastEventId } from '../support/events.js';
import { MONDAY_MORNING } from '../support/test-days.js';

const AT = MONDAY_MORNING;
const later = (s: number) => new Date(AT.getTime() + s * 1000);

describe('ACD store (Lua scripts on real Redis)', () => {
  let a: RedisConnection;
  let b: RedisConnection;
  let storeA: RedisAcdStore;
  let storeB: RedisAcdStore;
  let prefix: string;

  beforeAll(() => {
    const url = process.env.CC_REDIS_URL ?? 'redis://127.0.0.1:6390';
    a = connectRedis(url, createLogger('silent'));
    b = connectRedis(url, createLogger('silent'));
    storeA = new RedisAcdStore(a);
    storeB = new RedisAcdStore(b);
  });
  const prefixes: string[] = [];
  afterAll(async () => {
    // The shared stack as it was found: every agent, call and queue made here carries a test's prefix.
    const r = a.redis;
    const mine = (id: string) => prefixes.some((p) => id.startsWith(p) || id.includes(`:${p}`));
    const agents = (await r.smembers(keys.agents())).filter(mine);
    const calls = (await r.zrange(keys.queuedCalls(), '0', '-1')).filter(mine);
    const queues = (await r.keys('cc:acd:queue:*')).filter(mine);
    const doomed = [...agents.flatMap((id) => [keys.agent(id), keys.agentPin(id)]), ...calls.map(keys.queuedCall), ...queues];
    if (agents.length > 0) await r.srem(keys.agents(), ...agents);
    if (calls.length > 0) await r.zrem(keys.queuedCalls(), ...calls);
    if (doomed.length > 0) await r.del(...doomed);
    await a.close();
    await b.close();
  });
  beforeEach(() => {
    prefix = randomUUID().slice(0, 8);
    prefixes.push(prefix);
  });

  async function newAgent(n: number, queues = ['q']): Promise<string> {
    const id = `${prefix}-agent-${n}`;
    await storeA.saveAgent({ id, name: `Agente ${n}`, endpoint: `10${n}`, skills: { s: 3 }, queues }, 'test', AT);
    await storeA.agentAction(id, 'login', '', 'test', AT);
    return id;
  }

  async function newCall(n: number, queueId = `${prefix}-q`, maxLength = 100): Promise<string> {
    const callId = `${prefix}-call-${n}`;
    await storeA.enqueue({ callId, queueId, priority: 5, enteredAt: AT.getTime() + n, channelId: `ch-${callId}`, callerNumber: '3331234567', data: { topic: 'x' } }, maxLength, AT);
    return callId;
  }

  it('an agent goes through login, pause with a reason, ready, logout; bad transitions are refused with their state', async () => {
    const id = await newAgent(1);
    expect((await storeA.agent(id))?.status).toBe('available');
    expect(await storeA.agentAction(id, 'pause', 'formazione', 'supervisor', later(1))).toBe('paused');
    expect(await storeA.agent(id)).toMatchObject({ status: 'paused', reason: 'formazione' });
    expect(await storeA.agentAction(id, 'ready', '', 'agent', later(2))).toBe('available');
    expect(await storeA.agentAction(id, 'logout', '', 'agent', later(3))).toBe('logged_out');
    await expect(storeA.agentAction(id, 'pause', 'pausa', 'agent', later(4))).rejects.toMatchObject({ code: 'ACD.BAD_TRANSITION', message: expect.stringContaining('cannot pause while logged_out') as unknown });
    await expect(storeA.agentAction(`${prefix}-nobody`, 'login', '', 'agent', later(4))).rejects.toMatchObject({ code: 'ACD.NO_SUCH_AGENT' });
  });

  it('a full queue refuses the next caller, and nothing is written for them', async () => {
    await newCall(1, `${prefix}-small`, 2);
    await newCall(2, `${prefix}-small`, 2);
    await expect(newCall(3, `${prefix}-small`, 2)).rejects.toMatchObject({ code: 'ACD.QUEUE_FULL' });
    expect(await storeA.queuedCall(`${prefix}-call-3`)).toBeUndefined();
  });

  it('offer → answer → end: wrap-up, occupancy, handle time and the ACD events, in order', async () => {
    const agentId = await newAgent(1);
    const since = await lastEventId(a.redis);
    const callId = await newCall(1);
    expect(await storeA.claim(agentId, callId, { rule: 'test' }, 'engine-a', later(1))).toBe(true);
    expect(await storeA.agent(agentId)).toMatchObject({ status: 'reserved', callId });
    expect(await storeA.connect(agentId, callId, `${prefix}-q`, 'leg-1', 'bridge-1', later(11))).toBeGreaterThanOrEqual(10_000);
    expect(await storeA.agent(agentId)).toMatchObject({ status: 'on_call' });
    expect(await storeA.callEnd(agentId, callId, `${prefix}-q`, 20, 'caller', later(71))).toBe(60);
    expect(await storeA.callEnd(agentId, callId, `${prefix}-q`, 20, 'caller', later(72))).toBeUndefined();
    expect(await storeA.agent(agentId)).toMatchObject({ status: 'wrap_up', occupiedSeconds: 60, wrapUntil: later(91).getTime() });
    expect(await storeA.handleTimes(`${prefix}-q`)).toEqual([80]);
    expect(await storeA.queuedCall(callId)).toBeUndefined();
    expect(await storeA.agentAction(agentId, 'wrapup_done', '', 'agent', later(80))).toBe('available');
    const types = (await eventsAfter(a.redis, since)).filter((e) => e.callId === callId).map((e) => e.type);
    expect(types).toEqual(['acd.enter', 'acd.offer', 'acd.answer', 'acd.call_ended']);
  });

  it('no answer puts the call back waiting with its place and pauses the agent; a late answer is refused', async () => {
    const agentId = await newAgent(1);
    const callId = await newCall(1);
    await storeA.claim(agentId, callId, {}, 'engine-a', later(1));
    expect(await storeA.offerEnd(agentId, callId, 'no_answer', 'paused', 'non-risponde', later(16))).toBe(true);
    expect(await storeA.offerEnd(agentId, callId, 'no_answer', 'paused', 'non-risponde', later(16))).toBe(false);
    expect(await storeA.agent(agentId)).toMatchObject({ status: 'paused', reason: 'non-risponde' });
    expect(await storeA.queuedCall(callId)).toMatchObject({ status: 'waiting', enteredAt: AT.getTime() + 1 });
    expect(await storeA.connect(agentId, callId, `${prefix}-q`, 'leg', 'bridge', later(17))).toBeUndefined();
  });

  it('a caller leaving while offered: the offer ends, the agent is available again, the abandon is logged once', async () => {
    const agentId = await newAgent(1);
    const callId = await newCall(1);
    await storeA.claim(agentId, callId, {}, 'engine-a', later(1));
    expect(await storeA.offerEnd(agentId, callId, 'caller_gone', 'available', '', later(3))).toBe(true);
    expect(await storeA.leave(callId, `${prefix}-q`, 'abandoned', later(3))).toBeGreaterThan(0);
    expect(await storeA.leave(callId, `${prefix}-q`, 'abandoned', later(3))).toBeUndefined();
    expect(await storeA.agent(agentId)).toMatchObject({ status: 'available' });
    expect(await a.redis.zscore(keys.queue(`${prefix}-q`), callId)).toBeNull();
  });

  it('two engines racing: no call offered twice, no agent reserved twice', async () => {
    const agents = await Promise.all([1, 2, 3, 4, 5].map((n) => newAgent(n)));
    const calls = await Promise.all(Array.from({ length: 8 }, (_, i) => newCall(i + 1)));
    // Every engine tries every pair, interleaved: 2 × 5 × 8 = 80 claims at once.
    const attempts = [storeA, storeB].flatMap((store, e) =>
      agents.flatMap((agentId) => calls.map(async (callId) => ((await store.claim(agentId, callId, {}, `engine-${e}`, later(1))) ? { agentId, callId } : undefined))),
    );
    const won = (await Promise.all(attempts)).filter((w): w is { agentId: string; callId: string } => w !== undefined);
    expect(won).toHaveLength(5);
    expect(new Set(won.map((w) => w.agentId)).size).toBe(5);
    expect(new Set(won.map((w) => w.callId)).size).toBe(5);
    for (const w of won) {
      expect(await storeA.agent(w.agentId)).toMatchObject({ status: 'reserved', callId: w.callId });
      expect(await storeB.queuedCall(w.callId)).toMatchObject({ status: 'offered', agentId: w.agentId });
    }
    const stillWaiting = (await Promise.all(calls.map((c) => storeA.queuedCall(c)))).filter((c) => c?.status === 'waiting');
    expect(stillWaiting).toHaveLength(3);
  });

  it('agents are audited when saved and cannot be removed while logged in', async () => {
    const since = await lastEventId(a.redis);
    const id = await newAgent(1);
    await storeA.saveAgent({ id, name: 'Agente 1', endpoint: '101', skills: { s: 4 }, queues: ['q'] }, 'supervisor:rossi', later(1));
    const saved = (await eventsAfter(a.redis, since)).filter((e) => e.type === 'agent.saved' && e.data.agentId === id);
    expect(saved.map((e) => e.data)).toEqual([
      { agentId: id, by: 'test', created: true, name: 'Agente 1', endpoint: '101', skills: { s: 3 }, queues: ['q'] },
      { agentId: id, by: 'supervisor:rossi', created: false, skills: { s: 4 } },
    ]);
    await expect(storeA.removeAgent(id, 'supervisor', later(2))).rejects.toMatchObject({ code: 'ACD.AGENT_LOGGED_IN' });
    await storeA.agentAction(id, 'logout', '', 'test', later(2));
    await storeA.removeAgent(id, 'supervisor', later(3));
    expect(await storeA.agent(id)).toBeUndefined();
  });
});
