/**
 * Names on the telephone keypad (pure). Italian names carry accents, apostrophes and spaces
 * (Nicolò, D'Angelo, De Luca): they are folded to plain letters first, so "D'Angelo" is keyed
 * 3-2-6-4-3-5-6 and "Nicolò" like "Nicolo".
 */

const KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({ 2: 'abc', 3: 'def', 4: 'ghi', 5: 'jkl', 6: 'mno', 7: 'pqrs', 8: 'tuv', 9: 'wxyz' }).flatMap(([digit, letters]) => [...letters].map((l) => [l, digit])),
);

/** Lower case without accents or marks, ligatures spelled out ("Nicolò" → "nicolo", "Roßberg" → "rossberg"). */
function plain(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/æ/g, 'ae').replace(/œ/g, 'oe').replace(/ß/g, 'ss');
}

/** Lower-case letters and digits only: accents removed, apostrophes, spaces, dots and hyphens dropped. */
export function foldName(s: string): string {
  return plain(s).replace(/[^a-z0-9]/g, '');
}

/** Words folded one by one, for search: "Ufficio Tributi - TARI" → ["ufficio", "tributi", "tari"]. */
export function foldWords(s: string): string[] {
  return plain(s).split(/[^a-z0-9]+/).filter(Boolean);
}

/** The keys that spell a name: "D'Angelo" → "3264356". Digits stay digits. */
export function toKeypad(name: string): string {
  let out = '';
  for (const ch of foldName(name)) out += KEYS[ch] ?? ch;
  return out;
}
