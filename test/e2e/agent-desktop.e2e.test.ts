/**
 * The agent desktop's live side on the real stack: a WebSocket that gets the screen-pop of a real
 * SIP call before the agent's phone (SIPp) answers — caller, CRM record, open ticket, IVR journey —
 * then the call's progress; a reconnect that restores everything; the wrap-up with a ticket
 * escalation, only by the agent the call was offered to, only once.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { DesktopSocket, type DeskMessage } from '../support/desktop-socket.js';
import { eventually, MONDAY_MORNING, startEngine } from '../support/engine.js';
import { bridgedEndpoints } from '../support/asterisk-bridges.js';
import { answerCall, dtmfScenario, placeCall, registerAgentPhone } from '../support/sipp.js';
import { leaveService, openSession, setUpAgent } from '../support/agents.js';

describe('agent desktop: screen-pop, reconnect, wrap-up (real stack)', () => {
  let app: App;
  let port = 0;
  const tokens: Record<string, string> = {};

  const api = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, token: string, payload?: object) => {
    const r = await app.http.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.body === '' ? undefined : (JSON.parse(r.body) as Record<string, unknown>) };
  };

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    port = (app.http.server.address() as AddressInfo).port;
    // Franca answers Tributi; Gino answers Anagrafe (where Franca transfers a caller).
    await setUpAgent(app, { id: 'franca', name: 'Franca Conti', endpoint: '1016', skills: { tributi: 3 }, queues: ['tributi'], pin: '4321', phonePort: 5096 });
    await setUpAgent(app, { id: 'gino', name: 'Gino Greco', endpoint: '1017', skills: { anagrafe: 3 }, queues: ['anagrafe'], pin: '4321', phonePort: 5097 });
    tokens.franca = await openSession(app, 'franca', '4321');
    tokens.gino = await openSession(app, 'gino', '4321');
    // 1019: an office's phone agents transfer callers to; 1020 has no phone registered.
    await registerAgentPhone('1019', 5099);
  });

  afterAll(async () => {
    try {
      await leaveService(app, ['franca', 'gino']);
    } finally {
      await app.close();
    }
  });

  it('refuses a socket without a valid session (4401)', async () => {
    const s = await DesktopSocket.open(port, 'nonsense');
    expect(await s.closed).toBe(4401);
  });

  it('pops the caller, their CRM record and IVR journey before the phone answers; reconnects; wraps up once with an escalation', async () => {
    const franca = tokens.franca as string;
    const desk = await DesktopSocket.open(port, franca);
    expect(await desk.next((m) => m.type === 'hello')).toMatchObject({ role: 'agent', agent: { id: 'franca', status: 'logged_out' }, pop: null });
    expect((await api('POST', '/api/me/state', franca, { action: 'login' })).body).toMatchObject({ status: 'available' });
    await desk.next((m) => m.type === 'agent' && (m.agent as { status: string }).status === 'available');

    const phone = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5096);
    // Rosa D'Angelo: 2 = "other services" at her ticket's offer, then 2 = Tributi; she hangs up after 30 s.
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '221', 20), '020202', '3331110005');

    const offer = await desk.next((m) => m.type === 'offer', 60_000);
    const pop = offer.pop as { callId: string; callerNumber: string; queue: string; tags: string[]; journey: { node: string; choice?: string }[]; crm: { available: boolean; citizens: { lastName: string }[]; openTickets: { number: number; status: string }[] } };
    expect(pop).toMatchObject({ callerNumber: '3331110005', queue: 'tributi', tags: ['Tributi'] });
    expect(pop.crm).toMatchObject({ available: true, citizens: [{ lastName: "D'Angelo" }], openTickets: [{ number: 100003, status: 'aperto', category: 'Mobilità' }] });
    expect(pop.journey).toEqual(expect.arrayContaining([{ node: 'lookup', type: 'lookup', choice: 'known' }, { node: 'ticket-offer', type: 'menu', choice: '2' }, { node: 'main-menu', type: 'menu', choice: '2' }]));
    // The pop came while the phone was still ringing: the answer is announced after it.
    const connected = await desk.next((m) => m.type === 'call' && m.status === 'connected', 30_000);
    expect(desk.messages.indexOf(offer)).toBeLessThan(desk.messages.indexOf(connected));
    await desk.next((m) => m.type === 'call' && m.status === 'ended', 60_000);
    const [c, a] = await Promise.all([caller.done, phone.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);

    // A dropped connection: the new socket's snapshot has the state and the call to wrap up.
    desk.close();
    const again = await DesktopSocket.open(port, franca);
    const hello = (await again.next((m) => m.type === 'hello')) as DeskMessage & { agent: { status: string }; pop: { callId: string } };
    expect(hello.agent.status).toBe('wrap_up');
    expect(hello.pop.callId).toBe(pop.callId);

    // Another agent cannot wrap up this call; the agent it was offered to can, once.
    const wrapUp = { outcome: 'ticket', notes: 'Targa nuova non ancora registrata: inoltro al back office', ticketUpdate: { number: 100003, level: 'back_office' } };
    expect(await api('POST', `/api/me/calls/${pop.callId}/wrap-up`, tokens.gino as string, wrapUp)).toMatchObject({ status: 403, body: { code: 'DESKTOP.NOT_YOUR_CALL' } });
    expect(await api('POST', `/api/me/calls/${pop.callId}/wrap-up`, franca, { outcome: 'boh' })).toMatchObject({ status: 400 });
    const done = await api('POST', `/api/me/calls/${pop.callId}/wrap-up`, franca, wrapUp);
    expect(done).toMatchObject({ status: 200, body: { ticket: { number: 100003, level: 'back_office', status: 'inoltrato' } } });
    expect(await api('POST', `/api/me/calls/${pop.callId}/wrap-up`, franca, wrapUp)).toMatchObject({ status: 409, body: { code: 'DESKTOP.ALREADY_WRAPPED_UP' } });
    await again.next((m) => m.type === 'agent' && (m.agent as { status: string }).status === 'available');
    const history = await app.crm.history('demo-rosa-d-angelo', 10);
    expect(history.find((h) => h.callId === pop.callId && h.outcome === 'agent:ticket')).toMatchObject({ ticketNumber: 100003, summary: 'Targa nuova non ancora registrata: inoltro al back office' });
    const changes = await app.crm.ticketChanges(100003);
    expect(changes.filter((ch) => ch.by === 'agent:franca').map((ch) => ch.field)).toEqual(['status', 'level']);
    again.close();
  });

  it('an agent transfers the caller to another queue: the next agent gets the screen-pop with the journey and where the call came from', async () => {
    const [franca, gino] = [tokens.franca as string, tokens.gino as string];
    const deskF = await DesktopSocket.open(port, franca);
    const deskG = await DesktopSocket.open(port, gino);
    await deskF.next((m) => m.type === 'hello');
    await deskG.next((m) => m.type === 'hello');
    expect((await api('GET', '/api/me', franca)).body).toMatchObject({ agent: { status: 'available' } });
    expect((await api('POST', '/api/me/state', gino, { action: 'login' })).body).toMatchObject({ status: 'available' });

    const phoneF = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5096);
    const phoneG = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5097);
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '21', 40), '020202');
    const offer = await deskF.next((m) => m.type === 'offer', 60_000);
    const callId = (offer.pop as { callId: string }).callId;
    await deskF.next((m) => m.type === 'call' && m.status === 'connected', 30_000);

    expect(await api('POST', `/api/me/calls/${callId}/transfer`, gino, { queue: 'anagrafe' })).toMatchObject({ status: 403, body: { code: 'DESKTOP.NOT_YOUR_CALL' } });
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { queue: 'tributi' })).toMatchObject({ status: 400, body: { code: 'DESKTOP.SAME_QUEUE' } });
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { queue: 'anagrafe' })).toMatchObject({ status: 202 });

    await deskF.next((m) => m.type === 'call' && m.callId === callId && m.status === 'ended', 20_000);
    const popG = (await deskG.next((m) => m.type === 'offer', 30_000)).pop as { callId: string; queue: string; transferredFrom: string; tags: string[]; journey: { node: string; choice?: string }[] };
    expect(popG).toMatchObject({ callId, queue: 'anagrafe', transferredFrom: 'tributi', tags: ['Tributi'] });
    expect(popG.journey).toContainEqual({ node: 'main-menu', type: 'menu', choice: '2' });
    await deskG.next((m) => m.type === 'call' && m.status === 'connected', 30_000);
    await deskG.next((m) => m.type === 'call' && m.status === 'ended', 60_000);
    const [c, f, g] = await Promise.all([caller.done, phoneF.done, phoneG.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(f.exitCode, f.output).toBe(0);
    expect(g.exitCode, g.output).toBe(0);
    const log = await app.redis.redis.xrevrange('cc:events', '+', '-', 'COUNT', 200);
    const transferred = log.map(([, f]) => f).find((f) => f[1] === 'acd.transferred' && f.includes(callId));
    expect(JSON.parse(transferred?.[transferred.length - 1] ?? '{}')).toMatchObject({ agentId: 'franca', from: 'tributi', to: 'anagrafe' });
    for (const t of [franca, gino]) {
      const me = (await api('GET', '/api/me', t)).body as { agent: { status: string } };
      if (me.agent.status === 'wrap_up') await api('POST', '/api/me/state', t, { action: 'wrapup_done' });
    }
    deskF.close();
    deskG.close();
  });
  /** Franca logged in and available, her desktop open, a caller through the menu ("2": Tributi) ringing her phone; resolves when she talks to them. */
  async function callerTalkingToFranca(holdSeconds: number) {
    const franca = tokens.franca as string;
    const desk = await DesktopSocket.open(port, franca);
    await desk.next((m) => m.type === 'hello');
    const me = (await api('GET', '/api/me', franca)).body as { agent: { status: string } };
    if (me.agent.status === 'wrap_up') await api('POST', '/api/me/state', franca, { action: 'wrapup_done' });
    if (me.agent.status === 'logged_out') await api('POST', '/api/me/state', franca, { action: 'login' });
    const phone = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5096);
    // 2 for Tributi, then 1, which cuts the Tributi message short (the key is dropped at the queue).
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '21', holdSeconds), '020202');
    const callId = ((await desk.next((m) => m.type === 'offer', 60_000)).pop as { callId: string }).callId;
    await desk.next((m) => m.type === 'call' && m.callId === callId && m.status === 'connected', 30_000);
    return { franca, desk, phone, caller, callId };
  }

  const eventsOf = async (callId: string) =>
    (await app.redis.redis.xrange('cc:events', '-', '+'))
      .map(([, f]) => ({ type: f[f.indexOf('type') + 1] ?? '', callId: f[f.indexOf('callId') + 1], data: JSON.parse(f[f.indexOf('data') + 1] ?? '{}') as Record<string, unknown> }))
      .filter((e) => e.callId === callId);

  it('announced transfer to an extension: the caller holds while the agent talks to it; cancel takes the caller back, complete leaves them with the extension', async () => {
    const { franca, desk, phone, caller, callId } = await callerTalkingToFranca(40);

    // First consultation, cancelled: the office's phone is released, the caller is back with Franca.
    const office1 = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5099);
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { extension: '1016' })).toMatchObject({ status: 400, body: { code: 'DESKTOP.OWN_EXTENSION' } });
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { extension: '1019', mode: 'announced', queue: 'x' })).toMatchObject({ status: 400 });
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { extension: '1019', mode: 'announced' })).toMatchObject({ status: 202 });
    await desk.next((m) => m.type === 'consult' && m.status === 'ringing', 20_000);
    // The office's phone rings for 4 s: not answered yet, so nothing to complete; no second transfer meanwhile.
    expect(await api('POST', `/api/me/calls/${callId}/consult/complete`, franca)).toMatchObject({ status: 409, body: { code: 'DESKTOP.CONSULT_NOT_ANSWERED' } });
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { queue: 'anagrafe' })).toMatchObject({ status: 409, body: { code: 'DESKTOP.CONSULT_IN_PROGRESS' } });
    expect(await api('POST', `/api/me/calls/${callId}/consult/cancel`, tokens.gino as string)).toMatchObject({ status: 403 });
    await desk.next((m) => m.type === 'consult' && m.status === 'talking', 20_000);
    // Asterisk's own view: Franca and the office talk; the caller is on hold, in no bridge.
    expect(await bridgedEndpoints()).toContainEqual(['PJSIP/1016', 'PJSIP/1019']);
    expect((await bridgedEndpoints()).flat()).not.toContain('PJSIP/trunk');
    expect(await api('POST', `/api/me/calls/${callId}/consult/cancel`, franca)).toMatchObject({ status: 202 });
    expect(await desk.next((m) => m.type === 'consult' && m.status === 'ended', 20_000)).toMatchObject({ reason: 'cancelled', extension: '1019' });
    const o1 = await office1.done;
    expect(o1.exitCode, o1.output).toBe(0);
    await eventually(async () => (await bridgedEndpoints()).some((b) => b.join() === 'PJSIP/1016,PJSIP/trunk'), 5000, 'the caller is not back with Franca');
    expect(await api('POST', `/api/me/calls/${callId}/consult/cancel`, franca)).toMatchObject({ status: 409, body: { code: 'DESKTOP.NO_CONSULT' } });

    // Second consultation, completed: Franca's phone is released, the caller talks to the office.
    const office2 = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5099);
    const seen = desk.messages.length;
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { extension: '1019', mode: 'announced' })).toMatchObject({ status: 202 });
    await desk.next((m) => m.type === 'consult' && m.status === 'talking', 20_000, seen);
    expect(await api('POST', `/api/me/calls/${callId}/consult/complete`, franca)).toMatchObject({ status: 202 });
    await desk.next((m) => m.type === 'call' && m.callId === callId && m.status === 'ended', 20_000);
    const f = await phone.done;
    expect(f.exitCode, f.output).toBe(0);
    await eventually(async () => (await bridgedEndpoints()).some((b) => b.join() === 'PJSIP/1019,PJSIP/trunk'), 5000, 'the caller is not with the office');
    expect((await api('GET', '/api/me', franca)).body).toMatchObject({ agent: { status: 'wrap_up' } });

    // The caller hangs up: the office's phone is released too.
    const [c, o2] = await Promise.all([caller.done, office2.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(o2.exitCode, o2.output).toBe(0);
    const events = await eventsOf(callId);
    expect(events.filter((e) => e.type.startsWith('acd.consult_') && !e.type.endsWith('_requested')).map((e) => [e.type, e.data.reason ?? ''])).toEqual([
      ['acd.consult_started', ''],
      ['acd.consult_answered', ''],
      ['acd.consult_ended', 'cancelled'],
      ['acd.consult_started', ''],
      ['acd.consult_answered', ''],
    ]);
    expect(events.find((e) => e.type === 'acd.transferred')?.data).toMatchObject({ agentId: 'franca', from: 'tributi', to: '1019', kind: 'extension', mode: 'announced' });
    await eventually(async () => (await bridgedEndpoints()).length === 0, 5000, 'a bridge was left behind');
    desk.close();
  });

  it('blind transfer to an extension: nobody answering puts the caller back at the head of the queue, the next transfer connects them', async () => {
    const { franca, desk, phone, caller, callId } = await callerTalkingToFranca(40);
    // 1020 has no phone: the caller hears that the extension does not answer and waits again.
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { extension: '1020' })).toMatchObject({ status: 202, body: { mode: 'blind' } });
    await desk.next((m) => m.type === 'call' && m.callId === callId && m.status === 'ended', 20_000);
    const f1 = await phone.done;
    expect(f1.exitCode, f1.output).toBe(0);

    // Franca finishes her wrap-up and gets the same caller back, told where the call has been.
    const phoneAgain = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5096);
    const seen = desk.messages.length;
    await api('POST', '/api/me/state', franca, { action: 'wrapup_done' });
    const back = (await desk.next((m) => m.type === 'offer', 60_000, seen)).pop;
    expect(back).toMatchObject({ callId, queue: 'tributi', returnedFrom: '1020' });
    await desk.next((m) => m.type === 'call' && m.callId === callId && m.status === 'connected', 30_000, seen);

    // This time to the office's phone, blind: Franca is free at once, the caller talks to the office.
    const office = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5099);
    expect(await api('POST', `/api/me/calls/${callId}/transfer`, franca, { extension: '1019', mode: 'blind' })).toMatchObject({ status: 202 });
    const f2 = await phoneAgain.done;
    expect(f2.exitCode, f2.output).toBe(0);
    await eventually(async () => (await bridgedEndpoints()).some((b) => b.join() === 'PJSIP/1019,PJSIP/trunk'), 20_000, 'the caller is not with the office');
    const [c, o] = await Promise.all([caller.done, office.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(o.exitCode, o.output).toBe(0);

    const events = await eventsOf(callId);
    expect(events.filter((e) => e.type === 'acd.extension_transfer').map((e) => e.data)).toEqual([
      { queue: 'tributi', extension: '1020', outcome: 'failed' },
      { queue: 'tributi', extension: '1019', outcome: 'connected' },
    ]);
    expect(events.filter((e) => e.type === 'acd.enter').map((e) => [e.data.queue, e.data.priority])).toEqual([
      ['tributi', 5],
      ['tributi', 9],
    ]);
    await eventually(async () => (await bridgedEndpoints()).length === 0, 5000, 'a bridge was left behind');
    await api('POST', '/api/me/state', franca, { action: 'wrapup_done' });
    desk.close();
  });
});
