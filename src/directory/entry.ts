/**
 * The telephone directory: people (name, surname, office, department, extension, external
 * number, keywords and aliases, hours) and offices (URP, sportelli). Entries come from a CSV import
 * or an LDAP sync; each source replaces its own entries as a whole.
 */
import { z } from 'zod';

export const DIRECTORY_SOURCES = ['csv', 'ldap'] as const;
export type DirectorySource = (typeof DIRECTORY_SOURCES)[number];

/** An internal extension: 2 to 6 digits, not starting with 0 (0 is "operator" in the IVR). */
export const extensionSchema = z.string().regex(/^[1-9]\d{1,5}$/, 'an extension: 2 to 6 digits, not starting with 0');
/** An external number as the carrier dials it: digits with an optional leading +. */
export const externalNumberSchema = z.string().regex(/^\+?\d{6,15}$/, 'a telephone number: 6 to 15 digits, optional leading +');

const text = (max: number) => z.string().trim().min(1).max(max);
const words = z.array(z.string().trim().min(1).max(60)).max(50).default([]);

export const directoryEntrySchema = z
  .object({
    /** Stable within its source (the CSV's id column, the LDAP entry's uid or DN). */
    id: z.string().min(1).max(200),
    source: z.enum(DIRECTORY_SOURCES),
    kind: z.enum(['person', 'office']),
    firstName: text(80).optional(),
    lastName: text(80).optional(),
    /** Offices: their name ("URP Municipio 1"); people: left out (first and last name say it). */
    name: text(120).optional(),
    office: text(120).optional(),
    department: text(120).optional(),
    extension: extensionSchema.optional(),
    externalNumber: externalNumberSchema.optional(),
    keywords: words,
    aliases: words,
    hours: text(200).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.kind === 'person' && e.lastName === undefined) ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'a person needs a surname' });
    if (e.kind === 'office' && e.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'an office needs a name' });
    if (e.extension === undefined && e.externalNumber === undefined) ctx.addIssue({ code: 'custom', path: ['extension'], message: 'give an extension or an external number (or both)' });
  });
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/** How the entry is read to a caller and shown to an agent: "Nicolò Rossi, Ufficio Tributi". */
export function displayName(e: DirectoryEntry): string {
  return e.kind === 'office' ? (e.name ?? '') : [e.firstName, e.lastName].filter(Boolean).join(' ');
}

export function spokenLabel(e: DirectoryEntry): string {
  const where = e.kind === 'person' ? (e.office ?? e.department) : undefined;
  return where ? `${displayName(e)}, ${where}` : displayName(e);
}

/** The key an entry is stored under: unique across sources. */
export const entryKey = (e: Pick<DirectoryEntry, 'source' | 'id'>): string => `${e.source}:${e.id}`;
