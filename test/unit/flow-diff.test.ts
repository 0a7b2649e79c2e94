import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { describeDiff, diffFlows } from '../../src/ivr/versions/flow-version.js';
import { WELCOME_FLOW } from '../support/flows.js';

describe('the diff between two versions, in a supervisor’s words', () => {
  const v1 = parseFlow('v1', WELCOME_FLOW).definition;
  const v2 = parseFlow(
    'v2',
    WELCOME_FLOW.replace('welcome: Benvenuto.', 'welcome: Benvenuto nel servizio.')
      .replace('["020202"]', '["020202", "0202020202"]')
      .replace('    prompts: [welcome, bye]\n    next: end', '    prompts: [welcome]\n    next: goodbye')
      .replace('  end:\n    type: hangup', '  goodbye:\n    type: hangup\n    prompt: bye'),
  ).definition;

  it('lists steps and prompts added, removed and changed', () => {
    expect(diffFlows(v1, v2)).toEqual({
      nodesAdded: ['goodbye'],
      nodesRemoved: ['end'],
      nodesChanged: ['welcome'],
      promptsAdded: [],
      promptsRemoved: [],
      promptsChanged: ['welcome'],
      numbersAdded: ['0202020202'],
      numbersRemoved: [],
    });
  });

  it('reads as sentences', () => {
    expect(describeDiff(diffFlows(v1, v2), v1, v2)).toEqual([
      'now also answers 0202020202',
      'steps added: "goodbye"',
      'steps removed: "end"',
      'step "welcome" changed: prompts ["welcome","bye"] → ["welcome"]; next "end" → "goodbye"',
      'prompt "welcome" now says: «Benvenuto nel servizio.» (was «Benvenuto.»)',
    ]);
    expect(describeDiff(diffFlows(v1, v1), v1, v1)).toEqual(['no change']);
  });
});
