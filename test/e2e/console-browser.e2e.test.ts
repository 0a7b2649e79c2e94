/**
 * The supervisor's console in Chromium on the real stack: a supervisor signs in, closes the numero
 * verde for snow with the form (the services table says why it is closed, the registry who did
 * it), reopens it, switches a message on and off, and tries a call on the keypad. Every state has
 * no WCAG 2.1 AA violation; the forms are used from the keyboard.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { paths } from '../../scripts/stack/paths.js';
import { SUPERVISOR } from '../support/agents.js';
import { axeViolations, launchChromium, newPage } from '../support/browser.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { romeLocal } from '../support/test-days.js';

describe('the supervisor console in Chromium (real stack)', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let base = '';
  let imported = 0;
  let flowBefore = 0;
  const today = romeLocal(MONDAY_MORNING).slice(0, 10);
  const row = (table: string, text: string) => page.locator(`#${table} tbody tr`, { hasText: text });

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
    imported = (await app.http.inject({ method: 'GET', url: '/api/schedules', headers: SUPERVISOR })).json<{ live: number }>().live;
    flowBefore = (await app.http.inject({ method: 'GET', url: '/api/flows/numero-verde-regione/versions', headers: SUPERVISOR })).json<{ version: number; live: boolean }[]>().find((v) => v.live)?.version ?? 0;
    browser = await launchChromium();
    page = await newPage(browser);
  });

  afterAll(async () => {
    try {
      await page?.screenshot({ path: join(paths.logsDir, 'console-browser.png'), fullPage: true });
      await browser?.close();
      // As found: the imported schedules live, no message left on.
      await app.http.inject({ method: 'POST', url: '/api/schedules/rollback', headers: SUPERVISOR, payload: { version: imported } });
      await app.http.inject({ method: 'DELETE', url: '/api/announcements/prova-console', headers: SUPERVISOR });
      await app.http.inject({ method: 'POST', url: '/api/flows/numero-verde-regione/rollback', headers: SUPERVISOR, payload: { version: flowBefore } });
    } finally {
      await app.close();
    }
  });

  it('signs in with the supervisor token (a wrong one is refused), with no accessibility violation', async () => {
    await page.goto(`${base}/console`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Token supervisore').fill('sbagliato');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('Token non valido.');
    await page.getByLabel('Token supervisore').fill('demo-supervisor-token');
    await page.keyboard.press('Enter');
    await row('schedules', 'numero-verde-regione').waitFor();
    expect(await row('schedules', 'numero-verde-regione').locator('td').nth(1).textContent()).toBe('Aperto');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('closes the numero verde for snow from the keyboard: the table says why, the registry who; reopened, it is open again', async () => {
    await page.getByLabel('Servizio').selectOption('numero-verde-regione');
    await page.getByLabel('Dal', { exact: true }).fill(today);
    await page.getByLabel('Al', { exact: true }).fill(today);
    await page.getByLabel('Messaggio per chi chiama').fill('Per la neve il numero verde oggi è chiuso.');
    await page.getByLabel('Nome', { exact: true }).fill('Neve');
    await page.keyboard.press('Enter');
    await expect.poll(() => row('schedules', 'numero-verde-regione').locator('td').nth(1).textContent()).toBe('Chiuso');
    expect(await row('schedules', 'numero-verde-regione').locator('td').nth(2).textContent()).toContain('Neve');
    expect(await row('closures', 'Neve').locator('td').nth(4).textContent()).toBe('Per la neve il numero verde oggi è chiuso.');
    expect(await row('audit', `closure Neve from ${today} to ${today}`).locator('td').nth(1).textContent()).toBe('supervisor');
    expect(await page.locator('#status').textContent()).toContain('vale dalla prossima chiamata');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Riapri (Neve)' }).click();
    await expect.poll(() => row('schedules', 'numero-verde-regione').locator('td').nth(1).textContent()).toBe('Aperto');
    expect(await row('closures', 'Neve').count()).toBe(0);
  });

  it('a closure that ends before it starts is refused, saying where', async () => {
    await page.getByLabel('Servizio').selectOption('numero-verde-regione');
    await page.getByLabel('Dal', { exact: true }).fill(`${today} 16:00`);
    await page.getByLabel('Al', { exact: true }).fill(`${today} 12:00`);
    await page.getByLabel('Nome', { exact: true }).fill('Neve');
    await page.getByRole('button', { name: 'Chiudi il servizio' }).click();
    await expect.poll(() => page.locator('#close-error').textContent()).toContain('the closure ends before it starts');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('changes the opening hours with a file: reversed hours are refused saying where; the edited live file goes live', async () => {
    const href = await page.locator('#schedules-download').getAttribute('href');
    const live = decodeURIComponent((href ?? '').replace(/^data:text\/yaml;charset=utf-8,/, ''));
    // The afternoon of the numero verde (however an earlier change laid the line out).
    expect(live).toMatch(/"09:00-13:00",\s*"14:00-17:00"/);
    const upload = (text: string) => page.getByLabel('File schedules.yaml').setInputFiles({ name: 'schedules.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
    await upload(live.replace(/"09:00-13:00",\s*"14:00-17:00"/, '"13:00-09:00", "14:00-17:00"'));
    await page.getByLabel('Cosa cambia negli orari').fill('Orario invernale');
    await page.getByRole('button', { name: 'Pubblica gli orari' }).click();
    await expect.poll(() => page.locator('#schedules-publish-error').textContent()).toMatch(/schedules\.yaml:\d+:\d+: .*the end is not after the start/);
    expect(await axeViolations(page)).toEqual([]);

    await upload(live.replace(/"09:00-13:00",\s*"14:00-17:00"/, '"09:00-13:00", "14:00-18:00"'));
    await page.getByLabel('Cosa cambia negli orari').fill('Orario invernale');
    await page.getByRole('button', { name: 'Pubblica gli orari' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^schedules\.yaml: la versione \d+ è in linea dalla prossima chiamata\.$/);
    expect(await row('schedule-versions', 'Orario invernale').locator('td').first().textContent()).toMatch(/\(in linea\)$/);
    expect(await row('audit', 'Orario invernale').locator('td').nth(1).textContent()).toBe('supervisor');
  });

  it('switches a message on and off', async () => {
    await page.getByLabel('Nome (minuscole, cifre, trattini)').fill('prova-console');
    await page.getByLabel('Tipo').selectOption('info');
    await page.getByLabel('Testo').fill('Le scadenze TARI sono state prorogate al 31 del mese.');
    await page.getByRole('button', { name: 'Accendi' }).click();
    await row('announcements', 'prova-console').waitFor();
    expect(await row('announcements', 'prova-console').locator('td').nth(1).textContent()).toBe('Informazione');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Spegni prova-console' }).click();
    await expect.poll(() => row('announcements', 'prova-console').count()).toBe(0);
    // The registry keeps both: switched on with its text, then off, and who did each.
    await expect.poll(() => row('audit', 'messaggio prova-console').allTextContents()).toEqual([expect.stringMatching(/supervisor.*spento$/), expect.stringMatching(/supervisor.*acceso: Le scadenze TARI/)]);
  });

  it("shows a flow's diagram as an image described in words, downloadable", async () => {
    await page.getByRole('button', { name: 'Schema di numero-verde-regione' }).click();
    await page.locator('#diagram').waitFor();
    expect(await page.locator('#diagram-image').getAttribute('alt')).toMatch(/^Flusso numero-verde-regione, versione \d+\. 14 passi; la chiamata entra da 800292020 e va a welcome\./);
    expect(await page.locator('#diagram-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 200)).toBe(true);
    expect(await page.locator('#diagram-download').getAttribute('download')).toBe('numero-verde-regione.svg');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('publishes a flow file: failing test cases refuse it, saying which; fixed, it goes live; what changed is shown and it is put back', async () => {
    const original = readFileSync(join(paths.flowsDir, 'numero-verde-regione.yaml'), 'utf8');
    const upload = (text: string) => page.getByLabel('File del flusso (.yaml)').setInputFiles({ name: 'numero-verde-regione.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
    // The welcome changed, and a case that now expects the wrong queue.
    const changed = original.replace('Benvenuto nel numero verde della Regione.', 'Benvenuta, benvenuto nel numero verde della Regione.');
    await upload(changed.replace('queue: bollo-auto, tags', 'queue: bandi, tags'));
    await page.getByLabel('Cosa cambia', { exact: true }).fill('Nuovo benvenuto');
    await page.getByRole('button', { name: 'Pubblica', exact: true }).click();
    await expect.poll(() => page.locator('#publish-error').textContent()).toContain('expected queue bandi; the call went to queue bollo-auto');
    expect(await axeViolations(page)).toEqual([]);

    await upload(changed);
    await page.getByLabel('Cosa cambia', { exact: true }).fill('Nuovo benvenuto');
    await page.getByRole('button', { name: 'Pubblica', exact: true }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^numero-verde-regione: la versione \d+ è in linea dalla prossima chiamata\.$/);
    const version = Number(/la versione (\d+)/.exec((await page.locator('#status').textContent()) ?? '')?.[1]);
    await page.getByRole('combobox', { name: /^Flusso/ }).selectOption('numero-verde-regione');
    // The versions table is reloaded after the choice: wait for the new live version in it.
    await expect.poll(() => row('flow-versions', '(in linea)').locator('td').first().textContent()).toBe(`${version} (in linea)`);
    await page.getByRole('button', { name: `Cosa è cambiato nella ${version} di numero-verde-regione` }).click();
    await expect.poll(() => page.locator('#flow-diff').textContent()).toContain('prompt "welcome" now says: «Benvenuta, benvenuto nel numero verde della Regione.');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Rimetti in linea la ${flowBefore} di numero-verde-regione` }).click();
    await expect.poll(() => row('flows', 'numero-verde-regione').locator('td').nth(1).textContent()).toBe(String(flowBefore));
  });

  it('tries a call on the keypad: the numero verde on a Monday morning, key 2, reaches the bollo auto queue', async () => {
    await page.getByLabel('Numero chiamato').fill('800292020');
    await page.getByLabel('Quando (ora di Roma, vuoto = adesso)').fill(romeLocal(MONDAY_MORNING));
    await page.getByRole('group', { name: 'Tastierino' }).getByRole('button', { name: '2', exact: true }).click();
    expect(await page.getByLabel('Tasti premuti').inputValue()).toBe('2');
    await page.getByRole('button', { name: 'Simula' }).click();
    await page.locator('#transcript li').first().waitFor();
    expect(await page.locator('#transcript').textContent()).toContain('queue bollo-auto');
    expect(await page.locator('#status').textContent()).toContain('queue bollo-auto');
    expect(await axeViolations(page)).toEqual([]);
  });
});
