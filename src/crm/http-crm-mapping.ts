/**
 * How the http adapter speaks an external CRM's REST API: the path of each operation and the
 * name of each field on their side. A file (CC_CRM_HTTP_MAPPING, YAML or JSON) overrides any part;
 * what it leaves out keeps our own names. Pure.
 */
import { z } from 'zod';

/** Paths relative to CC_CRM_HTTP_URL; {placeholders} are filled URL-encoded. */
export const DEFAULT_PATHS = {
  citizensByPhone: '/citizens?phone={phone}',
  citizensByFiscalCode: '/citizens?fiscalCode={fiscalCode}',
  citizensByName: '/citizens?name={name}',
  citizen: '/citizens/{id}',
  history: '/citizens/{id}/interactions?limit={limit}',
  openTicketsOfCitizen: '/tickets?citizenId={citizenId}&open=true',
  openTicketsOfNumber: '/tickets?callerNumber={callerNumber}&open=true',
  ticket: '/tickets/{number}',
  createTicket: '/tickets',
  updateTicket: '/tickets/{number}',
  ticketChanges: '/tickets/{number}/changes',
  recordInteraction: '/interactions',
} as const;
export type CrmOperation = keyof typeof DEFAULT_PATHS;

/** Our field names per record; the mapping gives theirs (a dot path for nested fields). */
export const RECORD_FIELDS = {
  citizen: ['id', 'firstName', 'lastName', 'fiscalCode', 'phones', 'email', 'language'],
  ticket: ['number', 'citizenId', 'callerNumber', 'category', 'subject', 'description', 'channel', 'level', 'department', 'assignee', 'status', 'callId', 'createdAt', 'createdBy', 'updatedAt', 'notes'],
  note: ['at', 'by', 'text'],
  change: ['at', 'by', 'field', 'from', 'to'],
  interaction: ['id', 'citizenId', 'callerNumber', 'channel', 'callId', 'startedAt', 'endedAt', 'topics', 'outcome', 'ticketNumber', 'summary'],
  /** Extra fields of write requests: who made the change, the note added. */
  request: ['by', 'note'],
} as const;
export type RecordKind = keyof typeof RECORD_FIELDS;

const fieldName = z.string().regex(/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/, 'a field name, or a dot path such as anagrafica.nome');

export const mappingFileSchema = z
  .object({
    paths: z
      .object(Object.fromEntries(Object.keys(DEFAULT_PATHS).map((k) => [k, z.string().startsWith('/', 'a path starting with /').optional()])) as Record<CrmOperation, z.ZodOptional<z.ZodString>>)
      .strict()
      .optional(),
    /** Where the array is in a list response (e.g. "items"); absent: the body is the array. */
    listField: fieldName.optional(),
    fields: z
      .object(
        Object.fromEntries(
          Object.entries(RECORD_FIELDS).map(([kind, names]) => [kind, z.object(Object.fromEntries(names.map((n) => [n, fieldName.optional()]))).strict().optional()]),
        ) as Record<RecordKind, z.ZodOptional<z.ZodObject<Record<string, z.ZodOptional<z.ZodString>>>>>,
      )
      .strict()
      .optional(),
  })
  .strict();
export type MappingFile = z.infer<typeof mappingFileSchema>;

export class CrmMapping {
  private readonly paths: Record<CrmOperation, string>;
  private readonly fields: Record<RecordKind, Record<string, string>>;
  readonly listField: string | undefined;

  constructor(file: MappingFile = {}) {
    this.paths = { ...DEFAULT_PATHS, ...(stripUndefined(file.paths ?? {}) as Partial<Record<CrmOperation, string>>) };
    this.fields = Object.fromEntries(
      Object.entries(RECORD_FIELDS).map(([kind, names]) => {
        const given = (file.fields?.[kind as RecordKind] ?? {}) as Record<string, string | undefined>;
        return [kind, Object.fromEntries(names.map((n) => [n, given[n] ?? n]))];
      }),
    ) as Record<RecordKind, Record<string, string>>;
    this.listField = file.listField;
  }

  /** The path of an operation with its placeholders filled. */
  path(operation: CrmOperation, values: Record<string, string | number>): string {
    return this.paths[operation].replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`path of ${operation}: no value for {${name}}`);
      return encodeURIComponent(String(value));
    });
  }

  /** Their record → ours (fields they do not send are left out; the caller validates). */
  read(kind: RecordKind, theirs: unknown): Record<string, unknown> {
    const ours: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(this.fields[kind])) {
      const value = getPath(theirs, path);
      if (value !== undefined) ours[name] = value;
    }
    return ours;
  }

  /** Ours → their record (undefined values are left out). */
  write(kind: RecordKind, ours: Record<string, unknown>): Record<string, unknown> {
    const theirs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(ours)) {
      const path = this.fields[kind][name];
      if (path !== undefined && value !== undefined) setPath(theirs, path, value);
    }
    return theirs;
  }
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function getPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    at[part] ??= {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]!] = value;
}
