/**
 * The directory's API: supervisors import the CSV (and start an LDAP sync); agents and
 * supervisors search (free text, an extension, a number) for the centralino and transfers.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { invalidInput } from '../http/replies.js';
import { DirectoryImportError } from './csv.js';
import type { Directory } from './directory.js';
import type { LdapRead } from './ldap-source.js';
import { displayName, type DirectoryEntry } from './entry.js';

export interface DirectoryRoutesDeps {
  readonly directory: Directory;
  /** Reads the LDAP directory (absent: no LDAP configured). */
  readonly readLdap?: () => Promise<LdapRead>;
}

const searchSchema = z
  .object({
    q: z.string().trim().min(1, 'type a name, an office, a keyword or an extension').max(200).optional(),
    keys: z.string().regex(/^\d{1,20}$/, 'keypad digits').optional(),
    number: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((q) => [q.q, q.keys, q.number].filter((x) => x !== undefined).length === 1, { message: 'give one of q (text), keys (dial-by-name digits) or number (reverse lookup)' });

/** An entry as pages and API clients see it, with the name to show. */
const view = (e: DirectoryEntry) => ({ ...e, displayName: displayName(e) });

export function registerDirectoryRoutes(app: FastifyInstance, deps: DirectoryRoutesDeps): void {
  const { directory } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 32 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  /** Replaces the directory's CSV part with this file (text/csv). */
  app.put('/api/directory/csv', async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    if (typeof request.body !== 'string') return reply.status(415).send({ error: 'send the file as text/csv', code: 'DIRECTORY.NOT_CSV' });
    try {
      return await directory.importCsv(request.body, by);
    } catch (error) {
      if (error instanceof DirectoryImportError) return reply.status(400).send({ error: error.message, code: 'DIRECTORY.INVALID', problems: error.problems });
      throw error;
    }
  });

  /** Syncs from LDAP now (also done every CC_DIRECTORY_LDAP_SYNC_MS by one engine). */
  app.post('/api/directory/ldap-sync', async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    if (!deps.readLdap) return reply.status(409).send({ error: 'no LDAP is configured (CC_DIRECTORY_LDAP_URL)', code: 'DIRECTORY.NO_LDAP' });
    try {
      return await directory.syncLdap(deps.readLdap, by);
    } catch (error) {
      if (error instanceof DirectoryImportError) return reply.status(422).send({ error: error.message, code: 'DIRECTORY.LDAP_EMPTY', problems: error.problems });
      return reply.status(502).send({ error: `LDAP: ${error instanceof Error ? error.message : String(error)}`, code: 'DIRECTORY.LDAP_FAILED' });
    }
  });

  /** Search: ?q= free text (names, offices, keywords, an extension), ?keys= dial-by-name, ?number= reverse lookup. */
  app.get('/api/directory/search', async (request, reply) => {
    const query = searchSchema.safeParse(request.query ?? {});
    if (!query.success) return invalidInput(reply, query.error, 'DIRECTORY.INVALID_QUERY', 'query');
    const index = directory.current;
    const { q, keys, number, limit } = query.data;
    const found = q !== undefined ? index.search(q, limit) : keys !== undefined ? index.byName(keys, limit).entries : index.byNumber(number as string).slice(0, limit);
    return { version: directory.version, entries: found.map(view) };
  });
}
