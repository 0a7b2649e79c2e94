/**
 * The AcdStore contract: what every implementation must do — the Redis one (Lua scripts, run in
 * test/e2e/acd-store.e2e.test.ts on the real Redis) and the in-memory one the ACD's unit tests use
 * (test/contract/memory-acd-store.test.ts). Two stores on the same state are two engines.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AcdStore } from '../../src/acd/acd-store.js';
import { MONDAY_MORNING } from '../support/test-days.js';

export interface AcdStoreUnderTest {
  /** Two stores on one state: two engines sharing one Redis. */
  readonly a: AcdStore;
  readonly b: AcdStore;
  /** A mark in the event log, then the events appended after it (oldest first). */
  mark(): Promise<string>;
  eventsSince(mark: string): Promise<readonly { readonly type: string; readonly callId?: string; readonly data: Record<string, unknown> }[]>;
  /** Every id a test makes starts with this (the Redis binding removes them afterwards). */
  used(prefix: string): void;
}

const AT = MONDAY_MORNING;
const later = (s: number) => new Date(AT.getTime() + s * 1000);

export function acdStoreContract(name: string, make: () => AcdStoreUnderTest): void {
  describe(`AcdStore contract: ${name}`, () => {
    let t: AcdStoreUnderTest;
    let storeA: AcdStore;
    let storeB: AcdStore;
    let prefix: string;
    beforeAll(() => {
      t = make();
      storeA = t.a;
      storeB = t.b;
    });
    beforeEach(() => {
      prefix = randomUUID().slice(0, 8);
      t.used(prefix);
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

    it('a full queue refuses the next caller, and nothing is written for them; a call is queued once', async () => {
      await newCall(1, `${prefix}-small`, 2);
      await newCall(2, `${prefix}-small`, 2);
      await expect(newCall(3, `${prefix}-small`, 2)).rejects.toMatchObject({ code: 'ACD.QUEUE_FULL' });
      expect(await storeA.queuedCall(`${prefix}-call-3`)).toBeUndefined();
      await expect(newCall(1, `${prefix}-other`)).rejects.toMatchObject({ code: 'ACD.ALREADY_QUEUED' });
      expect((await storeA.queuesNow([`${prefix}-small`], '2000-01-01')).get(`${prefix}-small`)?.waiting).toBe(2);
    });

    it('offer → answer → end: wrap-up, occupancy, handle time, today\'s counters and the ACD events, in order', async () => {
      const agentId = await newAgent(1);
      const since = await t.mark();
      const callId = await newCall(1);
      expect(await storeA.claim(agentId, callId, { rule: 'test' }, 'engine-a', later(1))).toBe(true);
      expect(await storeA.agent(agentId)).toMatchObject({ status: 'reserved', callId });
      expect(await storeA.queuedCall(callId)).toMatchObject({ status: 'offered', agentId });
      expect(await storeA.connect(agentId, callId, `${prefix}-q`, 'leg-1', 'bridge-1', later(11))).toBe(11_000 - 1);
      expect(await storeA.agent(agentId)).toMatchObject({ status: 'on_call' });
      expect(await storeA.queuedCall(callId)).toMatchObject({ status: 'connected', legChannelId: 'leg-1', bridgeId: 'bridge-1', connectedAt: later(11).getTime() });
      const ended = await storeA.callEnd(agentId, callId, `${prefix}-q`, 20, 'caller', later(71));
      expect(ended?.talkSeconds).toBe(60);
      expect(ended?.agent).toMatchObject({ id: agentId, status: 'wrap_up', wrapUntil: later(71).getTime() + 20_000 });
      expect(await storeA.callEnd(agentId, callId, `${prefix}-q`, 20, 'caller', later(72))).toBeUndefined();
      expect(await storeA.agent(agentId)).toMatchObject({ status: 'wrap_up', occupiedSeconds: 60, wrapUntil: later(91).getTime() });
      expect(await storeA.handleTimes(`${prefix}-q`)).toEqual([80]);
      expect(await storeA.queuedCall(callId)).toBeUndefined();
      expect(await storeA.agentAction(agentId, 'wrapup_done', '', 'agent', later(80))).toBe('available');
      const events = (await t.eventsSince(since)).filter((e) => e.callId === callId);
      expect(events.map((e) => e.type)).toEqual(['acd.enter', 'acd.offer', 'acd.answer', 'acd.call_ended']);
      expect(events[3]?.data).toMatchObject({ agentId, talkSeconds: 60, endedBy: 'caller', wrapUpSeconds: 20 });
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(AT);
      expect((await storeA.queuesNow([`${prefix}-q`], day)).get(`${prefix}-q`)).toEqual({
        waiting: 0,
        oldestEnteredAt: undefined,
        counters: { entered: 1, answered: 1, answeredInSl: 1, waitMs: 10_999, handled: 1, talkSeconds: 60 },
      });
    });

    it('no answer puts the call back waiting with its place and pauses the agent; a late answer is refused', async () => {
      const agentId = await newAgent(1);
      const callId = await newCall(1);
      await storeA.claim(agentId, callId, {}, 'engine-a', later(1));
      expect(await storeA.offerEnd(agentId, callId, 'no_answer', 'paused', 'non-risponde', later(16))).toBe(true);
      expect(await storeA.offerEnd(agentId, callId, 'no_answer', 'paused', 'non-risponde', later(16))).toBe(false);
      expect(await storeA.agent(agentId)).toMatchObject({ status: 'paused', reason: 'non-risponde' });
      const back = await storeA.queuedCall(callId);
      expect(back).toMatchObject({ status: 'waiting', enteredAt: AT.getTime() + 1 });
      expect(back?.agentId).toBeUndefined();
      expect(await storeA.connect(agentId, callId, `${prefix}-q`, 'leg', 'bridge', later(17))).toBeUndefined();
    });

    it('a caller leaving while offered: the offer ends, the agent is available again, the abandon is logged once', async () => {
      const agentId = await newAgent(1);
      const callId = await newCall(1);
      const since = await t.mark();
      await storeA.claim(agentId, callId, {}, 'engine-a', later(1));
      expect(await storeA.offerEnd(agentId, callId, 'caller_gone', 'available', '', later(3))).toBe(true);
      expect(await storeA.leave(callId, `${prefix}-q`, 'abandoned', later(3))).toBe(3000 - 1);
      expect(await storeA.leave(callId, `${prefix}-q`, 'abandoned', later(3))).toBeUndefined();
      expect(await storeA.agent(agentId)).toMatchObject({ status: 'available' });
      expect((await storeA.queuesNow([`${prefix}-q`], '2000-01-01')).get(`${prefix}-q`)?.waiting).toBe(0);
      expect((await t.eventsSince(since)).filter((e) => e.callId === callId).map((e) => e.type)).toEqual(['acd.offer', 'acd.offer_cancelled', 'acd.abandon']);
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
      const since = await t.mark();
      const id = await newAgent(1);
      await storeA.saveAgent({ id, name: 'Agente 1', endpoint: '101', skills: { s: 4 }, queues: ['q'] }, 'supervisor:rossi', later(1));
      const saved = (await t.eventsSince(since)).filter((e) => e.type === 'agent.saved' && e.data.agentId === id);
      expect(saved.map((e) => e.data)).toEqual([
        { agentId: id, by: 'test', created: true, name: 'Agente 1', endpoint: '101', skills: { s: 3 }, queues: ['q'] },
        { agentId: id, by: 'supervisor:rossi', created: false, skills: { s: 4 } },
      ]);
      await expect(storeA.removeAgent(id, 'supervisor', later(2))).rejects.toMatchObject({ code: 'ACD.AGENT_LOGGED_IN' });
      await storeA.agentAction(id, 'logout', '', 'test', later(2));
      await storeA.removeAgent(id, 'supervisor', later(3));
      expect(await storeA.agent(id)).toBeUndefined();
      await expect(storeA.setPinHash(id, 'hash', 'supervisor', later(4))).rejects.toMatchObject({ code: 'ACD.NO_SUCH_AGENT' });
    });

    it('a consult and the legs are recorded only while the call is in the ACD (never resurrecting one that left)', async () => {
      const callId = await newCall(1);
      await storeA.setConsult(callId, { extension: '2001', status: 'ringing' });
      expect((await storeA.queuedCall(callId))?.consult).toEqual({ extension: '2001', status: 'ringing' });
      await storeA.setConsult(callId, undefined);
      expect((await storeA.queuedCall(callId))?.consult).toBeUndefined();
      await storeA.leave(callId, `${prefix}-q`, 'timeout', later(5));
      await storeA.setOfferLeg(callId, 'leg');
      await storeA.setCallChannel(callId, 'channel');
      await storeA.setConsult(callId, { extension: '2001', status: 'talking' });
      expect(await storeA.queuedCall(callId)).toBeUndefined();
      expect(await storeA.queuedCalls()).not.toContainEqual(expect.objectContaining({ callId }));
    });
  });
}
