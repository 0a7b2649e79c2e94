/**
 * The staffing routes over injected records (fastify inject): the forecast beside the baseline and
 * what came, the day's plan and its CSV, and bad input refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { Sessions, type SessionStore } from '../../src/agents/sessions.js';
import { installAuth } from '../../src/http/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { type DayCounts, registerStaffingRoutes, seededRandom, SLOTS, WEEKDAY_PROFILE } from '../../src/staffing/index.js';

const AUTH = { authorization: 'Bearer supervisor-token-123' };
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** "Today" for the engine: a Monday; ten weeks of history before it, Sundays closed. */
const TODAY = '2031-03-17';
const next = seededRandom(5);
const poisson = (mu: number) => {
  let n = 0;
  for (let t = -Math.log(1 - next()); t < mu; t += -Math.log(1 - next())) n++;
  return n;
};
const sunday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() === 0;
const HISTORY: DayCounts[] = Array.from({ length: 70 }, (_, i) => addDays(TODAY, i - 70)).map((day) => ({ day, slots: WEEKDAY_PROFILE.map((p) => (sunday(day) ? 0 : poisson(p * 1500))) }));

async function app(history = HISTORY) {
  const logger = createLogger('silent');
  const http = createHttpServer(logger, { check: () => ({}) });
  installAuth(http, new Sessions({} as SessionStore, new Map([['supervisor-token-123', 'ops']]), 1000, () => new Date()));
  void http.register((api, _o, done) => {
    registerStaffingRoutes(api, {
      arrivals: (_q, from, to) => history.filter((d) => d.day >= from && d.day <= to),
      handling: () => (history.length > 0 ? { ahtSeconds: 180, patienceSeconds: 300 } : { ahtSeconds: undefined, patienceSeconds: Infinity }),
      queues: () => new Map([['tributi', { skills: [{ skill: 'tributi', level: 3 }], priority: 5, strategy: 'longest-idle' as const, relaxation: [], serviceLevel: { percent: 80, seconds: 20 } }]]),
      calendar: () => Promise.resolve((day: string) => ({ closed: sunday(day), holiday: false })),
      now: () => new Date(`${TODAY}T09:00:00Z`),
    });
    done();
  });
  await http.ready();
  return http;
}

describe('staffing routes', () => {
  it('forecasts the days gone beside the baseline and what came, with the errors of both', async () => {
    const http = await app(HISTORY.slice(0, 63));
    const r = await http.inject({ method: 'GET', url: `/api/staffing/forecast?queue=tributi&from=${addDays(TODAY, -7)}&to=${addDays(TODAY, -1)}`, headers: AUTH });
    expect(r.statusCode).toBe(200);
    const body = r.json<{ days: { day: string; closed: boolean; forecast: number[]; actual: number[] | null }[]; accuracy: { model: { intervalError: number; poissonFloor: { interval: number } } } }>();
    expect(body.days).toHaveLength(7);
    expect(body.days.find((d) => d.closed)?.forecast.every((n) => n === 0)).toBe(true);
    expect(body.days.every((d) => d.actual?.length === SLOTS && d.forecast.length === SLOTS)).toBe(true);
    expect(body.accuracy.model.intervalError).toBeLessThan(body.accuracy.model.poissonFloor.interval * 1.2);
  });

  it("the day's plan: the forecast's calls per half hour and the agents the 80 % in 20 s target needs; the CSV", async () => {
    const http = await app();
    const r = await http.inject({ method: 'GET', url: `/api/staffing/plan?queue=tributi&day=${TODAY}&shrinkage=0.3`, headers: AUTH });
    expect(r.statusCode).toBe(200);
    const plan = r.json<{ inputs: { ahtSeconds: number; patienceSeconds: number }; slots: { time: string; calls: number; agents: number; scheduledAgents: number; serviceLevel: number | null }[]; agentHours: number }>();
    expect(plan.inputs).toMatchObject({ ahtSeconds: 180, patienceSeconds: 300, shrinkage: 0.3 });
    const peak = plan.slots.reduce((a, b) => (b.calls > a.calls ? b : a));
    expect(peak.time).toMatch(/^1[01]:[03]0$/);
    expect(peak.agents).toBeGreaterThan(0);
    expect(peak.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(peak.scheduledAgents).toBe(Math.ceil(peak.agents / 0.7 - 1e-9));
    expect(plan.slots[0]).toMatchObject({ time: '00:00', calls: 0, agents: 0 });
    const csv = await http.inject({ method: 'GET', url: `/api/staffing/plan.csv?queue=tributi&day=${TODAY}`, headers: AUTH });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFOra;Chiamate previste;Operatori al telefono;Operatori da pianificare;Livello di servizio atteso %;Risposte attese %;Attesa media attesa (s)');
    expect(csv.body).toContain(`${peak.time};`);
  });

  it("what if: the day replayed through the routing core with the computed plan meets its target; with nobody, everyone hangs up", async () => {
    const http = await app();
    const r = await http.inject({ method: 'POST', url: '/api/staffing/replay', headers: AUTH, payload: { queue: 'tributi', day: TODAY } });
    expect(r.statusCode).toBe(200);
    const planned = r.json<{ calls: number; plan: number[]; total: { offered: number; answered: number; answeredRate: number; serviceLevel: number }; slots: { time: string; offered: number }[] }>();
    expect(planned.total.offered).toBe(planned.calls);
    expect(planned.calls).toBeGreaterThan(1000);
    expect(planned.total.answeredRate).toBeGreaterThan(0.95);
    // Each half hour is staffed for 80 % in 20 s: the day as a whole comes near it (the replay is random, the plan an average).
    expect(planned.total.serviceLevel).toBeGreaterThan(0.7);
    const same = await http.inject({ method: 'POST', url: '/api/staffing/replay', headers: AUTH, payload: { queue: 'tributi', day: TODAY } });
    expect(same.json()).toEqual(planned);
    const nobody = await http.inject({ method: 'POST', url: '/api/staffing/replay', headers: AUTH, payload: { queue: 'tributi', day: TODAY, plan: Array.from({ length: 48 }, () => 0) } });
    expect(nobody.json<{ total: { answered: number; abandoned: number; offered: number } }>().total).toMatchObject({ answered: 0, abandoned: planned.total.offered });
    const short = await http.inject({ method: 'POST', url: '/api/staffing/replay', headers: AUTH, payload: { queue: 'tributi', day: TODAY, plan: [1, 2] } });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ error: string }>().error).toMatch(/^plan: /);
  });

  it('refuses what it cannot do, saying why and where', async () => {
    const http = await app();
    expect((await http.inject({ method: 'GET', url: `/api/staffing/plan?queue=oroscopo&day=${TODAY}`, headers: AUTH })).json()).toMatchObject({ code: 'STAFFING.NO_SUCH_QUEUE' });
    const bad = await http.inject({ method: 'GET', url: '/api/staffing/forecast?queue=tributi&from=2031-03-20&to=2031-03-10', headers: AUTH });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toMatch(/from: from must not be after to/);
    const empty = await app([]);
    const none = await empty.inject({ method: 'GET', url: `/api/staffing/plan?queue=tributi&day=${TODAY}`, headers: AUTH });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'STAFFING.NO_HISTORY' });
    expect((await http.inject({ method: 'GET', url: `/api/staffing/plan?queue=tributi&day=${TODAY}&shrinkage=2`, headers: AUTH })).json<{ error: string }>().error).toMatch(/^querystring.shrinkage: Too big/);
    expect((await http.inject({ method: 'GET', url: `/api/staffing/plan?queue=tributi&day=${TODAY}` })).statusCode).toBe(401);
  });
});
