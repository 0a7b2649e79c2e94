/**
 * The directory's pure search core: names on the keypad (Italian names with accents, apostrophes
 * and spaces), dial-by-name by prefix, extension and reverse number lookup, fuzzy search for agents.
 */
import { describe, expect, it } from 'vitest';
import { DirectoryIndex, numberKey } from '../../src/directory/directory-index.js';
import { directoryEntrySchema, spokenLabel, type DirectoryEntry } from '../../src/directory/entry.js';
import { foldName, toKeypad } from '../../src/directory/keypad.js';

describe('names on the keypad', () => {
  it.each([
    ['Rossi', '76774'],
    ['Nicolò', '642656'],
    ['Nicolo', '642656'],
    ["D'Angelo", '3264356'],
    ['De Luca', '335822'],
    ['DE LUCA', '335822'],
    ['Dell’Acqua', '335522782'], // typographic apostrophe
    ['Sant-Ambrogio', '726826276446'],
    ['Àlvarez Ñúñez', '258273968639'],
    ['Müller', '685537'],
    ['Zoë', '963'],
    ['', ''],
  ])('%s → %s', (name, keys) => {
    expect(toKeypad(name)).toBe(keys);
  });

  it('folds accents, apostrophes, spaces and case to plain letters', () => {
    expect(foldName("  D'Angelo  ")).toBe('dangelo');
    expect(foldName('Nicolò De Luca')).toBe('nicolodeluca');
    expect(foldName('Ufficio Relazioni con il Pubblico (URP)')).toBe('ufficiorelazioniconilpubblicourp');
  });
});

const person = (id: string, firstName: string, lastName: string, extra: Partial<DirectoryEntry> = {}): DirectoryEntry =>
  directoryEntrySchema.parse({ id, source: 'csv', kind: 'person', firstName, lastName, extension: String(2000 + Number(id)), ...extra });
const office = (id: string, name: string, extra: Partial<DirectoryEntry> = {}): DirectoryEntry => directoryEntrySchema.parse({ id, source: 'csv', kind: 'office', name, extension: String(3000 + Number(id)), ...extra });

const ENTRIES = [
  person('1', 'Nicolò', 'Rossi', { office: 'Ufficio Tributi', keywords: ['TARI', 'IMU'] }),
  person('2', 'Mario', 'Rossi', { office: 'Anagrafe' }),
  person('3', 'Rosa', "D'Angelo", { office: 'Polizia Locale', aliases: ['Rosetta Dangelo'] }),
  person('4', 'Giulia', 'De Luca', { office: 'Servizi Sociali', externalNumber: '+390288451234' }),
  person('5', 'Luca', 'Delucchi', { office: 'Mobilità', keywords: ['pass sosta', 'ZTL'] }),
  person('6', 'Anna', 'Roßberg'),
  office('1', 'URP Municipio 1', { keywords: ['reclami', 'segnalazioni'], aliases: ['Relazioni con il pubblico'] }),
  office('2', 'Sportello Anagrafe Centrale', { keywords: ['carta d’identità', 'residenza'] }),
];
const index = new DirectoryIndex(ENTRIES);

describe('dial-by-name', () => {
  const names = (digits: string) => index.byName(digits).entries.map((e) => e.lastName ?? e.name);

  it('finds by the first keys of the surname, alphabetically, with the total', () => {
    // D'Angelo too: her alias "Rosetta Dangelo" is keyed 767…
    expect(names('767')).toEqual(["D'Angelo", 'Roßberg', 'Rossi', 'Rossi']);
    expect(index.byName('767', 2)).toMatchObject({ total: 4 });
    expect(index.byName('767', 2).entries).toHaveLength(2);
  });

  it('surname then name narrows to one person', () => {
    // Rossi Nicolò: 76774 + 642…
    expect(index.byName('76774642').entries.map((e) => e.firstName)).toEqual(['Nicolò']);
    expect(index.byName('76774627').entries.map((e) => e.firstName)).toEqual(['Mario']);
  });

  it("apostrophes and spaces are not keyed: D'Angelo is 3264…, De Luca and Delucchi share 33582", () => {
    expect(names('3264')).toEqual(["D'Angelo"]);
    expect(names('33582')).toEqual(['De Luca', 'Delucchi']);
    expect(names('335822')).toEqual(['De Luca', 'Delucchi']); // "delucc…" also starts 335822
    // delucagiu… 335822448 against delucchil… 335822445
    expect(names('335822448')).toEqual(['De Luca']);
  });

  it('aliases and office names are keyed too', () => {
    expect(names('7673')).toContain("D'Angelo"); // Rosetta…: "rose" 7673
    expect(names('877')).toEqual(['URP Municipio 1']);
  });

  it('nothing for no match or non-digits', () => {
    expect(index.byName('999999')).toEqual({ entries: [], total: 0 });
    expect(index.byName('ab')).toEqual({ entries: [], total: 0 });
  });
});

