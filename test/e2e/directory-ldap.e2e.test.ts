/**
 * The directory synced from a real OpenLDAP (Debian's slapd started by the test): people and
 * offices with Italian names arrive, changes and removals in LDAP show up at the next sync,
 * invalid entries are skipped and named, an LDAP that returns nobody cannot empty the directory.
 */
import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startEngine } from '../support/engine.js';
import { LDAP_ADMIN, LDAP_PASSWORD, LDAP_SUFFIX, startSlapd, type Slapd } from '../support/slapd.js';

const SUPERVISOR = { authorization: 'Bearer demo-supervisor-token' };
const PEOPLE = `ou=persone,${LDAP_SUFFIX}`;
const OFFICES = `ou=uffici,${LDAP_SUFFIX}`;

describe('directory LDAP sync (real slapd)', () => {
  let slapd: Slapd;
  let app: App;
  let ldap: Client;

  const sync = async () => {
    const r = await app.http.inject({ method: 'POST', url: '/api/directory/ldap-sync', headers: SUPERVISOR });
    return { status: r.statusCode, body: r.json<Record<string, unknown> & { skipped?: string[]; problems?: string[] }>() };
  };
  const names = (q: string) => app.directory.current.search(q).map((e) => `${e.source}:${e.firstName ?? ''} ${e.lastName ?? e.name ?? ''}:${e.extension ?? e.externalNumber ?? ''}`);

  beforeAll(async () => {
    slapd = await startSlapd(3899);
    ldap = await slapd.admin();
    const person = (uid: string, givenName: string, sn: string, extra: Record<string, string | string[]>) =>
      ldap.add(`uid=${uid},${PEOPLE}`, { objectClass: ['inetOrgPerson'], uid, givenName, sn, cn: `${givenName} ${sn}`, ...extra });
    await person('nicolo.dangelo', 'Nicolò', "D'Angelo", { ou: 'Ufficio Tributi', departmentNumber: 'Direzione Entrate', telephoneNumber: '2001', businessCategory: ['TARI', 'IMU'] });
    await person('giulia.deluca', 'Giulia', 'De Luca', { ou: 'Servizi Sociali', telephoneNumber: ['+39 02 8845 1234', '2002'], displayName: 'Giuly De Luca' });
    // No telephone at all: skipped, and said why.
    await person('ugo.senzatelefono', 'Ugo', 'Senzatelefono', { ou: 'Archivio' });
    await ldap.add(`ou=URP Municipio 1,${OFFICES}`, { objectClass: 'organizationalUnit', ou: 'URP Municipio 1', telephoneNumber: '2006', businessCategory: 'reclami', description: 'Relazioni con il pubblico' });
    app = await startEngine(undefined, { CC_DIRECTORY_LDAP_URL: slapd.url, CC_DIRECTORY_LDAP_BASE_DN: LDAP_SUFFIX, CC_DIRECTORY_LDAP_BIND_DN: LDAP_ADMIN, CC_DIRECTORY_LDAP_PASSWORD: LDAP_PASSWORD, CC_DIRECTORY_LDAP_SYNC_MS: '0' });
    // The run's Redis is shared by the test files: only this file's LDAP entries, no CSV ones.
    await app.directory.importCsv('tipo;cognome;interno\n', 'test');
  });

  afterAll(async () => {
    await ldap?.unbind();
    await app?.directory.replace('ldap', [], 'test');
    await app?.close();
    await slapd?.stop();
  });

  it('brings people and offices, with accents and apostrophes; skips and names an entry without a phone', async () => {
    const first = await sync();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ source: 'ldap', entries: 3 });
    expect(first.body.skipped).toEqual([`uid=ugo.senzatelefono,${PEOPLE}: extension: give an extension or an external number (or both)`]);
    expect(names('dangelo')).toEqual(["ldap:Nicolò D'Angelo:2001"]);
    expect(names('tari')).toEqual(["ldap:Nicolò D'Angelo:2001"]);
    // A short number is the extension, a long one the external number; displayName is an alias.
    expect(app.directory.current.search('giuly')[0]).toMatchObject({ extension: '2002', externalNumber: '+390288451234' });
    expect(app.directory.current.byName('877', 5, 0).entries.map((e) => e.name)).toEqual(['URP Municipio 1']);
  });

  it('a change, an addition and a removal in LDAP show up at the next sync', async () => {
    await ldap.modify(`uid=nicolo.dangelo,${PEOPLE}`, new Change({ operation: 'replace', modification: new Attribute({ type: 'telephoneNumber', values: ['2010'] }) }));
    await ldap.add(`uid=anna.rossini,${PEOPLE}`, { objectClass: ['inetOrgPerson'], uid: 'anna.rossini', givenName: 'Anna', sn: 'Rossini', cn: 'Anna Rossini', ou: 'Polizia Locale', telephoneNumber: '2004' });
    await ldap.del(`uid=giulia.deluca,${PEOPLE}`);
    const again = await sync();
    expect(again.body).toMatchObject({ entries: 3, added: 1, removed: 1, changed: 1 });
    expect(names('dangelo')).toEqual(["ldap:Nicolò D'Angelo:2010"]);
    expect(names('rossini')).toEqual(['ldap:Anna Rossini:2004']);
    expect(names('deluca')).toEqual([]);
  });

  it('an LDAP that returns nobody (everyone moved elsewhere) cannot empty the directory', async () => {
    for (const uid of ['nicolo.dangelo', 'anna.rossini', 'ugo.senzatelefono']) await ldap.del(`uid=${uid},${PEOPLE}`);
    await ldap.del(`ou=URP Municipio 1,${OFFICES}`);
    const empty = await sync();
    expect(empty.status).toBe(422);
    expect(empty.body.problems?.[0]).toContain('LDAP returned no valid entry');
    expect(names('dangelo')).toEqual(["ldap:Nicolò D'Angelo:2010"]);
  });

  it('an unreachable LDAP is a 502 naming it, and the directory stays', async () => {
    await slapd.stop();
    const down = await sync();
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ code: 'DIRECTORY.LDAP_FAILED' });
    expect(names('rossini')).toEqual(['ldap:Anna Rossini:2004']);
  });
});
