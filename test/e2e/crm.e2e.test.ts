/**
 * The CRM on the real stack: the API the agent desktop uses (embedded CRM with the demo
 * citizens), real SIP calls that are recognised, told their ticket's status and leave requests
 * outside opening hours, and a CRM that hangs while calls go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsAfter, eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, MONDAY_MORNING, startEngine, SUNDAY } from '../support/engine.js';
import { FixtureCrm } from '../support/fixture-crm.js';
import { dtmfScenario, placeCall } from '../support/sipp.js';

const AUTH = { authorization: 'Bearer demo-supervisor-token' };

describe('CRM API (embedded CRM, demo citizens)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
  });
  afterAll(async () => {
    await app.close();
  });
  const get = (url: string, headers: Record<string, string> = AUTH) => app.http.inject({ method: 'GET', url, headers });

  it('needs a token', async () => {
    expect((await get('/api/crm/citizens?phone=3331110001', {})).statusCode).toBe(401);
    expect((await app.http.inject({ method: 'POST', url: '/api/crm/tickets', payload: {} })).statusCode).toBe(401);
  });

  it('searches citizens by phone written any usual way, by codice fiscale, by name; bad input says which field and why', async () => {
    const byPhone = await get('/api/crm/citizens?phone=' + encodeURIComponent('333 111 0001'));
    expect(byPhone.json()).toEqual({ citizens: [expect.objectContaining({ id: 'demo-giulia-bianchi', phones: ['+393331110001'] })] });
    expect((await get('/api/crm/citizens?fiscalCode=dngrso70e55f205p')).json()).toEqual({ citizens: [expect.objectContaining({ lastName: "D'Angelo" })] });
    expect((await get('/api/crm/citizens?name=colombo')).json()).toEqual({ citizens: [expect.objectContaining({ firstName: 'Nicolò' })] });

    const badPhone = await get('/api/crm/citizens?phone=12');
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()).toEqual({ code: 'HTTP.INVALID_INPUT', error: 'querystring.phone: "12" is not a phone number: not a valid number in the IT numbering plan' });
    const badCode = await get('/api/crm/citizens?fiscalCode=DNGRSO70E55F205X');
    expect(badCode.json<{ error: string }>().error).toBe('querystring.fiscalCode: "DNGRSO70E55F205X" is not a valid codice fiscale: wrong check character: X, expected P');
    expect((await get('/api/crm/citizens?phone=3331110001&name=bianchi')).json<{ error: string }>().error).toBe('querystring: give exactly one of phone, fiscalCode, name');
  });

  it("reads a citizen with their open tickets; an unknown one is 404", async () => {
    const res = await get('/api/crm/citizens/demo-lucia-verdi');
    expect(res.json()).toMatchObject({ citizen: { lastName: 'Verdi' }, openTickets: [{ status: 'inoltrato', level: 'secondo_livello', department: 'Servizi Anagrafici' }] });
    expect((await get('/api/crm/citizens/nobody')).statusCode).toBe(404);
  });

  it('creates a ticket (201), refuses a bad one naming each field (400, nothing written), and works it with an audit trail', async () => {
    const since = await lastEventId(app.redis.redis);
    const bad = await app.http.inject({ method: 'POST', url: '/api/crm/tickets', headers: AUTH, payload: { callerNumber: '3331', category: 'Tasse', subject: '' } });
    expect(bad.statusCode).toBe(400);
    const error = bad.json<{ error: string }>().error;
    expect(error).toContain('callerNumber: "3331" is not a phone number');
    expect(error).toContain('category: Invalid option');
    expect(error).toContain('subject: must not be empty');
    expect((await get('/api/crm/tickets?callerNumber=3331')).statusCode).toBe(400);

    const created = await app.http.inject({ method: 'POST', url: '/api/crm/tickets', headers: AUTH, payload: { citizenId: 'demo-mario-rossi', category: 'Tributi', subject: 'Avviso TARI non ricevuto' } });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json<{ number: number }>();
    expect(ticket).toMatchObject({ status: 'aperto', level: 'primo_livello', channel: 'telefono', createdBy: 'supervisor' });

    const patch = (payload: object) => app.http.inject({ method: 'PATCH', url: `/api/crm/tickets/${ticket.number}`, headers: AUTH, payload });
    expect((await patch({ level: 'secondo_livello' })).json()).toEqual({ code: 'CRM.INVALID', error: 'department: a second-level ticket names its department' });
    const escalated = await patch({ level: 'secondo_livello', department: 'Tributi - Ufficio TARI', note: 'Verificare indirizzo di recapito' });
    expect(escalated.statusCode).toBe(200);
    expect(escalated.json()).toMatchObject({ status: 'inoltrato', level: 'secondo_livello', notes: [{ by: 'supervisor', text: 'Verificare indirizzo di recapito' }] });
    expect((await patch({ status: 'annullato' })).statusCode).toBe(200);
    const refused = await patch({ status: 'in_lavorazione' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ code: 'CRM.BAD_TRANSITION', error: 'status annullato cannot become in_lavorazione (it is final)' });
    const changes = (await get(`/api/crm/tickets/${ticket.number}/changes`)).json<{ changes: { field: string; by: string }[] }>().changes;
    expect(changes.map((c) => c.field)).toEqual(['created', 'status', 'level', 'department', 'note', 'status']);
    expect(new Set(changes.map((c) => c.by))).toEqual(new Set(['supervisor']));
    // In the append-only log for reporting: ids, levels and who; no personal data.
    const logged = (await eventsAfter(app.redis.redis, since)).filter((e) => e.type.startsWith('crm.ticket_'));
    expect(logged.map((e) => [e.type, e.data.number, e.data.by])).toEqual([
      ['crm.ticket_created', ticket.number, 'supervisor'],
      ['crm.ticket_updated', ticket.number, 'supervisor'],
      ['crm.ticket_updated', ticket.number, 'supervisor'],
    ]);
    expect(logged[1]?.data).toMatchObject({ status: 'inoltrato', level: 'secondo_livello', changed: ['level', 'department'], noted: true });
    expect((await get('/api/crm/tickets/9999999')).statusCode).toBe(404);
    expect((await get('/api/crm/tickets/abc')).json()).toEqual({ code: 'HTTP.INVALID_INPUT', error: 'params.number: a ticket number is digits only' });
  });

  it('a recognised caller is welcomed back and hears the number and status of their open ticket; the call joins their contact history', async () => {
    const since = await lastEventId(app.redis.redis);
    // Giulia Bianchi presses 1 during the welcome ("the status of my ticket"), then listens.
    const sipp = await placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '1', 20), '020202', '3331110001').done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since, 30_000);
    const callId = events[0]?.callId ?? '';
    expect(events.find((e) => e.type === 'crm.lookup')?.data).toMatchObject({ outcome: 'known', citizenId: 'demo-giulia-bianchi', openTickets: [100001] });
    const journey = events.filter((e) => e.type === 'ivr.node').map((e) => e.data.node);
    expect(journey.slice(0, 10)).toEqual(['announcements', 'lookup', 'welcome-back', 'privacy', 'booked-callback', 'check-hours', 'ticket-check', 'ticket-offer', 'ticket-number', 'ticket-digits']);
    expect(journey).toContain('status-in-lavorazione');
    expect(events.find((e) => e.type === 'ivr.node' && e.data.node === 'ticket-digits')?.data).toMatchObject({ kind: 'digits', value: '100001' });
    await eventually(async () => (await app.crm.history('demo-giulia-bianchi', 5)).some((h) => h.callId === callId), 5000, 'the call was not recorded in the contact history');
    expect((await app.crm.history('demo-giulia-bianchi', 5)).find((h) => h.callId === callId)).toMatchObject({ channel: 'telefono', outcome: 'caller_hung_up', callerNumber: '+393331110001' });
  });
});

describe('leaving a request outside opening hours (embedded CRM)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(SUNDAY);
  });
  afterAll(async () => {
    await app.close();
  });

  it('1 opens a ticket with the caller number and the call, reads its number back twice, and the engine says goodbye', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '1'), '020202', '3334445566').done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since, 30_000);
    const created = events.find((e) => e.type === 'ticket.created')?.data as { number: number };
    expect(created).toMatchObject({ category: 'Informazioni' });
    const journey = events.filter((e) => e.type === 'ivr.node').map((e) => e.data.node);
    expect(journey).toEqual(['announcements', 'lookup', 'welcome', 'privacy', 'booked-callback', 'check-hours', 'closed-offer', 'leave-request', 'request-left']);
    const spoken = events.filter((e) => e.type === 'prompt.played').flatMap((e) => e.data.prompts as string[]);
    expect(spoken.filter((p) => p === `digits:${created.number}`)).toHaveLength(2);

    const res = await app.http.inject({ method: 'GET', url: '/api/crm/tickets?callerNumber=3334445566', headers: AUTH });
    expect(res.json()).toEqual({ tickets: [expect.objectContaining({ number: created.number, callerNumber: '+393334445566', channel: 'ivr', status: 'aperto', callId: events[0]?.callId, createdBy: 'ivr' })] });
  });
});

describe('a CRM that hangs (http adapter): calls go on', () => {
  const fixture = new FixtureCrm();
  let app: App;
  beforeAll(async () => {
    const url = await fixture.start();
    fixture.misbehave({ delayMs: 10_000 });
    app = await startEngine(MONDAY_MORNING, {
      CC_CRM: 'http',
      CC_CRM_HTTP_URL: url,
      CC_CRM_HTTP_TOKEN: 'fixture-token',
      CC_CRM_HTTP_MAPPING: 'test/fixtures/crm-http-mapping.yaml',
      CC_CRM_BUDGET_MS: '300',
    });
  });
  afterAll(async () => {
    await app.close();
    await fixture.stop();
  });

  it('a known caller is treated as unknown after the budget, reaches the menu and the queue; the failures are counted', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '1'), '020202', '3331110001').done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since, 30_000);
    expect(events.find((e) => e.type === 'crm.lookup')?.data).toMatchObject({ outcome: 'timeout' });
    const journey = events.filter((e) => e.type === 'ivr.node').map((e) => e.data.node);
    expect(journey.slice(0, 8)).toEqual(['announcements', 'lookup', 'welcome', 'privacy', 'booked-callback', 'check-hours', 'ticket-check', 'selfhelp']);
    expect(journey).toContain('queue-anagrafe');
    expect(events.find((e) => e.type === 'crm.failed')?.data).toMatchObject({ operation: 'lookup', code: 'CRM.TIMEOUT' });
    await eventually(async () => {
      const status = (await app.http.inject({ method: 'GET', url: '/api/crm/status', headers: AUTH })).json<{ implementation: string; failures: Record<string, number> }>();
      return status.implementation === 'http' && (status.failures['lookup:CRM.TIMEOUT'] ?? 0) >= 1 && (status.failures['interaction:CRM.TIMEOUT'] ?? 0) >= 1;
    }, 5000, 'the lookup and interaction failures were not counted');
  });
});
