import { describe, expect, it } from 'vitest';
import { buildCatalog, NO_SETTINGS } from '../../src/ivr/catalog.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { FlowInvalidError } from '../../src/shared/yaml-document.js';
import { WELCOME_FLOW } from '../support/flows.js';

const FILE = 'ivr-flows/x.yaml';

function problemsOf(text: string): string[] {
  try {
    parseFlow(FILE, text);
  } catch (error) {
    if (error instanceof FlowInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected the flow to be rejected');
}

/** WELCOME_FLOW's lines: "id:" is line 2 (the text starts with a newline). */
describe('parseFlow', () => {
  it('accepts a valid flow and versions it by content', () => {
    const flow = parseFlow(FILE, WELCOME_FLOW);
    expect(flow.definition.id).toBe('test-welcome');
    expect(flow.version).toMatch(/^[0-9a-f]{12}$/);
    expect(parseFlow(FILE, `${WELCOME_FLOW}\n# a comment\n`).version).not.toBe(flow.version);
  });

  it('names file, line and column of a node that goes nowhere, and only that (not what it cuts off)', () => {
    expect(problemsOf(WELCOME_FLOW.replace('next: end', 'next: nowhere'))).toEqual([`${FILE}:10:3: nodes.welcome: goes to node "nowhere", which is not defined`]);
  });

  it('an orphan node is reported as unreachable', () => {
    expect(problemsOf(WELCOME_FLOW.replace('nodes:\n', 'nodes:\n  orphan: { type: hangup }\n'))).toEqual([
      `${FILE}:10:3: nodes.orphan: node "orphan" can never be reached from the start node "welcome"`,
    ]);
  });

  it('names an undefined prompt and an undefined start node where they are', () => {
    const problems = problemsOf(WELCOME_FLOW.replace('prompts: [welcome, bye]', 'prompts: [welcome, ciao]').replace('start: welcome', 'start: begin'));
    expect(problems).toContain(`${FILE}:8:1: start: start node "begin" is not defined in nodes`);
    expect(problems).toContain(`${FILE}:10:3: nodes.welcome: uses prompt "ciao", which is not defined in prompts`);
  });

  it('rejects an unknown node type and an unknown field, saying where', () => {
    const problems = problemsOf(WELCOME_FLOW.replace('type: hangup', 'type: dance').replace('language: it', 'language: it\ncolour: blue'));
    expect(problems.some((p) => p.startsWith(`${FILE}:16:5: nodes.end.type`))).toBe(true);
    expect(problems.some((p) => p.includes('colour'))).toBe(true);
  });

  it('reports broken YAML with its position', () => {
    expect(problemsOf('id: [unclosed')[0]).toMatch(/^ivr-flows\/x\.yaml:1:\d+: YAML: /);
  });

  it('rejects numbers that are not national digits, at the number', () => {
    expect(problemsOf(WELCOME_FLOW.replace('["020202"]', '["+39 020202"]'))[0]).toBe(`${FILE}:3:11: numbers.0: digits only, national form (e.g. 020202)`);
  });

  it('a digit used twice in a menu is reported at the second one', () => {
    const menu = WELCOME_FLOW.replace(
      '    type: play\n    prompts: [welcome, bye]\n    next: end',
      '    type: menu\n    prompt: welcome\n    choices:\n      "1": end\n      "1": end\n    onFailure: end',
    );
    expect(problemsOf(menu)).toEqual([`${FILE}:15:7: the same key is written twice (in a menu: the same digit used twice)`]);
  });

  it('a loop with no way out is refused', () => {
    const loop = WELCOME_FLOW.replace('next: end', 'next: again').replace('  end:\n    type: hangup', '  again:\n    type: play\n    prompts: [bye]\n    next: welcome');
    expect(problemsOf(loop)).toEqual([
      `${FILE}:10:3: nodes.welcome: node "welcome" is in a loop with no way out: no path from it reaches a hangup, queue, transfer or return`,
      `${FILE}:14:3: nodes.again: node "again" is in a loop with no way out: no path from it reaches a hangup, queue, transfer or return`,
    ]);
  });

  it('a bad key says which key and how to write it', () => {
    expect(problemsOf(WELCOME_FLOW.replace('  welcome: Benvenuto.', '  Welcome Message: Benvenuto.'))).toContain(
      `${FILE}:6:3: prompts.Welcome Message: "Welcome Message": an id: lower-case letters, digits, _ or -, starting with a letter`,
    );
  });
});

describe('buildCatalog', () => {
  it('finds the flow serving a number, and none for others', () => {
    const flow = parseFlow(FILE, WELCOME_FLOW);
    const catalog = buildCatalog([flow], NO_SETTINGS);
    expect(catalog.forNumber('020202')?.flow).toBe(flow);
    expect(catalog.forNumber('0299999')).toBeUndefined();
  });

  it('refuses a number served twice, an unknown schedule and an unknown sub-flow, naming the file', () => {
    const a = parseFlow('a.yaml', WELCOME_FLOW);
    const b = parseFlow('b.yaml', WELCOME_FLOW.replace('id: test-welcome', 'id: other'));
    expect(() => buildCatalog([a, b], NO_SETTINGS)).toThrow(/b\.yaml is not valid:\n {2}- numbers: 020202 is already served by a\.yaml/);
    const branch = parseFlow(
      'c.yaml',
      `id: c\nnumbers: ["0211"]\nlanguage: it\nprompts: {}\nstart: b\nnodes:\n  b:\n    type: branch\n    cases: [{ when: { schedule: { id: nowhere, is: open } }, next: bye }]\n    otherwise: bye\n  bye: { type: subflow, flow: ghost, next: end }\n  end: { type: hangup }\n`,
    );
    expect(() => buildCatalog([branch], NO_SETTINGS)).toThrow(/uses schedule "nowhere", which is not defined in schedules\.yaml\n {2}- nodes\.bye: runs flow "ghost", which does not exist/);
  });
});
