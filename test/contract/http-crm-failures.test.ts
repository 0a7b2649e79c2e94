/**
 * The http adapter against a CRM that misbehaves: slow, failing, malformed, unreachable. Calls
 * must go on (CrmGuard: unknown caller, failure counted), reads retried once, writes never, and a
 * CRM that keeps failing is left alone by the breaker until it has had time to recover.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CrmGuard } from '../../src/crm/crm-guard.js';
import { loadMapping } from '../../src/crm/create-crm.js';
import { HttpCrm } from '../../src/crm/http-crm.js';
import type { EngineEvent } from '../../src/events/event-log.js';
import { createLogger } from '../../src/logger.js';
import { FixtureCrm } from '../support/fixture-crm.js';

const fixture = new FixtureCrm();
let baseUrl = '';
const mapping = loadMapping('test/fixtures/crm-http-mapping.yaml');
const log = createLogger('silent');

function client(options: Partial<ConstructorParameters<typeof HttpCrm>[0]> = {}): HttpCrm {
  return new HttpCrm({ baseUrl, token: 'fixture-token', mapping, budgetMs: 300, breakerFailures: 3, breakerResetMs: 400, ...options });
}

const NEW_TICKET = { callerNumber: '+393334445566', category: 'Informazioni' as const, subject: 'Richiesta', channel: 'ivr' as const, level: 'primo_livello' as const };

beforeAll(async () => {
  baseUrl = await fixture.start();
});
afterAll(async () => {
  await fixture.stop();
});
beforeEach(() => fixture.reset());

describe('http CRM adapter: failures', () => {
  it('a CRM slower than the budget: CRM.TIMEOUT, without waiting for its answer', async () => {
    fixture.misbehave({ delayMs: 5000 });
    const started = Date.now();
    await expect(client().findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.TIMEOUT' });
    // The answer would have come after 5 s: the budget (0.3 s) ended the wait well before.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a read that fails once (503) is retried and succeeds', async () => {
    fixture.misbehave({ status: 503, times: 1 });
    expect(await client().findCitizens({ phone: '+393331110001' })).toHaveLength(1);
    expect(fixture.requests).toEqual(['GET /api/v1/cittadini', 'GET /api/v1/cittadini']);
  });

  it('a write that fails is not retried: one request, CRM.UNAVAILABLE, and no ticket appears later', async () => {
    fixture.misbehave({ status: 502, times: 1 });
    await expect(client().createTicket(NEW_TICKET, 'ivr')).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE' });
    expect(fixture.requests).toEqual(['POST /api/v1/pratiche']);
    expect(await client().openTickets({ callerNumber: '+393334445566' })).toEqual([]);
  });

  it('an answer that is not JSON, or JSON of the wrong shape: CRM.BAD_RESPONSE naming what is wrong (not retried)', async () => {
    fixture.misbehave({ malformed: true });
    await expect(client().findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.BAD_RESPONSE', message: expect.stringContaining('not JSON') as unknown });
    expect(fixture.requests).toHaveLength(1);
    fixture.misbehave({ wrongShape: true });
    await expect(client().findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.BAD_RESPONSE', message: expect.stringMatching(/citizensByPhone\[0\].*firstName/) as unknown });
    await expect(client().getTicket(100001)).rejects.toMatchObject({ code: 'CRM.BAD_RESPONSE', message: expect.stringContaining('number') as unknown });
  });

  it('a CRM refusing the request (4xx): CRM.REJECTED with its reason; a wrong token too', async () => {
    await expect(client().createTicket({ ...NEW_TICKET, citizenId: 'nobody' }, 'ivr')).rejects.toMatchObject({ code: 'CRM.REJECTED', message: expect.stringContaining('inesistente') as unknown });
    await expect(client({ token: 'wrong-token' }).findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.REJECTED', message: expect.stringContaining('401') as unknown });
  });

  it('an unreachable CRM: CRM.UNAVAILABLE', async () => {
    await expect(client({ baseUrl: 'http://127.0.0.1:9/api' }).findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE', message: expect.stringContaining('cannot be reached') as unknown });
  });

  it('the breaker opens after consecutive failures (no more requests), then lets one through and closes when the CRM is back', async () => {
    const crm = client();
    fixture.misbehave({ status: 500 });
    // Three failed attempts (the first read and its retry, then one more read) open the breaker.
    await expect(crm.findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE' });
    await expect(crm.findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE' });
    expect(crm.breakerState()).toBe('open');
    const asked = fixture.requests.length;
    await expect(crm.findCitizens({ phone: '+393331110001' })).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE', message: expect.stringContaining('not asked again') as unknown });
    expect(fixture.requests).toHaveLength(asked);
    fixture.reset();
    await new Promise((r) => setTimeout(r, 450)); // the breaker's own pause (breakerResetMs)
    expect(await crm.findCitizens({ phone: '+393331110001' })).toHaveLength(1);
    expect(crm.breakerState()).toBe('closed');
  });
});

describe('a call meeting a failing CRM (CrmGuard)', () => {
  function guard(crm: HttpCrm) {
    const counted: string[] = [];
    const events: EngineEvent[] = [];
    const g = new CrmGuard({
      crm,
      budgetMs: 300,
      counter: { count: (op, code) => Promise.resolve(void counted.push(`${op}:${code}`)) },
      events: { append: (e) => Promise.resolve(String(events.push(e))) },
      now: () => new Date(),
    });
    return { g, counted, events };
  }

  it('a hanging CRM: the caller is unknown after the budget, the failure counted and logged as an event', async () => {
    fixture.misbehave({ delayMs: 5000 });
    const { g, counted, events } = guard(client());
    expect(await g.recognise('3331110001', log)).toEqual({ outcome: 'timeout', openTickets: [] });
    expect(counted).toEqual(['lookup:CRM.TIMEOUT']);
    expect(events).toEqual([expect.objectContaining({ type: 'crm.failed', data: expect.objectContaining({ operation: 'lookup', code: 'CRM.TIMEOUT' }) as unknown })]);
  });

  it('a failing CRM: a ticket from the IVR is undefined (the flow apologises), counted', async () => {
    fixture.misbehave({ status: 503 });
    const { g, counted } = guard(client());
    expect(await g.openTicket({ category: 'Informazioni', subject: 'x', level: 'primo_livello', callId: 'c', callerNumber: '3334445566', tags: [] }, log)).toBeUndefined();
    expect(counted).toEqual(['ticket:CRM.UNAVAILABLE']);
  });

  it('a healthy CRM: the caller is recognised with their open ticket; anonymous callers are not looked up', async () => {
    const { g } = guard(client());
    expect(await g.recognise('+393331110001', log)).toEqual({
      outcome: 'known',
      citizen: { id: 'demo-giulia-bianchi', firstName: 'Giulia', lastName: 'Bianchi', language: 'it' },
      openTickets: [{ number: 100001, status: 'in_lavorazione', category: 'Tributi' }],
    });
    expect(await g.recognise('anonymous', log)).toEqual({ outcome: 'anonymous', openTickets: [] });
    expect(await g.recognise('+390255550010', log)).toEqual({ outcome: 'ambiguous', openTickets: [] });
    expect(fixture.requests.filter((r) => r.startsWith('GET /api/v1/cittadini'))).toHaveLength(2);
  });
});
