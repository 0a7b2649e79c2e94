/**
 * Callbacks on the real stack: the number guard on the API, and a callback dialled agent first —
 * the agent's phone (SIPp as 1014) is rung and answers, then the citizen's phone behind the
 * carrier trunk (SIPp on 5080) is dialled presenting 020202, and the two are bridged in Asterisk.
 * A caller waiting in a queue books one by keys (2, then 1 to confirm their number) and keeps
 * their place: served before a caller who came later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app.js';
import { DesktopSocket } from '../support/desktop-socket.js';
import { eventsAfter, lastEventId } from '../support/events.js';
import { eventually, MONDAY_MORNING, startEngine } from '../support/engine.js';
import { answerCall, citizenScenario, dtmfScenario, placeCall, registerAgentPhone } from '../support/sipp.js';
import { bridgedTrunkChannel, hangUpChannel } from '../support/asterisk-bridges.js';

const TOKEN = { authorization: 'Bearer demo-supervisor-token' };
const CITIZEN_PORT = 5080;

/** A flow on a test number: straight into the tributi queue, where the callback key is offered at once. */
const CALLBACK_IN_QUEUE_FLOW = `
id: e2e-callback-in-queue
numbers: ["0200000002"]
language: it
prompts: {}
start: wait
nodes:
  wait: { type: queue, queue: tributi, callback: { afterMinutes: 0, next: book }, onExit: bye }
  book: { type: callback, queue: tributi, next: bye, onFailure: wait }
  bye: { type: hangup }
`;

