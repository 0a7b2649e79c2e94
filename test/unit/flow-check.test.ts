import { describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/ivr/check.js';
import type { DocumentFiles } from '../../src/ivr/catalog.js';
import { WELCOME_FLOW } from '../support/flows.js';

/** Files in memory: path → text; a folder is any path prefix. */
function memoryFiles(entries: Record<string, string>): DocumentFiles {
  const paths = Object.keys(entries);
  return {
    read: (p) => entries[p],
    list: (dir) => paths.filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/')).map((p) => p.slice(dir.length + 1)),
    kind: (p) => (p in entries ? 'file' : paths.some((q) => q.startsWith(`${p}/`)) ? 'folder' : undefined),
  };
}

const SCHEDULES = 'schedules:\n  office:\n    hours:\n      mon-fri: ["09:00-13:00"]\n';
const BRANCHING = WELCOME_FLOW.replace('id: test-welcome', 'id: branching').replace('020202', '0211').replace(
  'nodes:\n',
  'nodes:\n  gate:\n    type: branch\n    cases: [{ when: { schedule: { id: office, is: closed } }, next: welcome }]\n    otherwise: welcome\n',
).replace('start: welcome', 'start: gate');

describe('cc flows check [PATH…]', () => {
  it('checks the flows folder when given nothing, and any folder given', async () => {
    const files = memoryFiles({ 'ivr-flows/a.yaml': WELCOME_FLOW, 'ivr-flows/schedules.yaml': SCHEDULES, 'other/b.yaml': BRANCHING, 'other/schedules.yaml': SCHEDULES });
    const all = await checkPaths([], 'ivr-flows', files);
    expect(all.problems).toEqual([]);
    expect(all.lines).toEqual([expect.stringMatching(/^ok {2}ivr-flows\/a\.yaml: flow test-welcome /), 'ok  schedules: office', 'ok  queues: no queues.yaml, queue names not checked']);
    expect((await checkPaths(['other'], 'ivr-flows', files)).lines[0]).toMatch(/^ok {2}other\/b\.yaml: flow branching /);
  });

  it('checks the file it is given (not the folder), with the settings of the flows folder', async () => {
    const files = memoryFiles({ 'ivr-flows/a.yaml': WELCOME_FLOW, 'ivr-flows/schedules.yaml': SCHEDULES, 'drafts/new.yaml': BRANCHING });
    expect(await checkPaths(['drafts/new.yaml'], 'ivr-flows', files)).toEqual({
      lines: [expect.stringMatching(/^ok {2}drafts\/new\.yaml: flow branching .* checked with the schedules and queues of ivr-flows$/)],
      problems: [],
    });
    // Without the schedule it uses, the same file is refused, located.
    const bare = memoryFiles({ 'ivr-flows/a.yaml': WELCOME_FLOW, 'drafts/new.yaml': BRANCHING });
    expect((await checkPaths(['drafts/new.yaml'], 'ivr-flows', bare)).problems.flatMap((p) => p.problems)).toEqual([
      expect.stringContaining('uses schedule "office", which is not defined in schedules.yaml'),
    ]);
  });

  it('a missing file, a file that is not YAML and a broken flow each fail, and the others are still checked', async () => {
    const files = memoryFiles({ 'ivr-flows/a.yaml': WELCOME_FLOW, 'ivr-flows/broken.yaml': WELCOME_FLOW.replace('next: end', 'next: nowhere'), 'notes.txt': 'hello' });
    const result = await checkPaths(['ivr-flows/missing.yaml', 'notes.txt', 'ivr-flows/broken.yaml', 'ivr-flows/a.yaml'], 'ivr-flows', files);
    expect(result.problems.map((p) => p.problems[0])).toEqual([
      'ivr-flows/missing.yaml: no such file or folder',
      'notes.txt: not a flow (flows are YAML files ending in .yaml)',
      expect.stringMatching(/^ivr-flows\/broken\.yaml:\d+:\d+: nodes\.welcome: goes to node "nowhere"/),
    ]);
    // a.yaml is checked; its broken neighbour is noted, not used for references.
    expect(result.lines).toEqual([
      "note  ivr-flows/broken.yaml is not valid itself (check it): not used to check ivr-flows/a.yaml's sub-flows and numbers",
      expect.stringMatching(/^ok {2}ivr-flows\/a\.yaml: flow test-welcome /),
    ]);
  });

  it('checks schedules.yaml and queues.yaml on their own, and a second flow on the same number is refused', async () => {
    const files = memoryFiles({ 'ivr-flows/a.yaml': WELCOME_FLOW, 'ivr-flows/schedules.yaml': SCHEDULES, 'drafts/copy.yaml': WELCOME_FLOW.replace('id: test-welcome', 'id: copy') });
    expect((await checkPaths(['ivr-flows/schedules.yaml'], 'ivr-flows', files)).lines).toEqual(['ok  ivr-flows/schedules.yaml: schedules office']);
    expect((await checkPaths(['drafts/copy.yaml'], 'ivr-flows', files)).problems[0]?.problems).toEqual(['numbers: 020202 is already served by ivr-flows/a.yaml']);
  });
});
