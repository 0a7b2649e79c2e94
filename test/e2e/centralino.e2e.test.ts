/**
 * The centralino on the real stack: the directory imported from a CSV through the API (a bad
 * file refused with every problem named, the directory in use untouched), searched by agents, and
 * used by callers — a surname spelled on the keypad reaches the right office phone (a SIPp
 * registered as 2001) through Asterisk; a busy extension hands the caller to the centralino queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { DEMO_DIRECTORY_CSV } from '../../src/directory/demo-directory.js';
import { bridgedEndpoints } from '../support/asterisk-bridges.js';
import { eventually, MONDAY_MORNING, startEngine } from '../support/engine.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { answerCall, dtmfScenario, placeCall, registerAgentPhone } from '../support/sipp.js';

const SUPERVISOR = { authorization: 'Bearer demo-supervisor-token' };

describe('centralino: directory and transfer with fallback (real stack)', () => {
  let app: App;
  const importCsv = (csv: string) => app.http.inject({ method: 'PUT', url: '/api/directory/csv', headers: { ...SUPERVISOR, 'content-type': 'text/csv' }, payload: csv });
  const search = async (query: string) => (await app.http.inject({ method: 'GET', url: `/api/directory/search?${query}`, headers: SUPERVISOR })).json<{ entries: { displayName: string; extension?: string }[] }>();

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    // The run's Redis is shared by the test files: no LDAP entries left by another one.
    await app.directory.replace('ldap', [], 'test');
    await registerAgentPhone('2001', 5201);
    await registerAgentPhone('2002', 5202);
  });
  afterAll(async () => {
    await app.close();
  });

  it('imports the CSV; a bad file is refused whole with each problem named, and the directory in use stays', async () => {
    const ok = await importCsv(DEMO_DIRECTORY_CSV);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ source: 'csv', entries: 9 });
    const version = app.directory.version;

    const bad = await importCsv('tipo;nome;cognome;interno;colore\npersona;Ada;;2001;\nimpiegato;Bo;Bi;0123;\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ problems: string[] }>().problems).toEqual(['line 1, column 5 "colore": unknown column (known: id, tipo, nome, cognome, denominazione, ufficio, settore, interno, numero_esterno, parole_chiave, alias, orari)']);
    const bad2 = await importCsv('tipo;nome;cognome;interno\npersona;Ada;;2001\nimpiegato;Bo;Bi;0123\npersona;Ugo;Neri;\n');
    expect(bad2.json<{ problems: string[] }>().problems).toEqual([
      'line 2, column "cognome": a person needs a surname',
      'line 3, column "tipo": tipo must be "persona" or "ufficio"',
      'line 3, column "interno": an extension: 2 to 6 digits, not starting with 0',
      'line 4, column "interno": give an extension or an external number (or both)',
    ]);
    expect(app.directory.version).toBe(version);
    expect(app.directory.current.size).toBe(9);
    // Importing the same file again changes nothing but the version.
    expect((await importCsv(DEMO_DIRECTORY_CSV)).json()).toMatchObject({ added: 0, removed: 0, changed: 0 });

    expect((await search('q=dangelo')).entries.map((e) => e.displayName)).toEqual(["Nicolò D'Angelo"]);
    expect((await search('q=pass%20sosta')).entries.map((e) => e.extension)).toEqual(['2005']);
    expect((await search('keys=767')).entries.map((e) => e.displayName)).toEqual(['Mario Rossi', 'Anna Rossini']);
    expect((await search('number=%2B39%2002%208845%200000')).entries.map((e) => e.displayName)).toEqual(["Paola Sant'Ambrogio"]);
    const refused = await app.http.inject({ method: 'GET', url: '/api/directory/search?q=x&keys=1', headers: SUPERVISOR });
    expect(refused.statusCode).toBe(400);
    expect((await app.http.inject({ method: 'GET', url: '/api/directory/search?q=rossi' })).statusCode).toBe(401);
  });

  it("a caller spells D-A-N (3 2 6) on the keypad, picks Nicolò D'Angelo and talks to his phone (2001)", async () => {
    const office = answerCall('uas-agent-answer-expect-bye.xml', 5201);
    const since = await lastEventId(app.redis.redis);
    // 9 centralino, * spell, 3 2 6 #, 1 the first (only) match; the caller hangs up after 20 s.
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '9*326#1', 20), '020202');
    await eventually(async () => (await bridgedEndpoints()).some((b) => b.join() === 'PJSIP/2001,PJSIP/trunk'), 60_000, 'the caller is not talking to 2001');
    const [c, o] = await Promise.all([caller.done, office.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(o.exitCode, o.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events.find((e) => e.type === 'directory.search')?.data).toMatchObject({ mode: 'name', keys: 3, matches: 1 });
    expect(events.find((e) => e.type === 'ivr.node' && e.data.node === 'rubrica')?.data).toMatchObject({ mode: 'name', choice: '2001' });
    expect(events.find((e) => e.type === 'call.transfer')?.data).toMatchObject({ to: { extension: '2001' }, outcome: 'connected' });
  });

  it('a busy extension (2002 answers 486): the caller is told and handed to the centralino queue, journey kept', async () => {
    const office = answerCall('uas-office-busy-expect-486-ack.xml', 5202);
    const since = await lastEventId(app.redis.redis);
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '92002#'), '020202');
    const [c, o] = await Promise.all([caller.done, office.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(o.exitCode, o.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since);
    expect(events.find((e) => e.type === 'call.transfer')?.data).toMatchObject({ to: { extension: '2002' }, outcome: 'failed' });
    const nodes = events.filter((e) => e.type === 'ivr.node').map((e) => e.data.node);
    expect(nodes.slice(nodes.indexOf('rubrica'))).toEqual(['rubrica', 'rubrica-trasferimento', 'rubrica-non-risponde', 'queue-centralino', 'busy', 'bye']);
    expect(events.find((e) => e.type === 'queue.requested')?.data).toMatchObject({ queue: 'centralino', tags: ['Centralino'] });
  });
});
