/**
 * The directory's API: supervisors import the CSV (and start an LDAP sync); agents and
 * supervisors search (free text, an extension, a number) for the centralino and transfers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { problemSchema } from '../http/replies.js';
import { DirectoryImportError } from './csv.js';
import type { Directory } from './directory.js';
import type { LdapRead } from './ldap-source.js';
import { DIRECTORY_SOURCES, displayName, type DirectoryEntry } from './entry.js';

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

/** What the directory's routes take and answer (the OpenAPI document shows them). */
const entryView = z.object({
  id: z.string(),
  source: z.enum(DIRECTORY_SOURCES),
  kind: z.enum(['person', 'office']),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  name: z.string().optional(),
  office: z.string().optional(),
  department: z.string().optional(),
  extension: z.string().optional(),
  externalNumber: z.string().optional(),
  keywords: z.array(z.string()),
  aliases: z.array(z.string()),
  hours: z.string().optional(),
  displayName: z.string(),
});
const changeSummary = z.object({ version: z.number().int(), source: z.enum(DIRECTORY_SOURCES), entries: z.number().int(), added: z.number().int(), removed: z.number().int(), changed: z.number().int() });
const SCHEMAS = {
  csv: {
    tags: ['directory'],
    summary: "Replace the directory's CSV part with this file (Content-Type: text/csv)",
    consumes: ['text/csv'],
    body: z.string().describe('the CSV file: id, kind, firstName, lastName, name, office, department, extension, externalNumber, keywords, aliases, hours'),
    response: { 200: changeSummary, 400: problemSchema, 415: problemSchema },
  },
  ldapSync: { tags: ['directory'], summary: 'Sync the LDAP part now', response: { 200: changeSummary.extend({ skipped: z.array(z.string()).readonly() }), 409: problemSchema, 422: problemSchema, 502: problemSchema } },
  search: {
    tags: ['directory'],
    summary: 'Search: q= free text (names, offices, keywords, an extension), keys= dial-by-name digits, number= reverse lookup',
    querystring: searchSchema,
    response: { 200: z.object({ version: z.number().int(), entries: z.array(entryView) }) },
  },
} as const;

export function registerDirectoryRoutes(server: FastifyInstance, deps: DirectoryRoutesDeps): void {
  const { directory } = deps;
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 32 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  /** Replaces the directory's CSV part with this file (text/csv). */
  const csvOnly = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    // Before the schema: a JSON body is the wrong kind of file, not a bad value.
    if (typeof request.body === 'string') return done();
    void reply.status(415).send({ error: 'send the file as text/csv', code: 'DIRECTORY.NOT_CSV' });
  };
  app.put('/api/directory/csv', { config: { access: 'supervisor' }, schema: SCHEMAS.csv, preValidation: csvOnly }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    try {
      return await directory.importCsv(request.body, by);
    } catch (error) {
      if (error instanceof DirectoryImportError) return reply.status(400).send({ error: error.message, code: 'DIRECTORY.INVALID', problems: error.problems });
      throw error;
    }
  });

  /** Syncs from LDAP now (also done every CC_DIRECTORY_LDAP_SYNC_MS by one engine). */
  app.post('/api/directory/ldap-sync', { config: { access: 'supervisor' }, schema: SCHEMAS.ldapSync }, async (request, reply) => {
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
  app.get('/api/directory/search', { schema: SCHEMAS.search }, (request) => {
    const index = directory.current;
    const { q, keys, number, limit } = request.query;
    const found = q !== undefined ? index.search(q, limit) : keys !== undefined ? index.byName(keys, limit).entries : index.byNumber(number as string).slice(0, limit);
    return { version: directory.version, entries: found.map(view) };
  });
}
