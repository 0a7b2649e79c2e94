/**
 * Randomly corrupted flow files never crash the loader: each is accepted, or rejected with
 * problems that all say file:line:column. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { FlowInvalidError } from '../../src/shared/yaml-document.js';
import { WELCOME_FLOW } from '../support/flows.js';
import { seededRandom } from '../../src/shared/seeded-random.js';

const MENU_FLOW = `
# a menu flow
id: fuzz-menu
numbers: ["020202", "800123456"]
language: it
prompts:
  menu: "Premi 1 o 2."
  bye: Arrivederci.
start: menu
nodes:
  menu:
    type: menu
    prompt: menu
    choices: { "1": one, "2": two }
    retries: 2
    onFailure: two
  one: { type: collect, prompt: menu, variable: x, maxDigits: 4, next: two, onFailure: two }
  two: { type: hangup, prompt: bye }
`;


const JUNK = [':', '-', '{', '}', '[', ']', '"', "'", '#', '\t', ' ', '\n', 'x', '1', '&', '*', '!', '|', '>', '%', '@', '`', '?', ','];

function corrupt(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  let out = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * Math.max(1, out.length));
    const lines = out.split('\n');
    const line = Math.floor(rnd() * lines.length);
    switch (Math.floor(rnd() * 7)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 5));
        break;
      case 1:
        out = out.slice(0, at) + pick(JUNK) + out.slice(at);
        break;
      case 2:
        lines.splice(line, 1);
        out = lines.join('\n');
        break;
      case 3:
        lines.splice(line, 0, lines[line] ?? '');
        out = lines.join('\n');
        break;
      case 4:
        out = out.slice(0, at);
        break;
      case 5:
        lines[line] = `  ${lines[line] ?? ''}`;
        out = lines.join('\n');
        break;
      default:
        out = out.replace(pick(['menu', 'next', 'type', 'prompt', 'start', 'nodes', 'id', '"1"']), pick(['', 'menu', 'x', '2', 'next: ']));
    }
  }
  return out;
}

describe('the flow loader on corrupted files', () => {
  it('never crashes, and every rejection is located', () => {
    const rnd = seededRandom(20261122);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const text = corrupt(i % 2 === 0 ? WELCOME_FLOW : MENU_FLOW, rnd);
      try {
        parseFlow('ivr-flows/fuzz.yaml', text);
        accepted++;
      } catch (error) {
        if (!(error instanceof FlowInvalidError)) throw new Error(`case ${i} crashed the loader (${String(error)}) on:\n${text}`);
        expect(error.problems.length, `case ${i}`).toBeGreaterThan(0);
        for (const p of error.problems) expect(p, `case ${i}:\n${text}`).toMatch(/^ivr-flows\/fuzz\.yaml:\d+:\d+: \S/);
        rejected++;
      }
    }
    // Most corruptions must be caught; some (a comment edited, a space added) are harmless.
    expect(rejected).toBeGreaterThan(1500);
    expect(accepted + rejected).toBe(3000);
  });
});
