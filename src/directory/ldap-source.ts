/**
 * The directory from LDAP (the usual municipal source), read with ldapts. People are
 * inetOrgPerson entries, offices organizationalUnit entries with a telephone number:
 *   people:  uid (id), givenName, sn, ou (office), departmentNumber (department), telephoneNumber
 *            (an extension when it has 2–6 digits, else an external number), mobile (external),
 *            businessCategory (keywords), displayName and extra cn values (aliases)
 *   offices: the DN (id), ou (name), telephoneNumber, businessCategory (keywords), description (aliases)
 * An entry that does not make a valid directory entry is skipped and named (DN and why); the rest
 * are kept — one bad record in a city's LDAP must not stop the whole directory from updating.
 */
import { Client } from 'ldapts';
import { directoryEntrySchema, type DirectoryEntry } from './entry.js';

export interface LdapOptions {
  readonly url: string;
  readonly bindDn?: string;
  readonly password?: string;
  readonly baseDn: string;
  readonly timeoutMs: number;
}

export interface LdapRead {
  readonly entries: DirectoryEntry[];
  /** "DN: why" for every entry left out. */
  readonly skipped: string[];
}

type Attributes = Readonly<Record<string, string | string[] | Buffer | Buffer[] | undefined>>;

const values = (a: Attributes, name: string): string[] => {
  const v = a[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : x).trim()).filter(Boolean);
};
const first = (a: Attributes, name: string): string | undefined => values(a, name)[0];
const EXTENSION = /^[1-9]\d{1,5}$/;
const plainNumber = (n: string) => n.replace(/[\s.\-/()]/g, '');

/** One LDAP entry → a directory entry, or why not (pure). */
export function fromLdap(dn: string, a: Attributes): { entry: DirectoryEntry } | { problem: string } {
  const classes = values(a, 'objectClass').map((c) => c.toLowerCase());
  const phones = values(a, 'telephoneNumber').map(plainNumber);
  const extension = phones.find((p) => EXTENSION.test(p));
  const external = [...phones.filter((p) => !EXTENSION.test(p)), ...values(a, 'mobile').map(plainNumber)][0];
  let raw: Record<string, unknown>;
  if (classes.includes('inetorgperson')) {
    const firstName = first(a, 'givenName');
    const lastName = first(a, 'sn');
    const full = [firstName, lastName].filter(Boolean).join(' ');
    raw = {
      id: first(a, 'uid') ?? dn,
      kind: 'person',
      firstName,
      lastName,
      office: first(a, 'ou'),
      department: first(a, 'departmentNumber'),
      aliases: [...values(a, 'displayName'), ...values(a, 'cn')].filter((n, i, all) => n !== full && all.indexOf(n) === i),
    };
  } else if (classes.includes('organizationalunit')) {
    raw = { id: dn, kind: 'office', name: first(a, 'ou'), aliases: values(a, 'description') };
  } else return { problem: `${dn}: neither inetOrgPerson nor organizationalUnit` };
  raw = { ...raw, source: 'ldap', extension, externalNumber: external, keywords: values(a, 'businessCategory') };
  const parsed = directoryEntrySchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) return { problem: `${dn}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { entry: parsed.data };
}

/** Reads people and offices under the base DN (paged, so large directories come whole). */
export async function readLdapDirectory(o: LdapOptions): Promise<LdapRead> {
  const client = new Client({ url: o.url, timeout: o.timeoutMs, connectTimeout: o.timeoutMs });
  try {
    if (o.bindDn !== undefined) await client.bind(o.bindDn, o.password ?? '');
    const { searchEntries } = await client.search(o.baseDn, {
      scope: 'sub',
      filter: '(|(objectClass=inetOrgPerson)(&(objectClass=organizationalUnit)(telephoneNumber=*)))',
      attributes: ['objectClass', 'uid', 'givenName', 'sn', 'cn', 'displayName', 'ou', 'departmentNumber', 'telephoneNumber', 'mobile', 'businessCategory', 'description'],
      paged: { pageSize: 500 },
    });
    const entries: DirectoryEntry[] = [];
    const skipped: string[] = [];
    const ids = new Set<string>();
    for (const e of searchEntries) {
      const r = fromLdap(e.dn, e);
      if ('problem' in r) skipped.push(r.problem);
      else if (ids.has(r.entry.id)) skipped.push(`${e.dn}: uid "${r.entry.id}" also belongs to another entry`);
      else {
        ids.add(r.entry.id);
        entries.push(r.entry);
      }
    }
    return { entries, skipped };
  } finally {
    // The entries are read (or the error that ended the read is thrown): a failed goodbye to the server changes neither.
    await client.unbind().catch(() => undefined);
  }
}
