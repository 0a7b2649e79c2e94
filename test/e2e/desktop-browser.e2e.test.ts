/**
 * The agent desktop in a real browser (Debian's Chromium, driven by playwright-core) on the real
 * stack: an agent logs in and enters service; a SIPp caller goes through the 020202 menu into the
 * Tributi queue; the screen-pop shows the caller and their journey while the agent's SIPp phone
 * still rings; after the call the agent wraps up with a new ticket and is available again.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { paths } from '../../scripts/stack/paths.js';
import { DEMO_DIRECTORY_CSV } from '../../src/directory/demo-directory.js';
import { bridgedEndpoints } from '../support/asterisk-bridges.js';
import { axeViolations, launchChromium, newPage } from '../support/browser.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { answerCall, dtmfScenario, placeCall, registerAgentPhone } from '../support/sipp.js';
import { leaveService, setUpAgent } from '../support/agents.js';

describe('agent desktop in Chromium (real stack)', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
    // Lia signs in with her PIN in the page.
    await setUpAgent(app, { id: 'lia', name: 'Lia Marino', endpoint: '1018', skills: { tributi: 3 }, queues: ['tributi'], pin: '5555', phonePort: 5098 });
    browser = await launchChromium();
    page = await newPage(browser);
  });

  afterAll(async () => {
    await page?.screenshot({ path: join(paths.logsDir, 'desktop-browser.png'), fullPage: true }).catch(() => undefined);
    await browser?.close();
    try {
      await leaveService(app, ['lia']);
    } finally {
      await app.close();
    }
  });

  it('a wrong PIN says so; the right one opens the desk (both with no accessibility violation)', async () => {
    await page.goto(`${base}/desktop`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Codice operatore').fill('lia');
    await page.getByLabel('PIN').fill('0000');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('Codice operatore o PIN errati.');
    await page.getByLabel('PIN').fill('5555');
    await page.keyboard.press('Enter');
    await page.locator('#agent-name').filter({ hasText: 'Lia Marino (lia)' }).waitFor();
    expect(await page.locator('#state').textContent()).toBe('Fuori servizio');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('enters service, sees the call before the phone answers, wraps up with a ticket; the live view counts the call', async () => {
    // The supervisor's live view, in a second page: today's counters before the call.
    const live = await newPage(browser);
    await live.goto(`${base}/live`);
    expect(await axeViolations(live)).toEqual([]);
    await live.getByLabel('Token supervisore').fill('demo-supervisor-token');
    await live.getByRole('button', { name: 'Accedi' }).click();
    const row = live.locator('#queues tr[data-queue=tributi]');
    await row.waitFor();
    await live.locator('#agents tr[data-agent=lia]').waitFor();
    expect(await axeViolations(live)).toEqual([]);
    const count = async (cls: string) => Number(await row.locator(`td.${cls}`).textContent());
    const [enteredBefore, answeredBefore] = [await count('entered'), await count('answered')];

    await page.getByRole('button', { name: 'Entra in servizio' }).click();
    await page.locator('#state').filter({ hasText: 'Disponibile' }).waitFor();

    const phone = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5098);
    // Mario Rossi presses 2 (Tributi) and hangs up after 30 s.
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '2', 30), '020202', '3331110002');

    await page.locator('#pop').waitFor({ state: 'visible', timeout: 60_000 });
    // While the phone rings: the caller, who they are, how they came.
    expect(await page.locator('#pop-title').textContent()).toBe('Chiamata in arrivo');
    expect(await page.locator('#state').textContent()).toBe('Squilla');
    expect(await page.locator('#pop-number').textContent()).toBe('3331110002');
    expect(await page.locator('#pop-citizen').textContent()).toContain('Mario Rossi · RSSMRA45C12F205C');
    expect(await page.locator('#pop-tags').textContent()).toBe('Tributi');
    expect(await page.locator('#pop-journey').textContent()).toContain('main-menu → 2');
    expect(await page.locator('#pop-tickets').textContent()).toBe('Nessuna');

    await page.locator('#state').filter({ hasText: 'In conversazione' }).waitFor({ timeout: 30_000 });
    await page.locator('#state').filter({ hasText: 'Post-chiamata' }).waitFor({ timeout: 60_000 });
    const [c, a] = await Promise.all([caller.done, phone.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);

    // The wrap-up form, as the agent sees it after the call.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Esito').selectOption('ticket');
    await page.getByLabel('Note').fill('Chiede la rateizzazione della TARI 2026');
    await page.getByLabel('Apri una pratica').check();
    await page.getByLabel('Argomento').selectOption('Tributi');
    await page.getByLabel('Oggetto').fill('Rateizzazione TARI 2026');
    await page.locator('[data-ticket=new] select[name=level]').selectOption('back_office');
    await page.getByRole('button', { name: 'Salva e termina lavorazione' }).click();
    await expect.poll(() => page.locator('#wrap-result').textContent(), { timeout: 10_000 }).toMatch(/^Salvato\. Pratica n\. \d{6}\.$/);
    await page.locator('#state').filter({ hasText: 'Disponibile' }).waitFor();

    // Pushed to the live view within a couple of seconds: one more call entered and answered.
    await expect.poll(async () => [await count('entered'), await count('answered')], { timeout: 10_000 }).toEqual([enteredBefore + 1, answeredBefore + 1]);
    await live.locator('#agents tr[data-agent=lia]').filter({ hasText: 'Disponibile' }).waitFor();
    // A supervisor pauses the agent from the live view; the agent's desk shows it.
    await live.locator('#agents tr[data-agent=lia]').getByRole('button', { name: 'Metti in pausa' }).click();
    await page.locator('#state').filter({ hasText: 'In pausa: pausa' }).waitFor();
    await live.screenshot({ path: join(paths.logsDir, 'live-view.png'), fullPage: true });
    await live.close();

    const number = Number(/\d{6}/.exec((await page.locator('#wrap-result').textContent()) ?? '')?.[0]);
    expect(await app.crm.getTicket(number)).toMatchObject({ citizenId: 'demo-mario-rossi', category: 'Tributi', level: 'back_office', status: 'aperto', channel: 'telefono', createdBy: 'agent:lia' });
  });

  it('during a call the agent finds an office in the directory and transfers the caller there directly', async () => {
    await app.directory.replace('ldap', [], 'test');
    await app.directory.importCsv(DEMO_DIRECTORY_CSV, 'test');
    await registerAgentPhone('2001', 5201);
    await page.locator('[data-action=ready]').click();
    await page.locator('#state').filter({ hasText: 'Disponibile' }).waitFor();

    const phone = answerCall('uas-agent-ring-4s-answer-expect-bye.xml', 5098);
    const office = answerCall('uas-agent-answer-expect-bye.xml', 5201);
    // A caller the CRM does not know (Mario, above, now has an open ticket: his "2" would answer its offer).
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '2', 40), '020202', '3339998877');
    await page.locator('#state').filter({ hasText: 'In conversazione' }).waitFor({ timeout: 60_000 });

    await page.getByLabel('a un interno').check();
    await page.getByLabel('Cerca in rubrica').fill("d'angelo");
    const result = page.locator('#directory-results button').filter({ hasText: "Nicolò D'Angelo · Ufficio Tributi · int. 2001" });
    await result.click();
    expect(await page.getByLabel('Interno', { exact: true }).inputValue()).toBe('2001');
    await page.getByLabel('diretto').check();
    await page.getByRole('button', { name: 'Trasferisci' }).click();

    // The agent is free at once; the caller talks to the office (Asterisk's own bridges say so).
    await page.locator('#state').filter({ hasText: 'Post-chiamata' }).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await bridgedEndpoints()).map((b) => b.join()), { timeout: 20_000 }).toContain('PJSIP/2001,PJSIP/trunk');
    const [c, p, o] = await Promise.all([caller.done, phone.done, office.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(p.exitCode, p.output).toBe(0);
    expect(o.exitCode, o.output).toBe(0);
    expect(await page.locator('#pop-number').textContent()).toBe('3339998877');
  });
});