describe('callbacks (real stack)', () => {
  let app: App;

  async function api(method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) {
    const r = await app.http.inject({ method, url, headers: TOKEN, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.body === '' ? undefined : (JSON.parse(r.body) as Record<string, unknown>) };
  }
  const state = (id: string, action: string) => api('POST', `/api/agents/${id}/state`, { action });

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const saved = await api('PUT', '/api/agents/dora', { name: 'Dora Villa', endpoint: '1014', skills: { tributi: 3 }, queues: ['tributi'] });
    expect([200, 201]).toContain(saved.status);
    await registerAgentPhone('1014', 5094);
  });

  afterAll(async () => {
    const dora = ((await api('GET', '/api/agents')).body as unknown as { id: string; status: string }[]).find((a) => a.id === 'dora');
    if (dora?.status === 'wrap_up') await state('dora', 'wrapup_done');
    if (dora && dora.status !== 'logged_out') await state('dora', 'logout');
    await app.close();
  });

  it('refuses premium, special, international and injected numbers before anything is booked, and audits each refusal', async () => {
    const since = await lastEventId(app.redis.redis);
    const cases: [string, string][] = [
      ['899123456', '899'],
      ['+39 892 123', '892'],
      ['4781234', '4xx'],
      ['+44 20 7946 0000', 'international'],
      ['123&PJSIP/evil', 'not a plain'],
      ['+870 123456789', 'satellite'],
    ];
    for (const [number, why] of cases) {
      const r = await api('POST', '/api/callbacks', { number, queue: 'tributi' });
      expect(r, number).toMatchObject({ status: 422, body: { code: 'CALLBACK.NUMBER_REFUSED', error: expect.stringContaining(why) as unknown } });
    }
    expect(await api('POST', '/api/callbacks', { number: '3331112222', queue: 'oroscopo' })).toMatchObject({ status: 400, body: { code: 'CALLBACK.NO_SUCH_QUEUE' } });
    expect(await api('POST', '/api/callbacks', { number: '3331112222', queue: 'tributi', at: new Date(MONDAY_MORNING.getTime() + 7 * 60_000).toISOString() })).toMatchObject({ status: 409, body: { code: 'CALLBACK.NO_SLOTS' } });
    const refused = (await eventsAfter(app.redis.redis, since)).filter((e) => e.type === 'callback.refused');
    expect(refused).toHaveLength(cases.length);
    // The audit never keeps a whole number.
    expect(JSON.stringify(refused)).not.toContain('899123456');
    expect((await api('GET', '/api/callbacks')).body).toEqual([]);
  });

  it('dials the agent first, then the citizen through the trunk presenting 020202, and bridges them; a second booking for the number merges', async () => {
    expect(await state('dora', 'login')).toMatchObject({ status: 200 });
    // Dora is paused while the booking is made: the callback waits for its turn.
    expect(await api('POST', `/api/agents/dora/state`, { action: 'pause', reason: 'pausa' })).toMatchObject({ status: 200 });
    const since = await lastEventId(app.redis.redis);
    const booked = await api('POST', '/api/callbacks', { number: '333 765 4321', queue: 'tributi', note: 'TARI 2025, avviso di pagamento' });
    expect(booked).toMatchObject({ status: 201, body: { kind: 'keep_place', number: '+393337654321', status: expect.stringMatching(/booked|active/) as unknown, merged: false } });
    const id = booked.body?.id as string;
    expect(await api('POST', '/api/callbacks', { number: '+393337654321', queue: 'tributi' })).toMatchObject({ status: 200, body: { id, merged: true } });
    await eventually(async () => (await api('GET', `/api/callbacks/${id}`)).body?.status === 'active', 15_000, 'the callback did not start waiting for its turn');

    // Dora's desktop shows "Richiamata per …" with the note left at booking, before her phone is answered.
    await api('PUT', '/api/agents/dora/pin', { pin: '4321' });
    const session = await app.http.inject({ method: 'POST', url: '/api/sessions', payload: { agentId: 'dora', pin: '4321' } });
    const desk = await DesktopSocket.open((app.http.server.address() as AddressInfo).port, session.json<{ token: string }>().token);
    const agentPhone = answerCall('uas-agent-answer-expect-bye.xml', 5094);
    const citizen = answerCall(citizenScenario('3337654321'), CITIZEN_PORT);
    await new Promise((r) => setTimeout(r, 500));
    expect(await state('dora', 'ready')).toMatchObject({ status: 200 });
    const offer = await desk.next((m) => m.type === 'offer');
    expect(offer.pop).toMatchObject({ callerNumber: '+393337654321', queue: 'tributi', callback: { id, attempt: 1, note: 'TARI 2025, avviso di pagamento' } });
    desk.close();

    // Both phones answered and Asterisk bridges the agent with the trunk channel.
    const trunkChannel = await bridgedTrunkChannel('PJSIP/1014');
    // The citizen hangs up (the network drops the call): the agent is released, the callback is done.
    await hangUpChannel(trunkChannel);
    const [a, c] = await Promise.all([agentPhone.done, citizen.done]);
    expect(a.exitCode, a.output).toBe(0);
    expect(c.exitCode, c.output).toBe(0);
    await eventually(async () => (await api('GET', `/api/callbacks/${id}`)).body?.status === 'completed', 15_000, 'the callback was not completed');
    expect((await api('GET', `/api/callbacks/${id}`)).body).toMatchObject({ final: 'answered', attempt: 1, dialled: 1 });

    // The callback is completed a moment before the ACD logs the end of its call: wait for both.
    let events = await eventsAfter(app.redis.redis, since);
    await eventually(async () => (events = await eventsAfter(app.redis.redis, since)).some((e) => e.type === 'acd.call_ended'), 10_000, 'the ACD did not log the end of the call');
    const types = events.map((e) => e.type).filter((t) => t.startsWith('callback.') || ['acd.enter', 'acd.offer', 'acd.answer', 'acd.call_ended'].includes(t));
    // The second booking's merge and the first attempt's start race (the job is due at once): the merge is logged once, after the booking.
    // The attempt's end (the callbacks' job) and the conversation's (the ACD) both follow the answer, in either order.
    const sequence = types.filter((t) => t !== 'callback.merged');
    expect(sequence.slice(0, 5)).toEqual(['callback.booked', 'callback.attempt_started', 'acd.enter', 'acd.offer', 'acd.answer']);
    expect([...sequence.slice(5)].sort()).toEqual(['acd.call_ended', 'callback.attempt_ended']);
    expect(types.filter((t) => t === 'callback.merged')).toHaveLength(1);
    expect(types.indexOf('callback.merged')).toBeGreaterThan(types.indexOf('callback.booked'));
    expect(events.find((e) => e.type === 'acd.offer')?.data).toMatchObject({ agentId: 'dora', queue: 'tributi' });
    expect(events.find((e) => e.type === 'callback.attempt_ended')?.data).toMatchObject({ callback: id, outcome: 'answered', final: 'answered' });
    await eventually(async () => ((await api('GET', '/api/agents')).body as unknown as { id: string; status: string }[]).find((x) => x.id === 'dora')?.status === 'wrap_up', 10_000, 'dora did not go to wrap-up');
    await state('dora', 'wrapup_done');
  });

  it('a caller waiting in the queue presses 2 and confirms their number: the place is kept, and served before a caller who came later', async () => {
    const published = await app.http.inject({ method: 'POST', url: '/api/flows/e2e-callback-in-queue/publish', headers: TOKEN, payload: { text: CALLBACK_IN_QUEUE_FLOW, message: 'callbacks e2e' } });
    expect([200, 201], published.body).toContain(published.statusCode);
    expect(await api('POST', '/api/agents/dora/state', { action: 'pause', reason: 'pausa' })).toMatchObject({ status: 200 });
    const since = await lastEventId(app.redis.redis);

    // 2 during the first announcement; 1 (four times, seconds apart: whichever lands first while the number is read back) confirms 3351112233.
    const caller = await placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '2,,,,,,,,,,1,,,,1,,,,1,,,,1'), '0200000002', '3351112233').done;
    expect(caller.exitCode, caller.output).toBe(0);
    let events = await eventsAfter(app.redis.redis, since);
    const callId = events.find((e) => e.type === 'acd.enter')?.callId as string;
    expect(events.find((e) => e.type === 'acd.callback_chosen')).toMatchObject({ callId, data: { queue: 'tributi', position: 1 } });
    expect(events.find((e) => e.type === 'callback.booked')).toMatchObject({ callId, data: { kind: 'keep_place', queue: 'tributi', by: `ivr:${callId}` } });
    expect(events.filter((e) => e.callId === callId && ['acd.leave', 'acd.abandon'].includes(e.type))).toEqual([]);
    const open = (await api('GET', '/api/callbacks')).body as unknown as { id: string; number: string; acdCallId: string; kind: string }[];
    const booked = open.find((c) => c.number === '+393351112233');
    expect(booked).toMatchObject({ kind: 'keep_place', acdCallId: callId });

    // A caller who came later waits in the same queue and asks for nothing.
    const later = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '5'), '0200000002', '3389998877');
    await eventually(async () => (await eventsAfter(app.redis.redis, since)).some((e) => e.type === 'acd.enter' && e.callId !== callId), 15_000, 'the later caller did not enter the queue');

    const agentPhone = answerCall('uas-agent-answer-expect-bye.xml', 5094);
    const citizen = answerCall(citizenScenario('3351112233'), CITIZEN_PORT);
    await new Promise((r) => setTimeout(r, 500));
    expect(await state('dora', 'ready')).toMatchObject({ status: 200 });
    const trunkChannel = await bridgedTrunkChannel('PJSIP/1014');
    events = await eventsAfter(app.redis.redis, since);
    // Dora's first offer is the callback, in the place the caller had before the later one came.
    expect(events.find((e) => e.type === 'acd.offer')).toMatchObject({ callId, data: { agentId: 'dora', queue: 'tributi' } });
    await hangUpChannel(trunkChannel);
    const [a, c] = await Promise.all([agentPhone.done, citizen.done]);
    expect(a.exitCode, a.output).toBe(0);
    expect(c.exitCode, c.output).toBe(0);
    await eventually(async () => (await api('GET', `/api/callbacks/${booked?.id ?? ''}`)).body?.status === 'completed', 15_000, 'the callback was not completed');
    // The later caller gives up while Dora is in wrap-up.
    const l = await later.done;
    expect(l.exitCode, l.output).toBe(0);
    expect((await eventsAfter(app.redis.redis, since)).filter((e) => e.type === 'acd.offer').map((e) => e.callId)).toEqual([callId]);
  });

  it("a busy citizen is called again after the queue's spacing; the agent stays available meanwhile; answered on the second attempt", async () => {
    const queues = (await app.http.inject({ method: 'GET', url: '/api/queues/config', headers: TOKEN })).json<{ live: number; text: string }>();
    const tributi = '    skills: [{ skill: tributi, level: 2 }]\n    callbacks: *richiamate\n';
    expect(queues.text).toContain(tributi);
    const quick = queues.text.replace(tributi, '    skills: [{ skill: tributi, level: 2 }]\n    callbacks: { maxAttempts: 2, spacingMinutes: [0.1] }\n');
    const published = await app.http.inject({ method: 'POST', url: '/api/queues/config/publish', headers: TOKEN, payload: { text: quick, message: 'callbacks e2e: retry after 6 s' } });
    expect(published.statusCode, published.body).toBeLessThan(300);
    try {
      const dora = ((await api('GET', '/api/agents')).body as unknown as { id: string; status: string }[]).find((a) => a.id === 'dora');
      if (dora?.status === 'wrap_up') await state('dora', 'wrapup_done');
      expect(await api('POST', '/api/agents/dora/state', { action: 'pause', reason: 'pausa' })).toMatchObject({ status: 200 });
      const since = await lastEventId(app.redis.redis);
      const booked = await api('POST', '/api/callbacks', { number: '335 123 4000', queue: 'tributi' });
      expect(booked).toMatchObject({ status: 201 });
      const id = booked.body?.id as string;

      // First attempt: Dora answers, the citizen's line is busy.
      const firstAgent = answerCall('uas-agent-answer-expect-bye.xml', 5094);
      const busy = answerCall('uas-office-busy-expect-486-ack.xml', CITIZEN_PORT);
      await new Promise((r) => setTimeout(r, 500));
      expect(await state('dora', 'ready')).toMatchObject({ status: 200 });
      for (const r of await Promise.all([firstAgent.done, busy.done])) expect(r.exitCode, r.output).toBe(0);
      // The phones for the second attempt listen before it is due (6 s later).
      const secondAgent = answerCall('uas-agent-answer-expect-bye.xml', 5094);
      const citizen = answerCall(citizenScenario('3351234000'), CITIZEN_PORT);
      await eventually(async () => (await eventsAfter(app.redis.redis, since)).some((e) => e.type === 'callback.attempt_ended'), 15_000, 'the first attempt did not end');
      const first = (await eventsAfter(app.redis.redis, since)).find((e) => e.type === 'callback.attempt_ended');
      expect(first?.data).toMatchObject({ callback: id, outcome: 'busy' });
      expect(typeof first?.data.retryAt).toBe('number');
      // Not the agent's fault: Dora is available, not paused as not answering.
      expect(((await api('GET', '/api/agents')).body as unknown as { id: string; status: string }[]).find((a) => a.id === 'dora')?.status).toBe('available');

      const trunkChannel = await bridgedTrunkChannel('PJSIP/1014');
      await hangUpChannel(trunkChannel);
      for (const r of await Promise.all([secondAgent.done, citizen.done])) expect(r.exitCode, r.output).toBe(0);
      await eventually(async () => (await api('GET', `/api/callbacks/${id}`)).body?.status === 'completed', 15_000, 'the callback was not completed');
      expect((await api('GET', `/api/callbacks/${id}`)).body).toMatchObject({ final: 'answered', attempt: 2, dialled: 2 });
      const ended = (await eventsAfter(app.redis.redis, since)).filter((e) => e.type === 'callback.attempt_ended').map((e) => e.data.outcome);
      expect(ended).toEqual(['busy', 'answered']);
    } finally {
      await app.http.inject({ method: 'POST', url: '/api/queues/config/rollback', headers: TOKEN, payload: { version: queues.live } });
    }
  });
});
