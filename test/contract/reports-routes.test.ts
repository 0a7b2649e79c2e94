/** The reports' routes over a real (in-memory) call-record store: who may read them, what they answer, the CSV. */
import { describe, expect, it } from 'vitest';
import { Sessions, type SessionRecord, type SessionStore } from '../../src/agents/sessions.js';
import { installAuth } from '../../src/http/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { CallRecordStore, PeriodFigures, registerReportRoutes, type StoredEvent } from '../../src/reports/index.js';

let seq = 0;
const ev = (callId: string, type: string, data: Record<string, unknown>): StoredEvent => {
  seq++;
  const at = Date.parse('2027-03-29T08:00:00.000Z') + seq * 1000;
  return { id: `${at}-0`, type, callId, at: new Date(at).toISOString(), data };
};

/** An agent's state change at a given instant (no call). */
const change = (at: string, data: Record<string, unknown>, type = 'agent.state'): StoredEvent => ({ id: `${Date.parse(at)}-9`, type, callId: '', at, data });

function app() {
  const store = new CallRecordStore(':memory:');
  // Anna: logged in the evening before, paused 10 minutes, then an unanswered offer paused her for 5; out at 09:00.
  store.apply([
    change('2027-03-28T17:00:00.000Z', { agentId: 'anna', from: 'logged_out', to: 'available' }),
    change('2027-03-29T07:10:00.000Z', { agentId: 'anna', from: 'available', to: 'paused' }),
    change('2027-03-29T07:20:00.000Z', { agentId: 'anna', from: 'paused', to: 'available' }),
  ]);
  store.apply([
    ev('a', 'call.started', { flowId: 'milano-020202', caller: '+39333****567', callerKey: 'k1' }),
    ev('a', 'ivr.node', { node: 'menu', nodeType: 'menu', choice: '2' }),
    ev('a', 'acd.enter', { queue: 'tributi' }),
    ev('a', 'acd.answer', { queue: 'tributi', agentId: 'anna', waitedMs: 10_000 }),
    ev('a', 'acd.call_ended', { queue: 'tributi', agentId: 'anna', talkSeconds: 100, wrapUpSeconds: 20 }),
    ev('a', 'call.ended', { outcome: 'completed' }),
    ev('b', 'call.started', { flowId: 'milano-020202', caller: '+39333****567', callerKey: 'k1' }),
    ev('b', 'ivr.node', { node: 'menu', nodeType: 'menu', choice: '2' }),
    ev('b', 'acd.enter', { queue: 'tributi' }),
    ev('b', 'acd.abandon', { queue: 'tributi', reason: 'abandoned', waitedMs: 40_000 }),
    ev('b', 'call.ended', { outcome: 'caller_hung_up' }),
    change('2027-03-29T08:30:00.000Z', { agentId: 'anna', outcome: 'no_answer', agentStatus: 'paused' }, 'acd.no_answer'),
    change('2027-03-29T08:35:00.000Z', { agentId: 'anna', from: 'paused', to: 'available' }),
    change('2027-03-29T09:00:00.000Z', { agentId: 'anna', from: 'available', to: 'logged_out' }),
  ]);
  const annaSession: SessionRecord = { role: 'agent', name: 'agent:anna', agentId: 'anna', expiresAt: 0 };
  const sessions = { session: (h: string) => Promise.resolve(h.length > 0 ? annaSession : undefined) } as unknown as SessionStore;
  const http = createHttpServer(createLogger('silent'), { check: () => ({}) });
  installAuth(http, new Sessions(sessions, new Map([['supervisor-token-123', 'supervisor']]), 1000, () => new Date()));
  void http.register((api, _o, done) => {
    // The day after the calls: their 7-day repeat window is still open.
    registerReportRoutes(api, { store, figures: new PeriodFigures(store, () => 20), slTarget: (q) => (q === 'tributi' ? { percent: 80, seconds: 20 } : undefined), now: () => new Date('2027-03-30T12:00:00.000Z') });
    done();
  });
  const get = (url: string, who: 'anna' | 'supervisor' = 'supervisor') => http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${who === 'anna' ? 'anna-session-token' : 'supervisor-token-123'}` } });
  return { get };
}

describe('the reports through the API', () => {
  it('a supervisor reads the queue figures of a period; an agent may not', async () => {
    const { get } = app();
    const r = await get('/api/reports/queues?from=2027-03-29&to=2027-03-29');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ rows: [expect.objectContaining({ queue: 'tributi', entered: 2, offered: 2, answered: 1, abandoned: 1, answeredRate: 0.5, asaSeconds: 10, ahtSeconds: 120, slAnswered: 1, slOffered: 0.5, slTarget: { percent: 80, seconds: 20 } })] });
    expect((await get('/api/reports/queues?from=2027-03-29&to=2027-03-29', 'anna')).statusCode).toBe(403);
    expect((await get('/api/reports/queues?from=2027-03-30&to=2027-03-30')).json()).toEqual({ rows: [] });
  });

  it('refuses a bad period, naming the field', async () => {
    const { get } = app();
    const late = await get('/api/reports/queues?from=2027-03-30&to=2027-03-29');
    expect(late.statusCode).toBe(400);
    expect(late.body).toMatch(/from/);
    expect((await get('/api/reports/queues?from=2027-3-29&to=2027-03-29')).statusCode).toBe(400);
    expect((await get('/api/reports/ivr?from=2025-01-01&to=2027-03-29')).body).toMatch(/at most 366 days/);
  });

  it('exports the same figures as CSV for an Italian spreadsheet', async () => {
    const { get } = app();
    const r = await get('/api/reports/queues.csv?from=2027-03-29&to=2027-03-29&groupBy=queue-day');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="code-2027-03-29-2027-03-29.csv"');
    const [header, row] = r.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(';').slice(0, 8)).toEqual(['Coda', 'Giorno', 'Settimana o mese', 'Entrate', 'Abbandoni brevi', 'Offerte', 'Risposte', 'Risposte %']);
    expect(row?.split(';').slice(0, 8)).toEqual(['tributi', '2027-03-29', '', '2', '0', '2', '1', '50,0']);
    const rfc = await get('/api/reports/queues.csv?from=2027-03-29&to=2027-03-29&separator=comma');
    expect(rfc.body.replace(/^\uFEFF/, '').split('\r\n')[1]?.split(',').slice(0, 8)).toEqual(['tributi', '', '', '2', '0', '2', '1', '50.0']);
    expect((await get('/api/reports/queues.csv?from=2027-03-29&to=2027-03-29&separator=tab')).statusCode).toBe(400);
    const weekly = await get('/api/reports/queues?from=2027-03-29&to=2027-03-29&groupBy=queue-week');
    expect(weekly.json()).toEqual({ rows: [expect.objectContaining({ queue: 'tributi', period: '2027-W13', entered: 2 })] });
  });

  it("gives one call's record, and 404 naming it when there is none", async () => {
    const { get } = app();
    expect((await get('/api/reports/calls/a')).json()).toMatchObject({ callId: 'a', complete: true, queues: [{ queue: 'tributi', outcome: 'answered', agentId: 'anna' }] });
    const missing = await get('/api/reports/calls/zzz');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'REPORTS.NO_SUCH_CALL' });
  });

  it('sums a period up: each call once, self-service, and repeat callers with the days whose window is still open', async () => {
    const { get } = app();
    const r = await get('/api/reports/summary?from=2027-03-29&to=2027-03-29');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      calls: 2,
      ended: 2,
      selfServed: 0,
      toOperator: 2,
      total: { entered: 2, answered: 1, abandoned: 1 },
      // a, then b from the same caller a few seconds later: a is repeated, b not (yet).
      repeat: { days: 7, identified: 2, repeated: 1, firstContactResolution: 0.5, openFrom: '2027-03-29' },
    });
    expect((await get('/api/reports/summary?from=2027-03-01&to=2027-03-02')).json()).toMatchObject({ calls: 0, total: { entered: 0, answeredRate: null }, repeat: { identified: 0, firstContactResolution: null, openFrom: null } });
  });

  it('lists the calls behind a figure — the abandoned of a queue, masked — as JSON and CSV, refusing an unknown outcome by name', async () => {
    const { get } = app();
    const r = await get('/api/reports/calls?from=2027-03-29&to=2027-03-29&queue=tributi&outcome=abandoned');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ total: 1, rows: [expect.objectContaining({ callId: 'b', caller: '+39333****567', queue: 'tributi', queueOutcome: 'abandoned', waitedSeconds: 40, path: ['menu (2)'] })] });
    expect((await get('/api/reports/calls?from=2027-03-29&to=2027-03-29&limit=1&offset=1')).json()).toMatchObject({ total: 2, rows: [{ callId: 'b' }] });
    const bad = await get('/api/reports/calls?from=2027-03-29&to=2027-03-29&outcome=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/outcome/);
    const csv = await get('/api/reports/calls.csv?from=2027-03-29&to=2027-03-29&outcome=abandoned');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="chiamate-2027-03-29-2027-03-29.csv"');
    const [, row, end] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(row?.split(';').slice(1, 7)).toEqual(['+39333****567', '', 'milano-020202', 'tributi', 'abbandonata', '40']);
    expect(end).toBe('');
  });

  it("gives each agent's time at work and occupancy: logged in from Rome's midnight (the evening before counts from then), pauses apart", async () => {
    const { get } = app();
    const r = await get('/api/reports/agents?from=2027-03-29&to=2027-03-29');
    expect(r.statusCode).toBe(200);
    // 22:00 UTC on the 28th is midnight in Rome (summer time): 11 hours to 09:00 UTC, 15 minutes paused; 120 s handled.
    expect(r.json()).toEqual({ rows: [expect.objectContaining({ agentId: 'anna', handled: 1, loggedInSeconds: 11 * 3600, pausedSeconds: 15 * 60, occupancy: 120 / (11 * 3600 - 15 * 60) })] });
    expect((await get('/api/reports/agents?from=2027-03-30&to=2027-03-30')).json()).toEqual({ rows: [] });
  });
});