describe('extension and reverse lookup', () => {
  it('an extension is one entry', () => {
    expect(index.byExtension('2003')?.lastName).toBe("D'Angelo");
    expect(index.byExtension('9999')).toBeUndefined();
  });

  it.each(['+39 02 8845 1234', '0039 0288451234', '02 8845 1234', '02.8845.1234'])('%s is De Luca', (n) => {
    expect(index.byNumber(n).map((e) => e.lastName)).toEqual(['De Luca']);
  });

  it('numbers fold to national significant digits', () => {
    expect(numberKey('+39 333 111 0001')).toBe('3331110001');
    expect(numberKey('2004')).toBe('2004');
  });
});

describe('agent search (fuzzy)', () => {
  const found = (q: string) => index.search(q).map((e) => e.lastName ?? e.name);

  it('by surname, with a typo, with or without accents and apostrophes', () => {
    expect(found('rossi')).toEqual(expect.arrayContaining(['Rossi', 'Rossi']));
    expect(found('Rosi nicolo')).toEqual(['Rossi']);
    expect(found("d'angelo")).toEqual(["D'Angelo"]);
    expect(found('dangelo')).toEqual(["D'Angelo"]);
    expect(found('deluca')).toContain('De Luca');
  });

  it('by keyword and office', () => {
    expect(found('tari')).toEqual(['Rossi']);
    expect(found('pass sosta')).toEqual(['Delucchi']);
    expect(found('reclami')).toEqual(['URP Municipio 1']);
    expect(found('identita')).toEqual(['Sportello Anagrafe Centrale']);
    expect(found('anagrafe')).toEqual(expect.arrayContaining(['Rossi', 'Sportello Anagrafe Centrale']));
  });

  it('the scratch space is clean between searches: same answers in any order', () => {
    const first = ['rossi', 'rossi polizia', 'anagrafe', 'tari', 'deluca'].map((q) => found(q));
    const again = ['deluca', 'tari', 'anagrafe', 'rossi polizia', 'rossi'].map((q) => found(q)).reverse();
    expect(again).toEqual(first);
  });

  it('an exact word ranks above a prefix, a prefix above a typo', () => {
    const idx = new DirectoryIndex([person('10', 'Anna', 'Rossa'), person('11', 'Anna', 'Rossetti'), person('12', 'Anna', 'Rosa')]);
    expect(idx.search('rossa').map((e) => e.lastName)).toEqual(['Rossa', 'Rosa']);
    expect(idx.search('ross').map((e) => e.lastName)).toEqual(['Rossa', 'Rossetti', 'Rosa']);
  });

  it('every word must match; an empty query finds nothing', () => {
    expect(found('rossi polizia')).toEqual([]);
    expect(found('  ')).toEqual([]);
  });

  it('offices are listed alphabetically', () => {
    expect(index.offices().map((e) => e.name)).toEqual(['Sportello Anagrafe Centrale', 'URP Municipio 1']);
  });
});

describe('entries', () => {
  it('are read with their office', () => {
    expect(spokenLabel(ENTRIES[0] as DirectoryEntry)).toBe('Nicolò Rossi, Ufficio Tributi');
    expect(spokenLabel(ENTRIES[6] as DirectoryEntry)).toBe('URP Municipio 1');
  });

  it.each([
    [{ id: 'x', source: 'csv', kind: 'person', firstName: 'A', extension: '2001' }, 'lastName: a person needs a surname'],
    [{ id: 'x', source: 'csv', kind: 'office', extension: '2001' }, 'name: an office needs a name'],
    [{ id: 'x', source: 'csv', kind: 'person', lastName: 'B' }, 'extension: give an extension or an external number (or both)'],
    [{ id: 'x', source: 'csv', kind: 'person', lastName: 'B', extension: '0123' }, 'extension: an extension: 2 to 6 digits, not starting with 0'],
    [{ id: 'x', source: 'csv', kind: 'person', lastName: 'B', externalNumber: '123&PJSIP/x' }, 'externalNumber: a telephone number: 6 to 15 digits, optional leading +'],
  ])('%j is refused: %s', (raw, why) => {
    const r = directoryEntrySchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(why);
  });
});
