/**
 * bench:crm — the embedded CRM at a city's size: 100,000 citizens (120,000 numbers) and 30,000
 * tickets in a SQLite file. Measures what a call pays to be recognised (number → citizen → open
 * tickets, through the CrmGuard the IVR uses), a ticket opened from the IVR (one transaction,
 * WAL), a name search from the agent desktop, and what each leaves on the event loop.
 * Prints figures, then one JSON line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CrmGuard } from '../../src/crm/crm-guard.js';
import { EmbeddedCrm, searchName } from '../../src/crm/embedded-crm.js';
import { createLogger } from '../../src/logger.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 100_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 30_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 20_000);
const CREATES = Number(process.env.BENCH_CREATES ?? 2_000);

const SURNAMES = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', "D'Angelo", 'De Luca', 'Brambilla', 'Galli', 'Conti'];
const NAMES = ['Giulia', 'Mario', 'Nicolò', 'Lucia', 'Giuseppe', 'Sara', 'Francesca', 'Luca', 'Anna', 'Paolo'];
const CATEGORIES = ['Anagrafe', 'Tributi', 'Mobilità', 'Servizi Sociali', 'Educazione'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const mobile = (i: number) => `+39333${String(2_000_000 + i).padStart(7, '0')}`;

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-crm-'));
const path = join(dir, 'crm.sqlite');
try {
  // Schema through the engine's own migrations, then a bulk load.
  await new EmbeddedCrm({ path, seedDemo: false }).close();
  const db = new Database(path);
  const loadStart = performance.now();
  db.transaction(() => {
    const citizen = db.prepare('INSERT INTO citizens (id, first_name, last_name, fiscal_code, email, language, search_name) VALUES (?, ?, ?, NULL, NULL, ?, ?)');
    const phone = db.prepare('INSERT INTO citizen_phones (phone, citizen_id) VALUES (?, ?)');
    for (let i = 0; i < CITIZENS; i++) {
      const first = NAMES[i % NAMES.length]!;
      const last = `${SURNAMES[i % SURNAMES.length]!}${i}`;
      citizen.run(`c${i}`, first, last, 'it', searchName(last, first));
      phone.run(mobile(i), `c${i}`);
      if (i % 5 === 0) phone.run(`+3902${String(30_000_000 + i).padStart(8, '0')}`, `c${i}`);
    }
    const ticket = db.prepare(`INSERT INTO tickets (citizen_id, caller_number, category, subject, channel, level, status, created_at, created_by, updated_at) VALUES (?, NULL, ?, 'bench', 'telefono', 'primo_livello', ?, ?, 'bench', ?)`);
    const at = new Date().toISOString();
    for (let t = 0; t < TICKETS; t++) ticket.run(`c${(t * 7) % CITIZENS}`, CATEGORIES[t % CATEGORIES.length], t % 3 === 0 ? 'risolto' : 'in_lavorazione', at, at);
  })();
  db.close();
  const loadMs = performance.now() - loadStart;

  const crm = new EmbeddedCrm({ path, seedDemo: false });
  const guard = new CrmGuard({ crm, budgetMs: 800, counter: { count: () => Promise.resolve() }, events: { append: () => Promise.resolve('') }, now: () => new Date() });
  const log = createLogger('silent');

  // Warm-up, then the measured look-ups (a random known or unknown number each).
  for (let i = 0; i < 1000; i++) await guard.recognise(mobile(i), log);
  const lookup: number[] = [];
  let known = 0;
  const t0 = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const n = Math.floor(Math.random() * CITIZENS * 1.25); // one in five is nobody's number
    const s = performance.now();
    const r = await guard.recognise(mobile(n), log);
    lookup.push((performance.now() - s) * 1000);
    if (r.outcome === 'known') known++;
  }
  const lookupsPerSecond = LOOKUPS / ((performance.now() - t0) / 1000);
  lookup.sort((a, b) => a - b);

  const create: number[] = [];
  for (let i = 0; i < CREATES; i++) {
    const s = performance.now();
    await crm.createTicket({ callerNumber: mobile(CITIZENS + i), category: 'Informazioni', subject: 'Richiesta di ricontatto', channel: 'ivr', level: 'primo_livello' }, 'ivr', new Date());
    create.push((performance.now() - s) * 1000);
  }
  create.sort((a, b) => a - b);

  const search: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = performance.now();
    await crm.findCitizens({ name: `${SURNAMES[i % SURNAMES.length]!.slice(0, 5)} ${NAMES[i % NAMES.length]!}` });
    search.push((performance.now() - s) * 1000);
  }
  search.sort((a, b) => a - b);
  await crm.close();
  const fileMb = statSync(path).size / 1e6;

  const result = {
    citizens: CITIZENS,
    tickets: TICKETS,
    loadMs: Math.round(loadMs),
    fileMb: Number(fileMb.toFixed(1)),
    recognise: { p50Us: Number(percentile(lookup, 50).toFixed(1)), p99Us: Number(percentile(lookup, 99).toFixed(1)), maxUs: Number((lookup[lookup.length - 1] ?? 0).toFixed(1)), perSecond: Math.round(lookupsPerSecond), knownShare: Number((known / LOOKUPS).toFixed(2)) },
    createTicket: { p50Us: Number(percentile(create, 50).toFixed(1)), p99Us: Number(percentile(create, 99).toFixed(1)) },
    nameSearch: { p50Us: Number(percentile(search, 50).toFixed(1)), p99Us: Number(percentile(search, 99).toFixed(1)) },
  };
  out(`embedded CRM: ${CITIZENS} citizens, ${TICKETS} tickets, loaded in ${result.loadMs} ms, file ${result.fileMb} MB`);
  out(`recognise a caller (number → citizen → open tickets): p50 ${result.recognise.p50Us} µs, p99 ${result.recognise.p99Us} µs, max ${result.recognise.maxUs} µs, ${result.recognise.perSecond}/s (known ${Math.round(result.recognise.knownShare * 100)} %)`);
  out(`open a ticket (one transaction, WAL): p50 ${result.createTicket.p50Us} µs, p99 ${result.createTicket.p99Us} µs`);
  out(`name search (two words, LIKE over the folded name, 50 results max): p50 ${result.nameSearch.p50Us} µs, p99 ${result.nameSearch.p99Us} µs`);
  out(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
