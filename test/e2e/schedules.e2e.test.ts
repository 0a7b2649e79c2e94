/**
 * schedules.yaml live and versioned on the real stack: a supervisor closes the numero verde for a
 * strike through the API, and the next SIPp caller hears the closure's message and the closed
 * path; the closure removed, the next caller gets the menu again. No restart in between. Bad
 * input is refused with the field and line, and a schedule a live flow uses cannot disappear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { SUPERVISOR } from '../support/agents.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { dtmfScenario, placeCall } from '../support/sipp.js';
import { romeLocal } from '../support/test-days.js';

describe('schedules and closures, live and versioned (real stack)', () => {
  let app: App;
  let imported = 0;
  const today = romeLocal(MONDAY_MORNING).slice(0, 10);

  async function api(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
    const r = await app.http.inject({ method, url, headers: SUPERVISOR, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.json<Record<string, unknown>>() };
  }

  /** A caller to the numero verde who presses 2 (bollo auto) if asked; what check-hours decided. */
  async function callNumeroVerde() {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '2'), '800292020').done;
    expect(sipp.exitCode, sipp.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since, 30_000);
    return events.find((e) => e.type === 'ivr.node' && e.data.node === 'check-hours')?.data;
  }

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    imported = ((await api('GET', '/api/schedules')).body.live as number | undefined) ?? 0;
  });

  afterAll(async () => {
    // The stack as it was found: the imported version live again.
    try {
      if (imported > 0) await api('POST', '/api/schedules/rollback', { version: imported });
    } finally {
      await app.close();
    }
  });

  it('the file is the first live version; each schedule says its state now', async () => {
    const { status, body } = await api('GET', '/api/schedules');
    expect(status).toBe(200);
    expect(imported).toBeGreaterThan(0);
    expect(body.text).toContain('numero-verde-regione:');
    expect(body.now).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'numero-verde-regione', state: 'open', reason: expect.stringContaining('mon') as unknown })]));
  });

  it('a strike closure: the next caller hears its message and the closed path; removed, the next caller gets the menu', async () => {
    const closed = await api('POST', '/api/schedules/numero-verde-regione/closures', { from: today, to: today, name: 'Sciopero', message: 'Oggi il numero verde è chiuso per sciopero. Ci scusiamo.' });
    expect(closed).toMatchObject({ status: 201, body: { created: true } });
    expect((await api('GET', '/api/schedules')).body.now).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'numero-verde-regione', state: 'closed', closure: 'Sciopero' })]));
    expect(await callNumeroVerde()).toMatchObject({ next: 'closed', closure: 'Sciopero' });
    // The simulator on the engine agrees with it: the live schedules, the closure and why.
    const sim = await api('POST', '/api/flows/simulate', { number: '800292020', at: romeLocal(MONDAY_MORNING) });
    expect(sim.body.lines).toEqual(expect.arrayContaining([`  ⏰ numero-verde-regione: closed — Sciopero (closed from ${today} to ${today})`, '🔊 spoken: «Oggi il numero verde è chiuso per sciopero. Ci scusiamo.»']));

    const diff = await api('GET', `/api/schedules/diff?from=${imported}`);
    expect(diff.body.changes).toEqual([`numero-verde-regione: closure added: Sciopero (${today} to ${today})`]);

    // Without the closure the text may equal an earlier version's (another file closed and reopened
    // a service before): the store then makes that version live again instead of a copy.
    const removed = await api('DELETE', '/api/schedules/numero-verde-regione/closures/Sciopero');
    expect(removed).toMatchObject({ status: 200, body: { version: expect.any(Number) as unknown } });
    const reopened = await callNumeroVerde();
    expect(reopened).toMatchObject({ next: 'main-menu' });
    expect(reopened).not.toHaveProperty('closure');
    const after = (await api('GET', '/api/schedules')).body as { live: number; versions: { message: string; author: string }[] };
    expect(after.live).toBe(removed.body.version);
    expect(after.versions.find((v) => v.message === `closure Sciopero from ${today} to ${today}`)).toMatchObject({ author: 'supervisor' });
  });

  it('refuses what would be wrong, naming it, and publishes nothing', async () => {
    const live = (await api('GET', '/api/schedules')).body.live;
    expect(await api('POST', '/api/schedules/numero-verde-regione/closures', { from: `${today} 16:00`, to: `${today} 12:00`, name: 'Neve' })).toMatchObject({
      status: 400,
      body: { code: 'IVR.SCHEDULES_INVALID', problems: [expect.stringMatching(/^schedules\.yaml:\d+:\d+: schedules\.numero-verde-regione\.closures\.0\.to: the closure ends before it starts/)] },
    });
    expect(await api('POST', '/api/schedules/nowhere/closures', { from: today, to: today, name: 'Neve' })).toMatchObject({ status: 404, body: { code: 'IVR.NO_SUCH_SCHEDULE' } });
    expect(await api('DELETE', '/api/schedules/numero-verde-regione/closures/Mai')).toMatchObject({ status: 404, body: { code: 'IVR.NO_SUCH_CLOSURE' } });
    // A schedule a live flow checks cannot disappear.
    const withoutIt = 'schedules:\n  contact-center-milano:\n    hours:\n      mon-sat: ["08:00-20:00"]\n';
    const refused = await api('POST', '/api/schedules/publish', { text: withoutIt, message: 'tidy up' });
    expect(refused).toMatchObject({ status: 400, body: { problems: [expect.stringContaining('uses schedule "numero-verde-regione", which is not defined in schedules.yaml')] } });
    expect((await api('GET', '/api/schedules')).body.live).toBe(live);
  });
});
