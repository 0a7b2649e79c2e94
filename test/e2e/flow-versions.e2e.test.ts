import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsAfter, eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, MONDAY_MORNING, startEngine, SUNDAY } from '../support/engine.js';
import { romeLocal } from '../support/test-days.js';
import { placeCall } from '../support/sipp.js';

const AUTH = { authorization: 'Bearer demo-supervisor-token' };
const FILE = readFileSync('ivr-flows/milano-020202.yaml', 'utf8');

describe('publishing and rolling back flow versions while calls are in progress (real stack)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(SUNDAY);
  });
  afterAll(async () => {
    await app.close();
  });

  const liveVersion = async (): Promise<number> => {
    const flows = (await app.http.inject({ method: 'GET', url: '/api/flows', headers: AUTH })).json<{ flowId: string; live: { version: number } }[]>();
    return flows.find((f) => f.flowId === 'milano-020202')?.live.version ?? -1;
  };
  const versionOfCall = async (since: string): Promise<string> => String((await eventsAfter(app.redis.redis, since)).find((e) => e.type === 'call.started')?.data.flowVersion);

  /** The line of a node's key in the flow file (a node is "  id:" alone on its line; its prompt has text after the colon). */
  const nodeLine = (id: string): number => FILE.split('\n').indexOf(`  ${id}:`) + 1;

  it('an invalid flow is refused with located problems, and nothing changes', async () => {
    const before = await liveVersion();
    const res = await app.http.inject({ method: 'POST', url: '/api/flows/milano-020202/publish', headers: AUTH, payload: { text: FILE.replace(/( {2}welcome:\n(?: {4}.*\n)*?) {4}next: privacy/, '$1    next: privasy'), message: 'typo' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ problems: string[] }>().problems).toEqual([`milano-020202.yaml:${nodeLine('welcome')}:3: nodes.welcome: goes to node "privasy", which is not defined`]);
    expect(await liveVersion()).toBe(before);
  });

  it('a call keeps its version to the end; new calls take a publish or a rollback at once', async () => {
    const v1 = await liveVersion();
    // Call A starts on the live version (Sunday: welcome, privacy, closed message ≈ 25 s).
    const sinceA = await lastEventId(app.redis.redis);
    const callA = placeCall('uac-expect-answer-then-engine-bye.xml', '020202');
    await eventually(async () => (await versionOfCall(sinceA)) !== 'undefined', 10_000, 'call A did not start');
    const versionA = await versionOfCall(sinceA);
    expect(versionA.startsWith(`${v1}:`)).toBe(true);

    // While A is in the welcome, a supervisor changes the closed-hours message.
    const changed = FILE.replace('Il servizio è aperto dal lunedì al sabato', 'Il contact center è aperto dal lunedì al sabato');
    const published = await app.http.inject({ method: 'POST', url: '/api/flows/milano-020202/publish', headers: AUTH, payload: { text: changed, message: 'closed message reworded' } });
    expect(published.statusCode, published.body).toBe(201);
    const v2 = published.json<{ version: number }>().version;
    expect(v2).toBe(v1 + 1);
    const diff = (await app.http.inject({ method: 'GET', url: `/api/flows/milano-020202/diff?from=${v1}&to=${v2}`, headers: AUTH })).json<{ changes: string[] }>();
    expect(diff.changes).toEqual([expect.stringMatching(/^prompt "closed" now says: «Il contact center è aperto/)]);

    // Call B, right after the publish, runs version 2 — no restart.
    const sinceB = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202').done).exitCode).toBe(0);
    expect((await versionOfCall(sinceB)).startsWith(`${v2}:`)).toBe(true);

    // A finishes on version 1: every event of its call says so, including those after the publish.
    expect((await callA.done).exitCode).toBe(0);
    const eventsA = (await eventsUntilCallEnded(app.redis.redis, sinceA)).filter((e) => e.type === 'ivr.node' && e.data.flowVersion !== undefined);
    const hashA = versionA.split(':')[1];
    expect(eventsA.map((e) => e.data.node)).toContain('closed');
    for (const e of eventsA.filter((x) => x.callId === eventsA[0]?.callId)) expect(e.data.flowVersion).toBe(hashA);

    // Rollback: the next call is on version 1 again.
    const rolled = await app.http.inject({ method: 'POST', url: '/api/flows/milano-020202/rollback', headers: AUTH, payload: { version: v1 } });
    expect(rolled.statusCode).toBe(200);
    const sinceC = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202').done).exitCode).toBe(0);
    expect((await versionOfCall(sinceC)).startsWith(`${v1}:`)).toBe(true);

    const versions = (await app.http.inject({ method: 'GET', url: '/api/flows/milano-020202/versions', headers: AUTH })).json<{ version: number; live: boolean; author: string; message: string }[]>();
    expect(versions.slice(-2)).toEqual([
      expect.objectContaining({ version: v1, live: true }),
      expect.objectContaining({ version: v2, live: false, author: 'supervisor', message: 'closed message reworded' }),
    ]);
  });

  it('a draft runs only for whitelisted test callers, until it is removed', async () => {
    const tester = '+393330000001';
    expect((await app.http.inject({ method: 'PUT', url: `/api/testers/${encodeURIComponent(tester)}`, headers: AUTH })).statusCode).toBe(204);
    const draft = await app.http.inject({
      method: 'PUT',
      url: '/api/flows/milano-020202/draft',
      headers: AUTH,
      payload: { text: FILE.replace('welcome: Benvenuto nel servizio 020202', 'welcome: Prova. Benvenuto nel servizio 020202'), message: 'new welcome, on trial' },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const { hash } = draft.json<{ hash: string }>();
    const live = await liveVersion();

    let since = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202', tester).done).exitCode).toBe(0);
    expect(await versionOfCall(since)).toBe(`draft:${hash}`);

    since = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202', '+393339999999').done).exitCode).toBe(0);
    expect((await versionOfCall(since)).startsWith(`${live}:`)).toBe(true);

    expect((await app.http.inject({ method: 'DELETE', url: '/api/flows/milano-020202/draft', headers: AUTH })).statusCode).toBe(204);
    since = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202', tester).done).exitCode).toBe(0);
    expect((await versionOfCall(since)).startsWith(`${live}:`)).toBe(true);
  });

  it('check, simulate and diagram over the API', async () => {
    const check = await app.http.inject({ method: 'POST', url: '/api/flows/check', headers: AUTH, payload: { text: FILE.replace('next: privacy', 'next: privasy') } });
    expect(check.json()).toEqual({ valid: false, problems: [`flow.yaml:${nodeLine('welcome-back')}:3: nodes.welcome-back: goes to node "privasy", which is not defined`] });
    const sim = await app.http.inject({ method: 'POST', url: '/api/flows/simulate', headers: AUTH, payload: { number: '020202', at: romeLocal(MONDAY_MORNING), keys: '6' } });
    expect(sim.json<{ destination: string }>().destination).toBe('queue mobilita (priority 5)');
    // The live queue: nobody is logged in here (every e2e file logs its agents out), so the caller is turned away.
    expect(sim.json<{ lines: string[] }>().lines).toContain('⏳ queue mobilita: nobody is logged in to serve it, the caller leaves it at once (no_agents)');
    // "What if" the caller were eighth with twelve minutes to wait: the announcement and the callback offer.
    const whatIf = await app.http.inject({ method: 'POST', url: '/api/flows/simulate', headers: AUTH, payload: { number: '020202', at: romeLocal(MONDAY_MORNING), keys: '6', queuePosition: 8, waitMinutes: 12 } });
    expect(whatIf.json<{ heard: string[] }>().heard).toEqual(expect.arrayContaining(['queuePosition', 'number:8', 'number:12', 'queueCallbackOffer']));
    const diagram = await app.http.inject({ method: 'GET', url: '/api/flows/milano-020202/diagram', headers: AUTH });
    expect(diagram.body).toMatch(/^flowchart TD/);
    expect(diagram.body).toContain('n_main_menu -->|6| n_mobilita');
  });
});
