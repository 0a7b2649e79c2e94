import { describe, expect, it } from 'vitest';
import { FlowInvalidError, flowForNumber, parseFlow } from '../../src/ivr/flow-loader.js';
import { WELCOME_FLOW } from '../support/flows.js';

function problemsOf(text: string): string[] {
  try {
    parseFlow('ivr-flows/x.yaml', text);
  } catch (error) {
    if (error instanceof FlowInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected the flow to be rejected');
}

describe('parseFlow', () => {
  it('accepts a valid flow and versions it by content', () => {
    const flow = parseFlow('ivr-flows/x.yaml', WELCOME_FLOW);
    expect(flow.definition.id).toBe('test-welcome');
    expect(flow.version).toMatch(/^[0-9a-f]{12}$/);
    expect(parseFlow('x', `${WELCOME_FLOW}\n# a comment\n`).version).not.toBe(flow.version);
  });

  it('names the node and the missing target when a node goes nowhere', () => {
    expect(problemsOf(WELCOME_FLOW.replace('next: end', 'next: nowhere'))).toEqual([
      'nodes.end: node "end" can never be reached from the start node "welcome"',
      'nodes.welcome: goes to node "nowhere", which is not defined',
    ]);
  });

  it('names an undefined prompt and an undefined start node', () => {
    const problems = problemsOf(WELCOME_FLOW.replace('prompts: [welcome, bye]', 'prompts: [welcome, ciao]').replace('start: welcome', 'start: begin'));
    expect(problems).toContain('start: start node "begin" is not defined in nodes');
    expect(problems).toContain('nodes.welcome: uses prompt "ciao", which is not defined in prompts');
  });

  it('rejects an unknown node type and an unknown field, saying where', () => {
    const problems = problemsOf(WELCOME_FLOW.replace('type: hangup', 'type: dance').replace('language: it', 'language: it\ncolour: blue'));
    expect(problems.some((p) => p.startsWith('nodes.end.type'))).toBe(true);
    expect(problems.some((p) => p.includes('colour'))).toBe(true);
  });

  it('reports broken YAML as YAML', () => {
    expect(problemsOf('id: [unclosed')[0]).toMatch(/^YAML: /);
  });

  it('rejects numbers that are not national digits', () => {
    expect(problemsOf(WELCOME_FLOW.replace('["020202"]', '["+39 020202"]'))[0]).toMatch(/^numbers\.0: digits only/);
  });
});

describe('flowForNumber', () => {
  it('finds the flow serving a number, and none for others', () => {
    const flow = parseFlow('x', WELCOME_FLOW);
    expect(flowForNumber([flow], '020202')).toBe(flow);
    expect(flowForNumber([flow], '0299999')).toBeUndefined();
  });
});
