/**
 * The directory's search core (pure, in memory, rebuilt when the directory changes):
 * - dial-by-name: the keys of the surname then the name (or an office's name, or an alias), by
 *   prefix, after folding accents, apostrophes, spaces and case;
 * - extension → entry, and reverse lookup number → entry (screen-pop of internal callers);
 * - keyword and office search for agents, fuzzy (prefix and edit distance, every word
 *   of the query must match, names weigh more than keywords; see text-search.ts).
 */
import { displayName, entryKey, type DirectoryEntry } from './entry.js';
import { foldName, foldWords, toKeypad } from './keypad.js';
import { TextSearch } from './text-search.js';

export interface NameMatches {
  /** All entries whose keys start with the digits, at most `limit` of them, in alphabetical order. */
  readonly entries: readonly DirectoryEntry[];
  /** How many matched in all (more than entries.length when cut at the limit). */
  readonly total: number;
}

interface Indexed {
  readonly key: string;
  readonly slot: number;
}

/** National significant digits: "+39 02 8845 1234", "0039028845..." and "0288451234" are one number. */
export function numberKey(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (raw.trim().startsWith('+39')) return digits.slice(2);
  if (digits.startsWith('0039')) return digits.slice(4);
  return digits;
}

const sortKey = (e: DirectoryEntry): string => (e.kind === 'person' ? `${foldName(e.lastName ?? '')} ${foldName(e.firstName ?? '')}` : foldName(e.name ?? ''));

export class DirectoryIndex {
  private readonly entries: readonly DirectoryEntry[];
  private readonly keys: Indexed[] = [];
  private readonly extensions = new Map<string, DirectoryEntry>();
  private readonly numbers = new Map<string, DirectoryEntry[]>();
  private readonly text: TextSearch;
  private readonly officeList: readonly DirectoryEntry[];
  private readonly byKey = new Map<string, DirectoryEntry>();

  constructor(entries: readonly DirectoryEntry[]) {
    // Sort keys computed once (folded: plain code-unit order is alphabetical).
    const keyed = entries.map((e) => ({ e, k: sortKey(e) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    this.entries = keyed.map((x) => x.e);
    this.entries.forEach((e, slot) => {
      this.byKey.set(entryKey(e), e);
      const spelled = new Set<string>();
      if (e.kind === 'person') spelled.add(toKeypad(`${e.lastName ?? ''}${e.firstName ?? ''}`));
      else spelled.add(toKeypad(e.name ?? ''));
      for (const alias of e.aliases) spelled.add(toKeypad(alias));
      for (const key of spelled) if (key !== '') this.keys.push({ key, slot });
      if (e.extension !== undefined && !this.extensions.has(e.extension)) this.extensions.set(e.extension, e);
      for (const n of [e.extension, e.externalNumber]) {
        if (n === undefined) continue;
        const list = this.numbers.get(numberKey(n)) ?? [];
        list.push(e);
        this.numbers.set(numberKey(n), list);
      }
    });
    this.keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.slot - b.slot));
    this.officeList = this.entries.filter((e) => e.kind === 'office');

    this.text = new TextSearch(
      this.entries.map((e) => [
        [3, [...foldWords(displayName(e)), ...[e.lastName, e.name].filter((x): x is string => x !== undefined).map(foldName)]],
        [2, e.aliases.flatMap(foldWords)],
        [1.5, foldWords(e.office ?? '')],
        [1, foldWords(e.department ?? '')],
        [1.2, e.keywords.flatMap(foldWords)],
      ]),
    );
  }

  get size(): number {
    return this.entries.length;
  }

  all(): readonly DirectoryEntry[] {
    return this.entries;
  }

  /**
   * Dial-by-name: entries whose surname-then-name (or office name, or alias) starts with these
   * keys; a page of `limit` from `offset` (in keypad order, read alphabetically within the page).
   */
  byName(digits: string, limit = 50, offset = 0): NameMatches {
    if (!/^[0-9]+$/.test(digits)) return { entries: [], total: 0 };
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as Indexed).key < digits) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Set<number>();
    const page: number[] = [];
    let i = lo;
    for (; i < this.keys.length && (this.keys[i] as Indexed).key.startsWith(digits); i++) {
      const slot = (this.keys[i] as Indexed).slot;
      if (seen.has(slot)) continue;
      if (seen.size >= offset && page.length < limit) page.push(slot);
      seen.add(slot);
      if (page.length >= limit && seen.size >= offset + limit * 4) break;
    }
    // Past the page the rest of the range is counted, not checked for an entry keyed twice (name and alias).
    let total = seen.size;
    for (; i < this.keys.length && (this.keys[i] as Indexed).key.startsWith(digits); i++) total++;
    return { entries: page.sort((a, b) => a - b).map((slot) => this.entries[slot] as DirectoryEntry), total };
  }

  byExtension(extension: string): DirectoryEntry | undefined {
    return this.extensions.get(extension);
  }

  /** Reverse lookup: who has this number (an extension or an external number, in any usual form). */
  byNumber(number: string): readonly DirectoryEntry[] {
    return this.numbers.get(numberKey(number)) ?? [];
  }

  /** Free-text search for agents: names, offices, departments, keywords; tolerant of typos. */
  search(query: string, limit = 20): readonly DirectoryEntry[] {
    const q = foldWords(query).join(' ');
    if (q === '') return [];
    // An extension typed in the search box.
    if (/^\d+$/.test(q)) {
      const e = this.extensions.get(q);
      return e ? [e] : [];
    }
    return this.text
      .search(q, limit)
      .map((slot) => this.entries[slot] as DirectoryEntry);
  }

  /** The offices, alphabetical (the IVR's office menu). */
  offices(): readonly DirectoryEntry[] {
    return this.officeList;
  }

  /** Where an entry is, by its key (source:id). */
  get(key: string): DirectoryEntry | undefined {
    return this.byKey.get(key);
  }
}
