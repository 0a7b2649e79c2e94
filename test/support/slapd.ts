/**
 * A real OpenLDAP server (Debian's slapd) for the directory's LDAP sync tests: its own config and
 * database under .data/, on its own port, in the foreground; stopped (and its data removed) after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { paths } from '../../scripts/stack/paths.js';
import { realClockEnv } from '../../scripts/stack/process.js';

export const LDAP_SUFFIX = 'dc=comune,dc=it';
export const LDAP_ADMIN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_PASSWORD = 'test-ldap-secret';

export interface Slapd {
  readonly url: string;
  /** A client bound as the administrator (to add, change and delete entries). */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

export async function startSlapd(port: number): Promise<Slapd> {
  const dir = join(paths.dataDir, `slapd-${port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'database mdb',
      'maxsize 104857600',
      `suffix "${LDAP_SUFFIX}"`,
      `rootdn "${LDAP_ADMIN}"`,
      `rootpw ${LDAP_PASSWORD}`,
      `directory ${join(dir, 'data')}`,
      '',
    ].join('\n'),
  );
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0: stay in the foreground (the test owns the process), no debug output.
  const child: ChildProcess = spawn('/usr/sbin/slapd', ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: realClockEnv() });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const admin = async () => {
    const c = new Client({ url, timeout: 5000, connectTimeout: 2000 });
    await c.bind(LDAP_ADMIN, LDAP_PASSWORD);
    return c;
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const c = await admin();
      await c.add(LDAP_SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'comune', o: 'Comune' });
      for (const ou of ['persone', 'uffici']) await c.add(`ou=${ou},${LDAP_SUFFIX}`, { objectClass: 'organizationalUnit', ou });
      await c.unbind();
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`slapd did not start on ${url}: ${error instanceof Error ? error.message : String(error)} ${errors}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    admin,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
