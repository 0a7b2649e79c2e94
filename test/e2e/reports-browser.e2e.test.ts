/**
 * The reports page in Chromium on the real stack: a supervisor signs in, picks a period from the
 * keyboard, reads the figures (summary, queues, topics, IVR steps, agents) and the two charts
 * described in words, opens the abandoned calls behind a figure (the caller masked, the wait, the
 * IVR path) and downloads them as CSV. Every state has no WCAG 2.1 AA violation.
 *
 * The engine keeps its records in a file of its own, seeded with the events of four calls on two
 * days four weeks before the engine's Monday (no other test's calls fall there); the engine's
 * projector also folds the shared log into it, on other days.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { StoredEvent } from '../../src/reports/index.js';
import { localDate } from '../../src/shared/schedule.js';
import { keys } from '../../src/store/keys.js';
import { paths } from '../../scripts/stack/paths.js';
import { axeViolations, launchChromium, newPage } from '../support/browser.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';

/** Four weeks before the engine's Monday, 09:00 UTC (10:00 or 11:00 in Rome), and the day after. */
const D1 = new Date(MONDAY_MORNING.getTime() - 28 * 86_400_000);
const D2 = new Date(D1.getTime() + 86_400_000);
const day1 = localDate(D1);
const day2 = localDate(D2);

let seq = 0;
function call(callId: string, at: Date, caller: string | null, callerKey: string | null, steps: { type: string; data: Record<string, unknown> }[]): StoredEvent[] {
  return [{ type: 'call.started', data: { flowId: 'milano-020202', flowVersion: '1:x', dialledNumber: '020202', source: 'trunk', caller, callerKey } }, ...steps].map((s) => {
    const ms = at.getTime() + ++seq * 1000;
    return { id: `${ms}-${seq}`, type: s.type, callId, at: new Date(ms).toISOString(), data: s.data };
  });
}
const menu = { type: 'ivr.node', data: { node: 'menu-principale', nodeType: 'menu', choice: '2' } };
/** Bruno's caller stays after he hangs up and rates the call: the unhappy face for the wait, then 9 of 10. */
const S = { survey: 'soddisfazione-020202' };
const SURVEY = [
  { type: 'survey.offered', data: { ...S, when: 'after', oneIn: 1 } },
  { type: 'survey.accepted', data: S },
  { type: 'survey.started', data: { ...S, agentId: 'bruno', queue: 'anagrafe' } },
  { type: 'survey.answered', data: { ...S, question: 'voto', scale: 'faces', value: 1 } },
  { type: 'survey.reason', data: { ...S, question: 'voto', reason: 'attesa' } },
  { type: 'survey.answered', data: { ...S, question: 'consiglio', scale: '0-10', value: 9 } },
  { type: 'survey.completed', data: { ...S, answered: 2 } },
];
/** Anna at work on the first day from 08:00 to 12:00 UTC, with a 20-minute break. */
const at = (d: Date, hhmm: string) => new Date(`${d.toISOString().slice(0, 10)}T${hhmm}:00.000Z`).toISOString();
const change = (when: string, data: Record<string, unknown>): StoredEvent => ({ id: `${Date.parse(when)}-${++seq}`, type: 'agent.state', callId: '', at: when, data: { agentId: 'anna', ...data } });
const SEED = [
  change(at(D1, '08:00'), { from: 'logged_out', to: 'available' }),
  change(at(D1, '10:00'), { from: 'available', to: 'paused' }),
  change(at(D1, '10:20'), { from: 'paused', to: 'available' }),
  change(at(D1, '12:00'), { from: 'available', to: 'logged_out' }),
  ...call('rep-answered', D1, '+39333****567', 'key-rossi', [menu, { type: 'call.tagged', data: { tags: ['tributi'] } }, { type: 'acd.enter', data: { queue: 'tributi' } }, { type: 'acd.answer', data: { queue: 'tributi', agentId: 'anna', waitedMs: 12_000 } }, { type: 'acd.call_ended', data: { queue: 'tributi', agentId: 'anna', talkSeconds: 240, wrapUpSeconds: 30, endedBy: 'caller' } }, { type: 'call.ended', data: { outcome: 'completed', endedBy: 'caller', durationMs: 300_000 } }]),
  ...call('rep-abandoned', D1, '+39347****901', 'key-bianchi', [menu, { type: 'call.tagged', data: { tags: ['tributi'] } }, { type: 'acd.enter', data: { queue: 'tributi' } }, { type: 'acd.abandon', data: { queue: 'tributi', reason: 'abandoned', waitedMs: 95_000 } }, { type: 'call.ended', data: { outcome: 'caller_hung_up', endedBy: 'caller', durationMs: 110_000 } }]),
  ...call('rep-info', D2, '+39333****567', 'key-rossi', [{ type: 'ivr.node', data: { node: 'orari', nodeType: 'play' } }, { type: 'ivr.node', data: { node: 'fine', nodeType: 'hangup' } }, { type: 'call.ended', data: { outcome: 'completed', endedBy: 'engine', durationMs: 40_000 } }]),
  ...call('rep-anonymous', D2, null, null, [menu, { type: 'call.tagged', data: { tags: ['anagrafe'] } }, { type: 'acd.enter', data: { queue: 'anagrafe' } }, { type: 'acd.answer', data: { queue: 'anagrafe', agentId: 'bruno', waitedMs: 30_000 } }, { type: 'acd.call_ended', data: { queue: 'anagrafe', agentId: 'bruno', talkSeconds: 120, wrapUpSeconds: 10, endedBy: 'agent' } }, ...SURVEY, { type: 'call.ended', data: { outcome: 'completed', endedBy: 'engine', durationMs: 200_000 } }]),
];

