/**
 * bench:directory — the directory's search core at 50,000 entries (people with Italian names,
 * accents and apostrophes, plus offices): index build (what each import or sync costs an engine),
 * dial-by-name by keypad prefix, extension and reverse number lookup, and the agents' fuzzy
 * keyword search (with typos). Prints figures, then one JSON line.
 */
import { DirectoryIndex } from '../../src/directory/directory-index.js';
import { directoryEntrySchema, type DirectoryEntry } from '../../src/directory/entry.js';
import { toKeypad } from '../../src/directory/keypad.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 50_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 5_000);

const SURNAMES = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', "D'Angelo", 'De Luca', 'Brambilla', 'Galli', 'Conti', 'Nicolò', 'Sant’Ambrogio', 'Lo Russo', 'Fabbri', 'Caruso'];
const SYLLABLES = ['ba', 'ce', 'di', 'fo', 'gu', 'la', 'me', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'za', 'lò', 'chi'];
const NAMES = ['Giulia', 'Mario', 'Nicolò', 'Lucia', 'Giuseppe', 'Sara', 'Francesca', 'Luca', 'Anna', 'Paolo', 'Zoë', 'Ilaria'];
const OFFICES = ['Tributi', 'Anagrafe', 'Polizia Locale', 'Servizi Sociali', 'Mobilità', 'Educazione', 'Urbanistica', 'Cultura', 'Sport', 'Verde pubblico'];
const KEYWORDS = ['TARI', 'IMU', 'residenza', 'carta d’identità', 'pass sosta', 'ZTL', 'mensa', 'asilo nido', 'multe', 'biblioteca', 'permessi', 'alberi'];

// A deterministic generator: the same directory every run.
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;

const entries: DirectoryEntry[] = [];
for (let i = 0; i < ENTRIES; i++) {
  const office = i % 50 === 0;
  const lastName = `${pick(SURNAMES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
  entries.push(
    directoryEntrySchema.parse(
      office
        ? { id: `o${i}`, source: 'csv', kind: 'office', name: `Sportello ${pick(OFFICES)} ${i}`, extension: String(100_000 + i), keywords: [pick(KEYWORDS), pick(KEYWORDS)] }
        : { id: `p${i}`, source: 'csv', kind: 'person', firstName: pick(NAMES), lastName, office: `Ufficio ${pick(OFFICES)}`, department: `Direzione ${pick(OFFICES)}`, extension: String(100_000 + i), externalNumber: `+3902${String(40_000_000 + i)}`, keywords: [pick(KEYWORDS)] },
    ),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
function measure(name: string, n: number, work: (i: number) => unknown): { p50: number; p99: number; max: number } {
  for (let i = 0; i < 200; i++) work(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    work(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? 0 };
  out(`${name.padEnd(34)} p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms   max ${r.max.toFixed(3)} ms`);
  return r;
}

out(`directory: ${ENTRIES} entries (${entries.filter((e) => e.kind === 'office').length} offices), ${SEARCHES} searches per kind`);
const b0 = performance.now();
const index = new DirectoryIndex(entries);
const buildMs = performance.now() - b0;
out(`index build                        ${buildMs.toFixed(0)} ms   heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

const people = entries.filter((e) => e.kind === 'person');
const typo = (w: string) => (w.length > 4 ? w.slice(0, 2) + w.slice(3) : w); // one letter dropped
const results: Record<string, { p50: number; p99: number; max: number }> = {
  byName3: measure('dial-by-name, 3 keys', SEARCHES, (i) => index.byName(toKeypad(pick(SURNAMES)).slice(0, 3 + (i % 1)), 9)),
  byName6: measure('dial-by-name, 6 keys', SEARCHES, () => index.byName(toKeypad((pick(people).lastName ?? '')).slice(0, 6), 9)),
  byExtension: measure('extension', SEARCHES, (i) => index.byExtension(String(100_000 + (i % ENTRIES)))),
  byNumber: measure('reverse lookup (number)', SEARCHES, (i) => index.byNumber(`+39 02 ${40_000_000 + (i % ENTRIES)}`)),
  searchSurname: measure('agent search: surname with a typo', SEARCHES, () => index.search(typo(pick(people).lastName ?? ''), 20)),
  searchKeyword: measure('agent search: keyword + office', SEARCHES, () => index.search(`${pick(KEYWORDS)} ${pick(OFFICES)}`, 20)),
};
const worstP99 = Math.max(...Object.values(results).map((r) => r.p99));
out(`worst p99 per search: ${worstP99.toFixed(3)} ms (target < 5 ms)`);
out(JSON.stringify({ bench: 'directory', entries: ENTRIES, buildMs: Math.round(buildMs), worstP99Ms: Number(worstP99.toFixed(3)), ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { p50Ms: Number(v.p50.toFixed(4)), p99Ms: Number(v.p99.toFixed(4)) }])) }));
