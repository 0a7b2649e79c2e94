/**
 * The engine's OpenAPI 3.1 document, generated from the routes' zod schemas, is a valid OpenAPI
 * document (checked with an OpenAPI schema validator) and describes every /api route; the docs
 * page draws it in Chromium, usable by keyboard, with no WCAG 2.1 AA violation.
 */
import type { AddressInfo } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { axeViolations, launchChromium, newPage } from '../support/browser.js';
import { declaredApiRoutes } from '../../src/http/server.js';
import { startEngine } from '../support/engine.js';

describe('GET /api/openapi.json and the docs page', () => {
  let app: App;
  let browser: Browser | undefined;
  const routes: string[] = [];
  beforeAll(async () => {
    app = await startEngine();
  });
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  it('is a valid OpenAPI 3.1 document describing every /api route, served without a token', async () => {
    const r = await app.http.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, Record<string, { responses?: object; tags?: string[] }>> }>();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    // Every route the server has under /api (but the document itself), the probes and /metrics are in the document.
    routes.push(...declaredApiRoutes(app.http), 'GET /health', 'GET /ready', 'GET /metrics');
    expect(routes.length).toBeGreaterThan(40);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(new Set(documented)).toEqual(new Set(routes));
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.tags?.length).toBe(1);
  });

  it('the docs page shows every operation, in Italian, by keyboard, with no accessibility violation', async () => {
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const page = await newPage(browser);
    await page.goto(`${base}/docs`);
    await page.locator('#status').filter({ hasText: 'operazioni in' }).waitFor();
    // One section per tag of the document, each with its Italian title.
    const doc = (await app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    const tags = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])));
    expect(await page.locator('#status').textContent()).toBe(`${routes.length} operazioni in ${tags.size} sezioni.`);
    expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Richiamate', 'Flussi IVR', 'Orari e chiusure', 'Code', 'Operatori', 'CRM e ticket', 'Rubrica']));
    expect(await page.locator('section.op h3').count()).toBe(routes.length);
    // A route's body is listed field by field.
    const book = page.locator('section.op', { has: page.locator('h3', { hasText: /^POST\/api\/callbacks$/ }) });
    expect(await book.locator('tbody tr td:first-child').allTextContents()).toEqual(expect.arrayContaining(['number', 'queue', 'at', 'callerId']));
    // Keyboard: the skip link first, then the sections; Enter follows a section's link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Salta al contenuto');
    await page.getByRole('link', { name: 'Rubrica' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#tag-directory');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the accessibility check finds what it must (a field without a label, text without contrast)', async () => {
    const page = await newPage(browser as Browser);
    await page.setContent('<!doctype html><html lang="it"><head><title>prova</title></head><body><main><input><p style="color:#bbb;background:#fff">testo chiaro</p></main></body></html>');
    const found = await axeViolations(page);
    expect(found.some((v) => v.startsWith('label:'))).toBe(true);
    expect(found.some((v) => v.startsWith('color-contrast:'))).toBe(true);
  });
});