describe('the reports page in Chromium (real stack)', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let base = '';
  const dir = mkdtempSync(join(tmpdir(), 'cc-reports-page-'));
  const figure = (label: string) => page.locator('#summary dt').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING, { CC_REPORTS_SQLITE_PATH: join(dir, 'reports.sqlite') });
    app.reports.apply(SEED);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await newPage(browser);
  });

  afterAll(async () => {
    try {
      await page?.screenshot({ path: join(paths.logsDir, 'reports-browser.png'), fullPage: true });
      await browser?.close();
    } finally {
      // This file's projector is no reader of the shared log any more (app.ts names it so).
      await app.redis.redis.hdel(keys.eventsProjected(), `${hostname()}:${join(dir, 'reports.sqlite')}`);
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("signs in and opens on this month so far, from the engine's today", async () => {
    await page.goto(`${base}/reports`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Token supervisore').fill('demo-supervisor-token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Periodo dal /);
    const today = localDate(MONDAY_MORNING);
    expect(await page.getByLabel('Dal', { exact: true }).inputValue()).toBe(`${today.slice(0, 8)}01`);
    expect(await page.getByLabel('Al', { exact: true }).inputValue()).toBe(today);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a period chosen from the keyboard: the summary, the queues, the topics, the IVR steps, the agents and two charts described in words', async () => {
    await page.getByLabel('Dal', { exact: true }).fill(day1);
    await page.getByLabel('Al', { exact: true }).fill(day2);
    await page.getByLabel('Al', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/: 4 chiamate\.$/);
    expect(await figure('Chiamate').textContent()).toBe('4');
    expect(await figure("Servite dall'IVR").textContent()).toBe('1 (25,0 %)');
    expect(await figure('Risposte').textContent()).toBe('2 su 3 offerte (66,7 %)');
    // Rossi called again the next day: one of the three identified calls was repeated.
    expect(await figure('Richiamano entro 7 giorni').textContent()).toMatch(/^1 su 3 \(risolte al primo contatto: 66,7 %\)/);
    const tributi = page.locator('#queues tbody tr', { hasText: 'tributi' });
    expect(await tributi.locator('td').allTextContents()).toEqual(['tributi', '2', '0', '2', '1', '1', '0', '0', '0', '12 s', expect.stringMatching(/^100,0 % \/ 50,0 % \/ 50,0 % \/ 50,0 % — obiettivo \d+ % in \d+ s: non raggiunto$/), '4 min 30 s']);
    expect(await page.locator('#topics tbody tr', { hasText: 'tributi' }).locator('td').nth(1).textContent()).toBe('2');
    expect(await page.locator('#flows table tbody tr', { hasText: 'menu-principale' }).locator('td').nth(4).textContent()).toBe('2: 3');
    // 4 hours at work, 20 minutes of it paused: 4 min 30 s of talk and wrap-up in 3 h 40 min.
    expect((await page.locator('#agents tbody tr', { hasText: 'anna' }).locator('td').allTextContents()).slice(1)).toEqual(['1', '4 min 00 s', '30 s', '0 s', '4 min 30 s', '4 h 00 min', '0 h 20 min', '2,0 %']);
    expect(await page.locator('#chart-daily').getAttribute('aria-label')).toMatch(/^Chiamate in coda per giorno, 2 giorni: al massimo 2 offerte in un giorno\./);
    expect(await page.locator('#chart-hourly').getAttribute('aria-label')).toMatch(/^Chiamate iniziate per ora, una linea per giorno della settimana: il massimo, 2, di /);
    expect(await page.locator('#chart-daily canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-topics').getAttribute('aria-label')).toBe('Chiamate nel tempo dei cinque argomenti più chiesti: tributi, anagrafe. I numeri sono nella tabella qui sotto.');
    for (const summary of await page.locator('details summary').all()) await summary.click();
    expect(await page.locator('#daily tbody tr').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    // Printed (or saved as PDF): the period and the figures, without the form and the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#period-form').isVisible()).toBe(false);
    expect(await page.locator('#status').isVisible()).toBe(true);
    expect(await page.locator('#daily').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });

  it("shows the survey: who was invited and answered, the scores by operator from the keyboard, the reasons; both tables download", async () => {
    const cells = (id: string) => page.locator(`#${id} tbody tr`).first().locator('td').allTextContents();
    expect(await cells('survey-funnel')).toEqual(['soddisfazione-020202', '1', '1 (100,0 %)', '1', '1 (100,0 %)', 'voto: 1, consiglio: 1', '0']);
    await page.getByLabel('Punteggi per').focus();
    await page.getByLabel('Punteggi per').selectOption('agent');
    await expect.poll(() => page.locator('#survey-group-header').textContent()).toBe('Operatore');
    expect(await page.locator('#survey-scores tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)))).toEqual([
      ['bruno', 'consiglio (da 0 a 10)', '1', '9,0', '0,0 %', '100,0 %', '100,0'],
      ['bruno', 'voto (tre facce (1–3))', '1', '1,0', '100,0 %', '0,0 %', '—'],
    ]);
    expect(await cells('survey-reasons')).toEqual(['voto', 'attesa', '1']);
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scarica i punteggi (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`sondaggio-punteggi-${day1}-${day2}.csv`);
    expect(readFileSync(await download.path(), 'utf8')).toContain('soddisfazione-020202;voto;tre facce;operatore;bruno;1;1,0;100,0;0,0;');
  });

  it('opens the abandoned calls behind the figure: the caller masked, the wait, the IVR path; the list downloads as CSV', async () => {
    await page.getByRole('button', { name: '1: mostra le chiamate abbandonate di tributi' }).click();
    await expect.poll(() => page.locator('#list-count').textContent()).toBe('1 di 1 chiamate mostrate.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('list-title');
    expect((await page.locator('#calls tbody td').allTextContents()).slice(1)).toEqual(['+39347****901', 'tributi', 'abbandonata', '1 min 35 s', '—', 'tributi', 'menu-principale (2)']);
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: "Scarica l'elenco (CSV)" }).click()]);
    expect(download.suggestedFilename()).toBe(`chiamate-${day1}-${day2}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('+39347****901;020202;milano-020202;tributi;abbandonata;95;');
    expect(csv).not.toMatch(/key-bianchi/);
  });

  it("lists an agent's conversations, and who left the IVR at a step", async () => {
    await page.getByRole('button', { name: '1: mostra le conversazioni di bruno' }).click();
    await expect.poll(() => page.locator('#list-title').textContent()).toBe('Chiamate: le conversazioni di bruno');
    // The title changes at the click, the rows when the list has come: wait for the rows.
    await expect.poll(() => page.locator('#calls tbody tr').count()).toBe(1);
    expect(await page.locator('#calls tbody td').nth(1).textContent()).toBe('nascosto');
    await page.getByRole('button', { name: '1: mostra chi ha lasciato milano-020202 al passo fine' }).click();
    await expect.poll(() => page.locator('#list-title').textContent()).toBe('Chiamate: chi ha lasciato milano-020202 al passo fine');
    await expect.poll(async () => (await page.locator('#calls tbody td').allTextContents()).at(-1)).toBe('orari → fine');
    expect(await axeViolations(page)).toEqual([]);
  });
});
