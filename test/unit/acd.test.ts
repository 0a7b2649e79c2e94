/**
 * The whole ACD on the fake telephony and the in-memory AcdStore, with fake timers: what a caller
 * and an agent live through — an offer answered, a ring nobody answers, a caller who hangs up
 * while the agent's phone rings, a blind transfer to another queue, a restart with an offer open.
 * The same behaviour is checked on the real stack by the e2e files; these pin it for the ACD's split.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Acd, type AcdDeps } from '../../src/acd/acd.js';
import { queuesFileSchema, toAcdConfig } from '../../src/acd/queue-config.js';
import { CallHungUpError } from '../../src/telephony/telephony.js';
import { FakeTelephony, type FakeCallChannel } from '../../src/telephony/fake-telephony.js';
import { capturedLog } from '../support/captured-log.js';
import { MemoryAcdState, MemoryAcdStore } from '../support/memory-acd-store.js';
import { MONDAY_MORNING } from '../support/test-days.js';

const CONFIG = toAcdConfig(
  queuesFileSchema.parse({
    skills: { tributi: { name: 'Tributi' }, anagrafe: { name: 'Anagrafe' } },
    queues: {
      tributi: { name: 'Tributi', skills: [{ skill: 'tributi', level: 1 }], wrapUpSeconds: 20, ringSeconds: 15, announcements: { everySeconds: 60 } },
      anagrafe: { name: 'Anagrafe', skills: [{ skill: 'anagrafe', level: 1 }], wrapUpSeconds: 10, ringSeconds: 15, announcements: { everySeconds: 60 } },
    },
  }),
);
// Errors only, read back: every test ends with no illegal move of a call's state machine.
const { lines, log } = capturedLog('error');
const REQUEST = { queue: 'tributi', priority: 5, data: { topic: 'TARI' }, tags: ['Tributi'] };

function setup(state = new MemoryAcdState(), telephony = new FakeTelephony(1000)) {
  const store = new MemoryAcdStore(state);
  const deps: AcdDeps = { store, telephony, events: state.events, logger: log, now: () => new Date(), config: CONFIG, instance: 'engine-test', promptTimeoutMs: 30_000 };
  const acd = new Acd(deps);
  // As the call handler does: a channel the ACD dialled is the ACD's.
  telephony.onCall((c) => acd.claimLeg(c));
  return { acd, store, state, telephony, events: state.events };
}

async function agent(store: MemoryAcdStore, id: string, endpoint: string, skills: Record<string, number>): Promise<void> {
  await store.saveAgent({ id, name: id, endpoint, skills, queues: Object.keys(skills) }, 'test', new Date());
  await store.agentAction(id, 'login', '', 'test', new Date());
}

function caller(telephony: FakeTelephony, number = '+393331110002'): FakeCallChannel {
  return telephony.placeCall({ dialledNumber: '020202', callerNumber: number });
}

const typesOf = (events: { type: string; callId?: string }[], callId: string) => events.filter((e) => e.callId === callId).map((e) => e.type);

describe('the ACD (fake telephony, in-memory store, fake time)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(MONDAY_MORNING);
    lines.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    expect(lines.filter((l) => l.msg === 'acd.illegal_move')).toEqual([]);
  });

  it('offers the caller to the free agent, bridges them when the phone answers; after the call the agent wraps up, then is free again', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await acd.start();
    telephony.originateAnswersAfterMs = 4000;
    const call = caller(telephony);
    const result = acd.queue(call, 'call-1', REQUEST, log);
    await vi.advanceTimersByTimeAsync(5000);
    expect(telephony.originated[0]).toMatchObject({ endpoint: 'PJSIP/1001', appArgs: ['dialled', 'acd-offer', 'call-1', 'anna'], timeoutSeconds: 15 });
    expect((await store.agent('anna'))?.status).toBe('on_call');
    const [bridge] = [...telephony.bridges.values()];
    expect(bridge?.has(call.info.channelId)).toBe(true);
    expect(bridge?.size).toBe(2);
    expect(call.moh).toBeUndefined();

    // Answered at 4 s: 60 s of conversation.
    await vi.advanceTimersByTimeAsync(59_000);
    call.callerHangsUp();
    await expect(result).resolves.toEqual({ outcome: 'answered' });
    expect(await store.agent('anna')).toMatchObject({ status: 'wrap_up', occupiedSeconds: 60 });
    expect(telephony.bridges.size).toBe(0);
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await store.agent('anna'))?.status).toBe('available');
    expect(typesOf(events.events, 'call-1')).toEqual(['acd.enter', 'acd.offer', 'acd.answer', 'acd.call_ended']);
    expect(events.ofType('agent.state').at(-1)?.data).toMatchObject({ agentId: 'anna', from: 'wrap_up', to: 'available', by: 'engine:wrap-up-timer' });
    await acd.stop();
  });

  it('a phone nobody answers: the agent is paused as "non-risponde", the caller keeps their place and the next agent gets them', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await acd.start();
    const call = caller(telephony);
    const result = acd.queue(call, 'call-2', REQUEST, log);
    await vi.advanceTimersByTimeAsync(18_000);
    expect(await store.agent('anna')).toMatchObject({ status: 'paused', reason: 'non-risponde' });
    expect(await store.queuedCall('call-2')).toMatchObject({ status: 'waiting', enteredAt: MONDAY_MORNING.getTime() });
    expect(events.ofType('acd.no_answer')[0]?.data).toMatchObject({ agentId: 'anna', outcome: 'no_answer' });

    telephony.originateAnswersAfterMs = 2000;
    await agent(store, 'bruno', '1002', { tributi: 1 });
    // Already available: 'ready' changes nothing in the store, and lets this ACD see bruno.
    await acd.agentAction('bruno', 'ready', undefined, 'test');
    await vi.advanceTimersByTimeAsync(3000);
    expect(await store.queuedCall('call-2')).toMatchObject({ status: 'connected', agentId: 'bruno' });
    call.callerHangsUp();
    await expect(result).resolves.toEqual({ outcome: 'answered' });
    await acd.stop();
  });

  it('a caller who hangs up while the agent rings: the ring stops, the agent is free (not paused), the abandon is counted once', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await acd.start();
    const call = caller(telephony);
    const result = acd.queue(call, 'call-3', REQUEST, log);
    await vi.advanceTimersByTimeAsync(3000);
    expect((await store.agent('anna'))?.status).toBe('reserved');
    call.callerHangsUp();
    await expect(result).rejects.toBeInstanceOf(CallHungUpError);
    await vi.advanceTimersByTimeAsync(100);
    expect((await store.agent('anna'))?.status).toBe('available');
    // The abandon and the end of the offer are two steps that race (either may be logged first); each happens once.
    expect(typesOf(events.events, 'call-3').sort()).toEqual(['acd.abandon', 'acd.enter', 'acd.offer', 'acd.offer_cancelled']);
    expect(await store.queuedCall('call-3')).toBeUndefined();
    // The leg was never answered: nothing is left ringing or bridged.
    expect(telephony.bridges.size).toBe(0);
    await acd.stop();
  });

  it('a waiting caller Asterisk cut off (a restart) is counted as lost, not as an abandon; one who hangs up is an abandon', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await store.agentAction('anna', 'pause', 'riunione', 'test', new Date());
    await acd.start();
    const cut = caller(telephony, '+393331110003');
    const left = caller(telephony, '+393331110004');
    const results = [acd.queue(cut, 'call-cut', REQUEST, log), acd.queue(left, 'call-left', REQUEST, log)];
    await vi.advanceTimersByTimeAsync(3000);
    cut.lostByAsterisk();
    left.callerHangsUp();
    for (const r of results) await expect(r).rejects.toBeInstanceOf(CallHungUpError);
    expect(events.events.filter((e) => e.callId === 'call-cut' && e.type.startsWith('acd.')).map((e) => [e.type, e.data?.reason])).toEqual([['acd.enter', undefined], ['acd.leave', 'lost']]);
    expect(typesOf(events.events, 'call-left')).toEqual(['acd.enter', 'acd.abandon']);
    await acd.stop();
  });

  it('a blind transfer to another queue: the agent goes to wrap-up at once; the caller waits there, with their data, for its agent', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await agent(store, 'carla', '1003', { anagrafe: 2 });
    await store.agentAction('carla', 'pause', 'pausa', 'test', new Date());
    await acd.start();
    telephony.originateAnswersAfterMs = 1000;
    const call = caller(telephony);
    const result = acd.queue(call, 'call-4', REQUEST, log);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await store.agent('anna'))?.status).toBe('on_call');

    acd.onEvent({ type: 'acd.transfer_requested', callId: 'call-4', data: { agentId: 'anna', queue: 'anagrafe', from: 'tributi' } });
    await vi.advanceTimersByTimeAsync(500);
    expect((await store.agent('anna'))?.status).toBe('wrap_up');
    expect(await store.queuedCall('call-4')).toMatchObject({ queueId: 'anagrafe', status: 'waiting', data: expect.objectContaining({ topic: 'TARI' }) as unknown });
    expect(call.moh).toBe('default');

    await acd.agentAction('carla', 'ready', undefined, 'test');
    await vi.advanceTimersByTimeAsync(2000);
    expect(await store.queuedCall('call-4')).toMatchObject({ status: 'connected', agentId: 'carla' });
    call.callerHangsUp();
    await expect(result).resolves.toEqual({ outcome: 'answered' });
    expect(events.ofType('acd.transferred')[0]?.data).toMatchObject({ agentId: 'anna', from: 'tributi', to: 'anagrafe', kind: 'queue', mode: 'blind' });
    await acd.stop();
  });

  it("after a restart, an offer that was ringing is ended: the agent is free again, the caller keeps their place, and the agent's phone stops ringing once Asterisk is reached", async () => {
    const state = new MemoryAcdState();
    const first = setup(state);
    await agent(first.store, 'anna', '1001', { tributi: 3 });
    await first.store.enqueue({ callId: 'call-5', queueId: 'tributi', priority: 5, enteredAt: Date.now(), channelId: 'ch-5', callerNumber: '+393331110002', data: {} }, 100, new Date());
    await first.store.claim('anna', 'call-5', {}, 'engine-dead', new Date());
    await first.store.setOfferLeg('call-5', 'leg-5');

    const next = setup(state);
    // The agent's phone still ringing in Asterisk (the new engine's start runs before it is reached).
    const ringing = next.telephony.placeCall({ channelId: 'leg-5', dialledNumber: '1001', recovered: true });
    await next.acd.start();
    expect((await next.store.agent('anna'))?.status).toBe('available');
    expect(await next.store.queuedCall('call-5')).toMatchObject({ status: 'waiting', enteredAt: MONDAY_MORNING.getTime() });
    expect(next.events.ofType('acd.offer_cancelled').at(-1)?.data).toMatchObject({ agentId: 'anna', outcome: 'recovered' });
    expect(ringing.ended.aborted).toBe(false);
    await next.acd.endLostCalls(new Set(['ch-5', 'leg-5']));
    expect(ringing.ended.aborted).toBe(true);
    await next.acd.stop();
  });

  it('an announced transfer: the caller holds while the agent talks to the extension; completed, the caller is left with it', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await acd.start();
    telephony.originateAnswersAfterMs = 1000;
    const call = caller(telephony);
    const result = acd.queue(call, 'call-6', REQUEST, log);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await store.agent('anna'))?.status).toBe('on_call');

    acd.onEvent({ type: 'acd.transfer_requested', callId: 'call-6', data: { agentId: 'anna', extension: '2001', mode: 'announced', from: 'tributi' } });
    await vi.advanceTimersByTimeAsync(500);
    expect(call.moh).toBe('default');
    expect(await store.queuedCall('call-6')).toMatchObject({ consult: { extension: '2001', status: 'ringing' } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await store.queuedCall('call-6')).toMatchObject({ consult: { extension: '2001', status: 'talking' } });
    expect(telephony.originated.map((o) => o.endpoint)).toEqual(['PJSIP/1001', 'PJSIP/2001']);

    acd.onEvent({ type: 'acd.consult_complete_requested', callId: 'call-6', data: { agentId: 'anna', extension: '2001' } });
    await vi.advanceTimersByTimeAsync(500);
    expect((await store.agent('anna'))?.status).toBe('wrap_up');
    const [bridge] = [...telephony.bridges.values()];
    const extension = telephony.calls.find((c) => c.info.channelId === telephony.originated[1]?.channelId);
    expect(bridge && [...bridge]).toEqual(expect.arrayContaining([call.info.channelId, extension?.info.channelId]));
    call.callerHangsUp();
    await expect(result).resolves.toEqual({ outcome: 'answered' });
    expect(extension?.ended.aborted).toBe(true);
    expect(events.events.filter((e) => e.callId === 'call-6' && e.type.startsWith('acd.consult')).map((e) => e.type)).toEqual(['acd.consult_started', 'acd.consult_answered']);
    expect(events.ofType('acd.transferred')[0]?.data).toMatchObject({ agentId: 'anna', to: '2001', kind: 'extension', mode: 'announced' });
    await acd.stop();
  });

  it("the agent's requests are carried out at once by the engine holding the caller, and not again when their copies come back from the log", async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await acd.start();
    telephony.originateAnswersAfterMs = 1000;
    const call = caller(telephony);
    const result = acd.queue(call, 'call-8', REQUEST, log);
    await vi.advanceTimersByTimeAsync(2000);
    // The log's tail hands back every request this engine wrote, as it would from Redis.
    const readBack = (type: string) => {
      const e = events.ofType(type).at(-1);
      if (!e?.callId || !e.data) throw new Error(`${type} was not logged`);
      acd.onEvent({ type: e.type, callId: e.callId, data: e.data });
    };

    await acd.request({ type: 'acd.transfer_requested', callId: 'call-8', data: { agentId: 'anna', extension: '2001', mode: 'announced', from: 'tributi' } });
    expect(events.ofType('acd.transfer_requested')[0]?.data).toMatchObject({ agentId: 'anna', extension: '2001', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
    await vi.advanceTimersByTimeAsync(0);
    expect(await store.queuedCall('call-8')).toMatchObject({ consult: { extension: '2001', status: 'ringing' } });
    readBack('acd.transfer_requested');
    await vi.advanceTimersByTimeAsync(1500);
    expect(await store.queuedCall('call-8')).toMatchObject({ consult: { extension: '2001', status: 'talking' } });

    await acd.request({ type: 'acd.consult_cancel_requested', callId: 'call-8', data: { agentId: 'anna', extension: '2001' } });
    readBack('acd.consult_cancel_requested');
    await vi.advanceTimersByTimeAsync(3000);
    // Back with the agent, and the extension was rung once: the read-back copy did not consult again.
    expect((await store.queuedCall('call-8'))?.consult).toBeUndefined();
    expect((await store.agent('anna'))?.status).toBe('on_call');
    expect(telephony.originated.map((o) => o.endpoint)).toEqual(['PJSIP/1001', 'PJSIP/2001']);

    // The agent hangs up: the conversation ends there (a stale copy of the transfer would consult again).
    telephony.calls.find((c) => c.info.channelId === telephony.originated[0]?.channelId)?.callerHangsUp();
    await vi.advanceTimersByTimeAsync(3000);
    await expect(result).resolves.toEqual({ outcome: 'answered' });
    expect(call.ended.aborted).toBe(true);
    expect(telephony.originated.map((o) => o.endpoint)).toEqual(['PJSIP/1001', 'PJSIP/2001']);
    expect(events.ofType('acd.consult_started')).toHaveLength(1);
    await acd.stop();
  });

  it('a callback attempt: it waits its turn, the agent is rung first, then the citizen is dialled with the service number and bridged', async () => {
    const { acd, store, telephony, events } = setup();
    await agent(store, 'anna', '1001', { tributi: 3 });
    await acd.start();
    telephony.originateAnswersAfterMs = 1000;
    const attempt = acd.serveCallback(
      { callbackId: 'cb-1', acdCallId: 'cb-call-1', queueId: 'tributi', priority: 5, enteredAt: Date.now(), number: '+393331110002', dial: 'PJSIP/3331110002@trunk', callerId: '020202', data: {}, beforeDial: () => Promise.resolve(true) },
      log,
    );
    await vi.advanceTimersByTimeAsync(3000);
    await expect(attempt).resolves.toBe('answered');
    expect(telephony.originated.map((o) => [o.endpoint, o.callerId])).toEqual([
      ['PJSIP/1001', '+393331110002'],
      ['PJSIP/3331110002@trunk', '020202'],
    ]);
    expect(await store.queuedCall('cb-call-1')).toMatchObject({ status: 'connected', agentId: 'anna', callback: 'cb-1' });
    const citizen = telephony.calls.find((c) => c.info.channelId === telephony.originated[1]?.channelId);
    citizen?.callerHangsUp();
    await vi.advanceTimersByTimeAsync(100);
    expect((await store.agent('anna'))?.status).toBe('wrap_up');
    expect(typesOf(events.events, 'cb-call-1')).toEqual(['acd.enter', 'acd.offer', 'acd.answer', 'acd.call_ended']);
    await acd.stop();
  });

  it('after a restart, a conversation goes on when its channels come back: the agent leg is adopted, the end is counted once', async () => {
    const state = new MemoryAcdState();
    const first = setup(state);
    await agent(first.store, 'anna', '1001', { tributi: 3 });
    await first.store.enqueue({ callId: 'call-7', queueId: 'tributi', priority: 5, enteredAt: Date.now(), channelId: 'ch-7', callerNumber: '+393331110002', data: {} }, 100, new Date());
    await first.store.claim('anna', 'call-7', {}, 'engine-dead', new Date());
    await first.store.connect('anna', 'call-7', 'tributi', 'leg-7', 'bridge-7', new Date());

    const next = setup(state);
    await next.acd.start();
    // Asterisk hands both channels back (recovered): the agent's leg to the ACD, the caller to the call handler, which resumes it.
    next.telephony.placeCall({ dialledNumber: '', channelId: 'leg-7', recovered: true, appArgs: [] });
    const callerChannel = next.telephony.placeCall({ dialledNumber: '020202', channelId: 'ch-7', recovered: true, appArgs: [] });
    const resumed = next.acd.resume(callerChannel, 'call-7', log);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await next.store.agent('anna'))?.status).toBe('on_call');
    callerChannel.callerHangsUp();
    await expect(resumed).resolves.toEqual({ outcome: 'answered' });
    expect(await next.store.agent('anna')).toMatchObject({ status: 'wrap_up', occupiedSeconds: 30 });
    expect(next.telephony.calls.find((c) => c.info.channelId === 'leg-7')?.ended.aborted).toBe(true);
    expect(typesOf(next.events.events, 'call-7').filter((t) => t === 'acd.resumed' || t === 'acd.call_ended')).toEqual(['acd.resumed', 'acd.call_ended']);
    await next.acd.stop();
  });
});
