/**
 * Debian's Chromium driven by playwright-core, for the pages' tests, and the accessibility check
 * every page passes: axe-core's WCAG 2.0/2.1 A and AA rules, zero violations.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { realClockEnv } from '../../scripts/stack/process.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    env: realClockEnv(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page axe-core can check (it refuses pages from `browser.newPage()`). */
export async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** The WCAG 2.1 AA violations on the page as it is now, as "rule: what (where)" lines: [] when none. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} (${n.target.join(' ')})`));
}
