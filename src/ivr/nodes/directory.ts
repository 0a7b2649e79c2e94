import { z } from 'zod';
import { type DirectoryEntry, spokenLabel } from '../../directory/index.js';
import { defined, nodeRef, playPrompt, promptRef, readKeys, seconds } from './common.js';
import type { NodeRuntime, NodeType } from './node.js';

/**
 * The centralino: the caller keys an extension directly, or * and the first letters of a surname
 * (one key per letter: ROSSI is 7-6-7-7-4), or # for the list of offices; 0 reaches an operator at
 * any time. Matches are read in Italian ("per Nicolò Rossi, Ufficio Tributi, premere 1"), a page
 * at a time (9 for more). The chosen entry is left in the variables directory_extension,
 * directory_number (an external number), directory_name and directory_id, then `next` (usually a
 * transfer to ${directory_extension} whose onFailure falls back to the operators). Entries with only
 * an external number go to `external` (left out when it is not given). Names are spoken with the
 * engine's voice, rendered on demand and kept.
 */
export const directoryNodeSchema = z
  .object({
    type: z.literal('directory'),
    prompt: promptRef.describe('What to key: an extension, * to spell a surname, # for the offices, 0 for an operator.'),
    spellPrompt: promptRef.describe('After *: key the first letters of the surname, then #.'),
    noMatchPrompt: promptRef.optional().describe('Nobody found (an extension that does not exist, letters that match nobody).'),
    noInputPrompt: promptRef.optional(),
    minLetters: z.number().int().min(1).max(10).default(3).describe('Letters needed before a name search.'),
    pageSize: z.number().int().min(1).max(8).default(3).describe('Matches read at a time (keys 1..pageSize; 9 for more).'),
    timeoutSeconds: seconds(60).default(8),
    interDigitSeconds: seconds(30).default(4),
    retries: z.number().int().min(0).max(5).default(2),
    next: nodeRef.describe('Where a chosen entry with an extension goes (a transfer to ${directory_extension}).'),
    external: nodeRef.optional().describe('Where a chosen entry with only an external number goes (${directory_number}).'),
    operator: nodeRef.describe('Where 0, and a caller who finds nobody after the retries, goes.'),
  })
  .strict()
  .describe('Centralino: an extension, a surname spelled on the keypad, or an office from a list; 0 for an operator.');

type DirectoryNode = z.infer<typeof directoryNodeSchema>;
type Outcome = { chosen: DirectoryEntry } | { operator: true } | { retry: 'no_match' | 'no_input' };

const OPERATOR = '0';
const MORE = '9';

/** Keys until # (an extension, or letters of a surname); `first` is the key that started them. */
const keys = (rt: NodeRuntime, node: DirectoryNode, first?: string): Promise<string | undefined> =>
  readKeys(rt, { timeoutMs: node.timeoutSeconds * 1000, interDigitMs: node.interDigitSeconds * 1000, terminator: '#', maxDigits: 20, ...(first === undefined ? {} : { first }) });

/** Reads a page of matches and waits for a key: an entry, 9 for more, 0 for an operator. */
async function choose(rt: NodeRuntime, node: DirectoryNode, page: (offset: number) => { entries: readonly DirectoryEntry[]; total: number }): Promise<Outcome> {
  let offset = 0;
  for (;;) {
    const { entries, total } = page(offset);
    if (entries.length === 0) return { retry: 'no_match' };
    const media: string[] = [];
    for (const [i, e] of entries.entries()) media.push(await rt.speak(`Per ${spokenLabel(e)}, premere ${i + 1}.`));
    const more = offset + entries.length < total;
    media.push(await rt.speak(more ? 'Per altri nominativi, premere 9. Per un operatore, premere 0.' : 'Per un operatore, premere 0.'));
    await rt.play(media, true);
    const key = await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);
    if (key === undefined) return { retry: 'no_input' };
    if (key === OPERATOR) return { operator: true };
    if (key === MORE && more) {
      offset += entries.length;
      continue;
    }
    const chosen = entries[Number(key) - 1];
    if (/^[1-8]$/.test(key) && chosen) return { chosen };
    rt.digits.clear();
    return { retry: 'no_match' };
  }
}

export const directory: NodeType<typeof directoryNodeSchema> = {
  type: 'directory',
  schema: directoryNodeSchema,
  nextNodes: (node) => [...new Set([node.next, node.operator, ...(node.external ? [node.external] : [])])],
  promptRefs: (node) => defined(node.prompt, node.spellPrompt, node.noMatchPrompt, node.noInputPrompt),
  async run(node, rt) {
    const reachable = (e: DirectoryEntry) => e.extension !== undefined || (node.external !== undefined && e.externalNumber !== undefined);
    let failures = 0;
    for (;;) {
      const index = rt.directory();
      await playPrompt(rt, node.prompt, true);
      const first = await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);
      let outcome: Outcome;
      let mode: 'extension' | 'name' | 'office' | 'none' = 'none';
      if (first === undefined) outcome = { retry: 'no_input' };
      else if (first === OPERATOR) outcome = { operator: true };
      else if (first === '*') {
        mode = 'name';
        await playPrompt(rt, node.spellPrompt, true);
        const letters = await keys(rt, node);
        if (letters === undefined) outcome = { retry: 'no_input' };
        else if (letters === OPERATOR) outcome = { operator: true };
        else if (letters.length < node.minLetters || !/^\d+$/.test(letters)) outcome = { retry: 'no_match' };
        else {
          const matches = (offset: number) => {
            const found = index?.byName(letters, node.pageSize, offset) ?? { entries: [], total: 0 };
            return { entries: found.entries.filter(reachable), total: found.total };
          };
          await rt.record('directory.search', { mode, keys: letters.length, matches: matches(0).total });
          outcome = await choose(rt, node, matches);
        }
      } else if (first === '#') {
        mode = 'office';
        const offices = (index?.offices() ?? []).filter(reachable);
        outcome = await choose(rt, node, (offset) => ({ entries: offices.slice(offset, offset + node.pageSize), total: offices.length }));
      } else {
        mode = 'extension';
        const typed = await keys(rt, node, first);
        const entry = typed === undefined ? undefined : index?.byExtension(typed);
        await rt.record('directory.search', { mode, keys: typed?.length ?? 0, matches: entry ? 1 : 0 });
        outcome = entry ? { chosen: entry } : { retry: 'no_match' };
      }

      if ('operator' in outcome) return { next: node.operator, detail: { mode, choice: 'operator' } };
      if ('chosen' in outcome) {
        const e = outcome.chosen;
        rt.vars.set('directory_id', e.id);
        rt.vars.set('directory_name', spokenLabel(e));
        rt.vars.set('directory_extension', e.extension ?? '');
        rt.vars.set('directory_number', e.externalNumber ?? '');
        await rt.play([await rt.speak(`Attenda: la metto in contatto con ${spokenLabel(e)}.`)], false);
        const target = e.extension !== undefined ? node.next : (node.external as string);
        return { next: target, detail: { mode, choice: e.extension ?? 'external', entry: e.id } };
      }
      failures++;
      if (failures > node.retries) return { next: node.operator, detail: { mode, failed: outcome.retry } };
      rt.digits.clear();
      await playPrompt(rt, outcome.retry === 'no_input' ? node.noInputPrompt : node.noMatchPrompt, false);
    }
  },
};
