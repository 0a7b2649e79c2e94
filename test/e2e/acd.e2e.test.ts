/**
 * The ACD on the real stack: a caller dials 020202, presses 2 (Tributi), waits in the tributi
 * queue, and agents' phones (SIPp registered as 1011 and 1012) are offered the call.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId, type LoggedEvent } from '../support/events.js';
import { eventually, MONDAY_MORNING, startEngine } from '../support/engine.js';
import { answerCall, dtmfScenario, placeCall } from '../support/sipp.js';
import { leaveService, setUpAgent, SUPERVISOR as TOKEN } from '../support/agents.js';
import { localDate } from '../../src/shared/schedule.js';
import { TEST_QUEUE_LOG } from '../support/test-env.js';

/** 2 for Tributi, then 1, which cuts the Tributi message short (10 s less of every call; the key is dropped at the queue). */
const SKIP_INFO = '21';

describe('queues and skills-based ACD (real stack)', () => {
  let app: App;

  async function api(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) {
    const r = await app.http.inject({ method, url, headers: TOKEN, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.body === '' ? undefined : (JSON.parse(r.body) as Record<string, unknown>) };
  }
  const state = (id: string, action: string, reason?: string) => api('POST', `/api/agents/${id}/state`, { action, ...(reason ? { reason } : {}) });
  const agent = async (id: string) => ((await api('GET', '/api/agents')).body as unknown as { id: string; status: string; reason: string }[]).find((a) => a.id === id);
  const of = (events: LoggedEvent[], type: string) => events.filter((e) => e.type === type);
  /** This file's calls through the tributi queue, for the reports test at the end. */
  const queued: { callId: string; outcome: 'answered' | 'abandoned' }[] = [];
  const callOf = (events: LoggedEvent[]) => of(events, 'acd.enter')[0]?.callId ?? '';

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    const profile = { skills: { tributi: 3, generale: 2 }, queues: ['tributi'] };
    await setUpAgent(app, { id: 'anna', name: 'Anna Rossi', endpoint: '1011', ...profile, phonePort: 5091 });
    await setUpAgent(app, { id: 'bruno', name: 'Bruno Colombo', endpoint: '1012', ...profile, phonePort: 5092 });
  });

  afterAll(async () => {
    try {
      await leaveService(app, ['anna', 'bruno']);
    } finally {
      await app.close();
    }
  });

  it('refuses bad agent input with the field and the reason', async () => {
    expect(await api('PUT', '/api/agents/carla', { name: 'Carla', endpoint: '1013', skills: { tributi: 7 }, queues: ['tributi'] })).toMatchObject({ status: 400, body: { code: 'HTTP.INVALID_INPUT', error: expect.stringContaining('skills.tributi') as unknown } });
    expect(await api('PUT', '/api/agents/carla', { name: 'Carla', endpoint: '1013', skills: { astrologia: 2 }, queues: [] })).toMatchObject({ status: 400, body: { code: 'ACD.NO_SUCH_SKILL' } });
    expect(await api('PUT', '/api/agents/carla', { name: 'Carla', endpoint: '1013', queues: ['oroscopo'] })).toMatchObject({ status: 400, body: { code: 'ACD.NO_SUCH_QUEUE' } });
    expect(await state('anna', 'pause', 'siesta')).toMatchObject({ status: 400, body: { code: 'ACD.NO_SUCH_PAUSE_REASON' } });
    expect(await state('anna', 'wrapup_done')).toMatchObject({ status: 409, body: { code: 'ACD.BAD_TRANSITION' } });
    expect(await state('nobody', 'login')).toMatchObject({ status: 404 });
    expect((await app.http.inject({ method: 'GET', url: '/api/agents' })).statusCode).toBe(401);
  });

  it('nobody logged in for Tributi: the caller takes the exit branch and is told when to call back', async () => {
    const since = await lastEventId(app.redis.redis);
    const caller = await placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '2'), '020202').done;
    expect(caller.exitCode, caller.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(of(events, 'acd.no_agents')[0]?.data).toMatchObject({ queue: 'tributi' });
    expect(of(events, 'queue.exit')[0]?.data).toMatchObject({ queue: 'tributi', reason: 'no_agents' });
    expect(of(events, 'ivr.node').map((e) => e.data.node)).toContain('busy');
  });

  it('caller → menu 2 → queue → agent rings, answers, is bridged → caller hangs up → agent in wrap-up', async () => {
    expect(await state('anna', 'login')).toMatchObject({ status: 200, body: { status: 'available' } });
    const phone = answerCall('uas-agent-answer-expect-bye.xml', 5091);
    const since = await lastEventId(app.redis.redis);
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', SKIP_INFO, 20), '020202');
    const [c, a] = await Promise.all([caller.done, phone.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);

    const events = await eventsUntilCallEnded(app.redis.redis, since);
    const acd = events.filter((e) => e.type.startsWith('acd.'));
    expect(acd.map((e) => e.type)).toEqual(['acd.enter', 'acd.offer', 'acd.answer', 'acd.call_ended']);
    expect(acd[1]?.data).toMatchObject({ agentId: 'anna', queue: 'tributi', why: { rule: 'longest-idle', queueId: 'tributi', step: 'base', eligible: 1 } });
    expect(acd[3]?.data).toMatchObject({ agentId: 'anna', endedBy: 'caller', wrapUpSeconds: 20 });
    queued.push({ callId: callOf(events), outcome: 'answered' });
    expect(of(events, 'call.ended')[0]?.data).toMatchObject({ outcome: 'completed', endedBy: 'caller' });
    expect(await agent('anna')).toMatchObject({ status: 'wrap_up' });
    expect(await state('anna', 'wrapup_done')).toMatchObject({ status: 200, body: { status: 'available' } });
    expect(app.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
  });

  it('an agent who does not answer is paused as "non-risponde" and the call goes to the next agent', async () => {
    // Bruno has been free longest, so he is offered the call first; his phone only rings.
    await state('anna', 'pause', 'pausa');
    await state('bruno', 'login');
    await state('anna', 'ready');
    const silent = answerCall('uas-agent-ring-no-answer-expect-cancel.xml', 5092);
    const phone = answerCall('uas-agent-answer-expect-bye.xml', 5091);
    const since = await lastEventId(app.redis.redis);
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', SKIP_INFO, 35), '020202');
    const [c, s, a] = await Promise.all([caller.done, silent.done, phone.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(s.exitCode, s.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);

    const events = await eventsUntilCallEnded(app.redis.redis, since);
    const acd = events.filter((e) => e.type.startsWith('acd.') && e.type !== 'acd.announcement');
    expect(acd.map((e) => `${e.type}:${(e.data.agentId as string | undefined) ?? ''}`)).toEqual(['acd.enter:', 'acd.offer:bruno', 'acd.no_answer:bruno', 'acd.offer:anna', 'acd.answer:anna', 'acd.call_ended:anna']);
    expect(acd[2]?.data).toMatchObject({ outcome: 'no_answer', agentStatus: 'paused', reason: 'non-risponde' });
    queued.push({ callId: callOf(events), outcome: 'answered' });
    expect(await agent('bruno')).toMatchObject({ status: 'paused', reason: 'non-risponde' });
    await state('anna', 'wrapup_done');
  });

  it('a caller who hangs up while waiting is recorded as abandoned', async () => {
    await state('bruno', 'logout');
    await state('anna', 'pause', 'formazione'); // logged in, but nobody free: the caller waits
    const since = await lastEventId(app.redis.redis);
    const caller = await placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '2'), '020202').done;
    expect(caller.exitCode, caller.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(of(events, 'acd.enter')).toHaveLength(1);
    expect(of(events, 'acd.abandon')[0]?.data).toMatchObject({ queue: 'tributi', reason: 'abandoned' });
    queued.push({ callId: callOf(events), outcome: 'abandoned' });
    expect(of(events, 'call.ended')[0]?.data).toMatchObject({ outcome: 'caller_hung_up', endedBy: 'caller' });
    await eventually(async () => (await app.redis.redis.zcard('cc:acd:queue:tributi')) === 0, 5000, 'the abandoned call is still in the queue');
  });

  it("the reports hold this file's calls, folded from the event log, and count them in the period's figures", async () => {
    expect(queued.map((q) => q.outcome)).toEqual(['answered', 'answered', 'abandoned']);
    for (const q of queued) {
      await eventually(async () => (await api('GET', `/api/reports/calls/${q.callId}`)).body?.complete === true, 10_000, `call ${q.callId} is not complete in the reports`);
      const record = (await api('GET', `/api/reports/calls/${q.callId}`)).body as { flowId: string; caller?: string; path: { nodeType: string; choice?: string }[]; queues: { queue: string; outcome: string; waitedMs?: number; agentId?: string; talkSeconds?: number }[] };
      expect(record.flowId).toBe('milano-020202');
      // The caller masked, never their number (their key stays inside the reports: the repeat calls below).
      expect(record.caller).toMatch(/^\+?\d{3,6}\*+\d{3}$/);
      expect(record).not.toHaveProperty('callerKey');
      expect(record.path.find((p) => p.nodeType === 'menu')?.choice).toBe('2');
      expect(record.queues).toHaveLength(1);
      const [visit] = record.queues;
      expect(visit).toMatchObject({ queue: 'tributi', outcome: q.outcome });
      expect(visit?.waitedMs).toBeGreaterThanOrEqual(0);
      if (q.outcome === 'answered') {
        expect(visit?.agentId).toBe('anna');
        expect(visit?.talkSeconds).toBeGreaterThanOrEqual(0);
      }
    }
    expect((await api('GET', '/api/reports/calls/no-such-call')).status).toBe(404);
    // The period's figures include them (other files' calls of the same day are there too).
    const day = localDate(MONDAY_MORNING);
    const rows = (await api('GET', `/api/reports/queues?from=${day}&to=${day}&shortAbandonSeconds=0`)).body?.rows as Record<string, number>[];
    const tributi = rows.find((row) => (row.queue as unknown) === 'tributi');
    expect(tributi?.answered).toBeGreaterThanOrEqual(2);
    expect(tributi?.abandoned).toBeGreaterThanOrEqual(1);
    expect(tributi?.entered).toBe(Number(tributi?.offered) + Number(tributi?.shortAbandoned));
    expect(tributi?.asaSeconds).toEqual(expect.any(Number));
    expect((await api('GET', `/api/reports/queues?from=${day}&to=2000-01-01`)).status).toBe(400);
    const ivr = (await api('GET', `/api/reports/ivr?from=${day}&to=${day}`)).body as { flows: { flowId: string; calls: number }[]; hourly: number[][] };
    expect(ivr.flows.find((f) => f.flowId === 'milano-020202')?.calls).toBeGreaterThanOrEqual(3);
    expect(ivr.hourly.flat().reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    const agents = (await api('GET', `/api/reports/agents?from=${day}&to=${day}`)).body as { rows: { agentId: string; handled: number }[] };
    expect(agents.rows.find((a) => a.agentId === 'anna')?.handled).toBeGreaterThanOrEqual(2);
    const topics = (await api('GET', `/api/reports/topics?from=${day}&to=${day}`)).body as { rows: { topic: string; toOperator: number }[] };
    expect(topics.rows.find((t) => t.topic.toLowerCase() === 'tributi')?.toOperator).toBeGreaterThanOrEqual(3);
    // The abandoned call is in the list behind the figure; the same caller called three times within minutes.
    const abandoned = (await api('GET', `/api/reports/calls?from=${day}&to=${day}&queue=tributi&outcome=abandoned&shortAbandonSeconds=0&limit=1000`)).body as { rows: { callId: string; caller: string | null; waitedSeconds: number | null }[] };
    expect(abandoned.rows.find((r) => r.callId === queued[2]?.callId)).toMatchObject({ caller: expect.stringMatching(/\*/) as unknown, waitedSeconds: expect.any(Number) as unknown });
    // Asterisk's queue_log, for QueueMetrics and the like: each call entered and ended as app_queue writes it.
    const queueLog = readFileSync(TEST_QUEUE_LOG, 'utf8').split('\n');
    for (const q of queued) {
      const events = queueLog.filter((l) => l.split('|')[1] === q.callId).map((l) => l.split('|')[4]);
      expect(events[0]).toBe('ENTERQUEUE');
      expect(events.at(-1)).toMatch(q.outcome === 'answered' ? /^COMPLETE(CALLER|AGENT)$/ : /^ABANDON$/);
    }
    const summary = (await api('GET', `/api/reports/summary?from=${day}&to=${day}`)).body as { repeat: { identified: number; repeated: number } };
    expect(summary.repeat.identified).toBeGreaterThanOrEqual(3);
    expect(summary.repeat.repeated).toBeGreaterThanOrEqual(2);
  });

  it("staffing reads this engine's records and calendar: tributi's forecast (Sundays closed by its schedule) and next Monday's plan from today's calls", async () => {
    const day = localDate(MONDAY_MORNING);
    const next = (n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const forecast = (await api('GET', `/api/staffing/forecast?queue=tributi&from=${next(1)}&to=${next(7)}`)).body as { days: { day: string; closed: boolean; holiday: boolean; forecast: number[]; actual: unknown }[]; accuracy: unknown };
    expect(forecast.days[5]).toMatchObject({ day: next(6), closed: true });
    expect(forecast.days.every((d) => d.actual === null && d.forecast.length === 48)).toBe(true);
    expect(forecast.accuracy).toBeNull();
    // Next Monday learns from today (a Monday with this file's calls) — unless it is a holiday 020202 keeps closed (Sant'Ambrogio can be).
    const monday = forecast.days[6] as { closed: boolean; forecast: number[] };
    const total = monday.forecast.reduce((a, b) => a + b, 0);
    if (monday.closed) expect(total).toBe(0);
    else expect(total).toBeGreaterThan(0);
    const plan = await api('GET', `/api/staffing/plan?queue=tributi&day=${next(7)}`);
    expect(plan.status).toBe(200);
    const body = plan.body as { inputs: { ahtSeconds: number; learnedFrom: { to: string } }; slots: { calls: number }[] };
    expect(body.inputs.ahtSeconds).toBeGreaterThan(0);
    expect(body.inputs.learnedFrom.to).toBe(next(6));
    expect(body.slots.reduce((n, s) => n + s.calls, 0)).toBeCloseTo(total, 9);
  });
});
