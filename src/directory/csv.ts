/**
 * The directory from a CSV file (the export a municipality's HR or IT office can make): a header
 * row with Italian column names, separated by ";" or ",", UTF-8 (with or without BOM). Every bad
 * row is reported with its line and column; one bad row refuses the whole file, so the directory
 * in use is never replaced by half of one.
 *
 * Columns (case and order free; only tipo and one of interno/numero_esterno required):
 *   id, tipo (persona | ufficio), nome, cognome, denominazione (an office's name), ufficio,
 *   settore, interno, numero_esterno, parole_chiave and alias (several separated by "|"), orari.
 */
import { parse } from 'csv-parse/sync';
import { directoryEntrySchema, type DirectoryEntry } from './entry.js';
import { foldName } from './keypad.js';

const COLUMNS = {
  id: 'id',
  tipo: 'kind',
  nome: 'firstName',
  cognome: 'lastName',
  denominazione: 'name',
  ufficio: 'office',
  settore: 'department',
  interno: 'extension',
  numero_esterno: 'externalNumber',
  parole_chiave: 'keywords',
  alias: 'aliases',
  orari: 'hours',
} as const;
type Column = keyof typeof COLUMNS;
const FIELD_TO_COLUMN = Object.fromEntries(Object.entries(COLUMNS).map(([c, f]) => [f, c])) as Record<string, Column>;
const KINDS: Readonly<Record<string, 'person' | 'office'>> = { persona: 'person', ufficio: 'office' };

export class DirectoryImportError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in the directory file: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? '; …' : ''}`);
  }
}

/** Parses and checks the whole file; throws DirectoryImportError listing every problem. */
export function parseDirectoryCsv(text: string): DirectoryEntry[] {
  let rows: string[][];
  try {
    const parsed: unknown = parse(text, { bom: true, delimiter: [';', ','], skip_empty_lines: true, trim: true, relax_column_count: false });
    rows = parsed as string[][];
  } catch (error) {
    throw new DirectoryImportError([error instanceof Error ? error.message : String(error)]);
  }
  const [header, ...body] = rows;
  if (!header) throw new DirectoryImportError(['the file is empty: a header row (tipo;nome;cognome;…;interno) is needed']);
  const columns = header.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const problems: string[] = [];
  columns.forEach((c, i) => {
    if (!(c in COLUMNS)) problems.push(`line 1, column ${i + 1} "${header[i]}": unknown column (known: ${Object.keys(COLUMNS).join(', ')})`);
  });
  if (!columns.includes('tipo')) problems.push('line 1: the column "tipo" (persona or ufficio) is missing');
  if (problems.length > 0) throw new DirectoryImportError(problems);

  const entries: DirectoryEntry[] = [];
  const seen = new Map<string, number>();
  body.forEach((row, r) => {
    const line = r + 2;
    const raw: Record<string, unknown> = { source: 'csv', keywords: [], aliases: [] };
    columns.forEach((c, i) => {
      const value = (row[i] ?? '').trim();
      if (value === '') return;
      const field = COLUMNS[c as Column];
      if (field === 'keywords' || field === 'aliases') raw[field] = value.split('|').map((v) => v.trim()).filter(Boolean);
      else if (field === 'kind') raw.kind = KINDS[value.toLowerCase()] ?? value;
      else raw[field] = value;
    });
    const part = (v: unknown) => (typeof v === 'string' ? foldName(v) : '');
    raw.id ??= [raw.kind, raw.lastName ?? raw.name, raw.firstName, raw.extension ?? raw.externalNumber].map(part).join('-');
    const parsed = directoryEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = FIELD_TO_COLUMN[field] ?? field;
        const message = field === 'kind' ? 'tipo must be "persona" or "ufficio"' : issue.message;
        problems.push(`line ${line}, column "${column}": ${message}`);
      }
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) problems.push(`line ${line}: the same entry as line ${first} (id "${parsed.data.id}")`);
    else {
      seen.set(parsed.data.id, line);
      entries.push(parsed.data);
    }
  });
  if (problems.length > 0) throw new DirectoryImportError(problems);
  return entries;
}
