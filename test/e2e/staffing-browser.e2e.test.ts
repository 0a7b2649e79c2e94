/**
 * The staffing page in Chromium on the real stack: a supervisor signs in, picks Tributi and the
 * day after the engine's today, reads the plan per half hour (chart described in words, numbers
 * in a table, CSV), how right the forecast was in the week before, and replays the day with two
 * agents fewer. No WCAG 2.1 AA violation in any state.
 *
 * The engine keeps its records in a file of its own, seeded with eight weeks of Tributi calls
 * (Monday to Saturday, 8:00–20:00, answered in 3 minutes and 20 s of wrap-up, one in ten hanging up).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { StoredEvent } from '../../src/reports/index.js';
import { localDate, romeInstant } from '../../src/shared/schedule.js';
import { keys } from '../../src/store/keys.js';
import { paths } from '../../scripts/stack/paths.js';
import { axeViolations, launchChromium, newPage } from '../support/browser.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { nextRomeDay } from '../support/test-days.js';

const TODAY = localDate(MONDAY_MORNING);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const TOMORROW = addDays(TODAY, 1);
/** The day planned: the first Tuesday after the engine's Monday on which 020202 is open (usually tomorrow). */
const PLAN_DAY = localDate(nextRomeDay('tue', '10:00', 'open', MONDAY_MORNING));

/** Three calls each half hour from 8:00 to 20:00 on the 8 weeks before today, Sundays excepted; every tenth hangs up after a minute. */
function seed(): StoredEvent[] {
  const out: StoredEvent[] = [];
  let n = 0;
  let seq = 0;
  for (let back = 56; back >= 1; back--) {
    const day = addDays(TODAY, -back);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 0) continue;
    for (let slot = 16; slot < 40; slot++) {
      for (let k = 0; k < 3; k++) {
        const callId = `staff-${++n}`;
        const start = romeInstant(`${day} ${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '0' : '3'}${k * 3}`).getTime();
        const ev = (offsetS: number, type: string, data: Record<string, unknown>): StoredEvent => ({ id: `${start + offsetS * 1000}-${++seq}`, type, callId, at: new Date(start + offsetS * 1000).toISOString(), data });
        out.push(ev(0, 'call.started', { flowId: 'milano-020202', flowVersion: '1:x', dialledNumber: '020202', source: 'trunk', caller: null, callerKey: null }));
        out.push(ev(1, 'acd.enter', { queue: 'tributi', priority: 5, length: 1 }));
        if (n % 10 === 0) {
          out.push(ev(61, 'acd.abandon', { queue: 'tributi', reason: 'abandoned', waitedMs: 60_000 }));
          out.push(ev(62, 'call.ended', { outcome: 'caller_hung_up', endedBy: 'caller', durationMs: 62_000 }));
        } else {
          out.push(ev(21, 'acd.answer', { queue: 'tributi', agentId: 'anna', waitedMs: 20_000 }));
          out.push(ev(201, 'acd.call_ended', { queue: 'tributi', agentId: 'anna', talkSeconds: 180, wrapUpSeconds: 20, endedBy: 'caller' }));
          out.push(ev(202, 'call.ended', { outcome: 'completed', endedBy: 'caller', durationMs: 202_000 }));
        }
      }
    }
  }
  return out;
}

describe('the staffing page in Chromium (real stack)', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let base = '';
  const dir = mkdtempSync(join(tmpdir(), 'cc-staffing-page-'));

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING, { CC_REPORTS_SQLITE_PATH: join(dir, 'reports.sqlite') });
    app.reports.apply(seed());
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await newPage(browser);
  });

  afterAll(async () => {
    try {
      await page?.screenshot({ path: join(paths.logsDir, 'staffing-browser.png'), fullPage: true });
      await browser?.close();
    } finally {
      // This file's projector is no reader of the shared log any more (app.ts names it so).
      await app.redis.redis.hdel(keys.eventsProjected(), `${hostname()}:${join(dir, 'reports.sqlite')}`);
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("signs in and plans Tributi for a Tuesday: agents per half hour, drawn and in a table, from 8 weeks' calls", async () => {
    await page.goto(`${base}/staffing`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Token supervisore').fill('demo-supervisor-token');
    await page.keyboard.press('Enter');
    // The first queue is planned at once (or, with no history in this file, the page says so in Italian).
    await expect.poll(async () => `${await page.locator('#status').textContent()}${await page.locator('#error').textContent()}`).toMatch(/^Coda |Questa coda non ha risposto/);
    expect(await page.getByLabel('Giorno').inputValue()).toBe(TOMORROW);
    await page.getByLabel('Coda').selectOption('tributi');
    await page.getByLabel('Giorno').fill(PLAN_DAY);
    await page.getByRole('button', { name: 'Calcola' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Coda tributi, /);
    // 3 calls a half hour for 24 half hours: 72 forecast (the weekday's mean, every week alike).
    expect(await page.locator('#status').textContent()).toMatch(/: 72 chiamate previste, /);
    expect(await page.locator('#plan-summary').textContent()).toMatch(/Durata media di gestione \d+ s, pazienza media \d+ s, riduzione 30 %/);
    for (const summary of await page.locator('details summary').all()) await summary.click();
    const rows = page.locator('#plan tbody tr');
    expect(await rows.count()).toBe(24);
    expect((await rows.first().locator('td').allTextContents()).slice(0, 2)).toEqual(['08:00', '3']);
    expect(Number(await rows.first().locator('td').nth(2).textContent())).toBeGreaterThan(0);
    expect(await page.locator('#chart-plan').getAttribute('aria-label')).toMatch(/^Operatori al telefono e da pianificare per mezz'ora: al massimo \d+ al telefono alle \d\d:\d\d/);
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scarica il piano (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`pianificazione-tributi-${PLAN_DAY}.csv`);
    expect(readFileSync(await download.path(), 'utf8')).toContain('08:00;3,0;');
  });

  it('says how right the forecast was in the week before, beside the seasonal average and the noise floor', async () => {
    expect(await page.locator('#forecast tbody tr').count()).toBe(7);
    expect(await page.locator('#forecast tbody tr').first().locator('td').nth(3).textContent()).toBe('72');
    expect(await page.locator('#forecast-summary').textContent()).toMatch(/^Errore per mezz'ora [\d,]+ % \(la media stagionale [\d,]+ %; anche una previsione perfetta sbaglierebbe di circa [\d,]+ %/);
  });

  it('replays the day with two agents fewer in every half hour, beside the computed plan', async () => {
    await page.getByLabel("Operatori in più (o in meno, con il segno meno) in ogni mezz'ora").fill('-2');
    await page.getByRole('button', { name: 'Simula' }).click();
    await page.locator('#whatif').waitFor();
    const [computed, mine] = await page.locator('#whatif tbody tr').evaluateAll((trs) => trs.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent ?? '')));
    expect(computed?.[0]).toBe('Calcolato');
    expect(mine?.[0]).toBe("Il tuo (-2 per mezz'ora)");
    // Fewer agent-hours: never more answered.
    const num = (s: string | undefined) => Number((s ?? '').replace(/[^\d,]/g, '').replace(',', '.'));
    expect(num(mine?.[1])).toBeLessThan(num(computed?.[1]));
    expect(num(mine?.[2])).toBeLessThanOrEqual(num(computed?.[2]));
    expect(await axeViolations(page)).toEqual([]);
  });
});
