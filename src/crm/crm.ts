/**
 * The CRM adapter: the one interface the engine uses to recognise citizens, read their contact
 * history and work their tickets. Two implementations, chosen by CC_CRM: `embedded` (SQLite, for a
 * standalone install and the demo) and `http` (an external CRM's REST API). Both pass the same
 * contract suite (test/contract/crm.contract.ts).
 */
import { z } from 'zod';
import { TOPICS } from '../shared/topics.js';
import { checkFiscalCode } from './fiscal-code.js';
import { normalisePhone } from './phone-number.js';

/** Ticket categories: the IVR's topic tags, so that reporting by topic joins calls and tickets. */
export const TICKET_CATEGORIES = TOPICS;
/** Levels of the Basilicata model: answered at first level, or escalated to back office, then to the competent department. */
export const TICKET_LEVELS = ['primo_livello', 'back_office', 'secondo_livello'] as const;
export const TICKET_STATUSES = ['aperto', 'in_lavorazione', 'inoltrato', 'risolto', 'annullato'] as const;
/** Statuses of a ticket still being worked (the caller can be told about it). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['aperto', 'in_lavorazione', 'inoltrato'];
export const CHANNELS = ['telefono', 'ivr', 'scritto', 'sportello', 'social'] as const;
export const LANGUAGES = ['it', 'en', 'fr', 'de', 'es'] as const;

export type TicketLevel = (typeof TICKET_LEVELS)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Channel = (typeof CHANNELS)[number];

export interface Citizen {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly fiscalCode: string | null;
  /** E.164. */
  readonly phones: readonly string[];
  readonly email: string | null;
  readonly language: string;
}

export interface TicketNote {
  readonly at: string;
  readonly by: string;
  readonly text: string;
}

export interface Ticket {
  /** Short and numeric, to be read to a caller. */
  readonly number: number;
  readonly citizenId: string | null;
  readonly callerNumber: string | null;
  readonly category: string;
  readonly subject: string;
  readonly description: string | null;
  readonly channel: string;
  readonly level: TicketLevel;
  readonly department: string | null;
  readonly assignee: string | null;
  readonly status: TicketStatus;
  readonly callId: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly notes: readonly TicketNote[];
}

/** One audited change: who, when, which field, from what to what. */
export interface TicketChange {
  readonly at: string;
  readonly by: string;
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** One contact with a citizen (a call, a written request), for the contact history. */
export interface Interaction {
  readonly id: string;
  readonly citizenId: string | null;
  readonly callerNumber: string | null;
  readonly channel: string;
  readonly callId: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly topics: readonly string[];
  readonly outcome: string;
  readonly ticketNumber: number | null;
  readonly summary: string | null;
}

export type CitizenQuery = { readonly phone: string } | { readonly fiscalCode: string } | { readonly name: string };
export type TicketOwner = { readonly citizenId: string } | { readonly callerNumber: string };

const e164 = z.string().transform((value, ctx) => {
  const checked = normalisePhone(value);
  if (checked.valid) return checked.e164;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a phone number: ${checked.reason}` });
  return z.NEVER;
});

export const fiscalCodeSchema = z.string().transform((value, ctx) => {
  const checked = checkFiscalCode(value);
  if (checked.valid) return checked.code;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid codice fiscale: ${checked.reason}` });
  return z.NEVER;
});

export const phoneSchema = e164;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

/** The fields of a new ticket, before the rules that tie them together. */
export const newTicketFields = z
  .object({
    citizenId: text(64).optional(),
    callerNumber: e164.optional(),
    category: z.enum(TICKET_CATEGORIES),
    subject: text(200),
    description: text(4000).optional(),
    channel: z.enum(CHANNELS).default('telefono'),
    level: z.enum(TICKET_LEVELS).default('primo_livello'),
    department: text(100).optional(),
    assignee: text(100).optional(),
    callId: text(64).optional(),
  })
  .strict();

export const newTicketSchema = newTicketFields
  .refine((t) => t.citizenId !== undefined || t.callerNumber !== undefined, { message: 'give citizenId or callerNumber: somebody must be able to follow the ticket', path: ['citizenId'] })
  .refine((t) => t.level !== 'secondo_livello' || t.department !== undefined, { message: 'a second-level ticket names its department', path: ['department'] });
export type NewTicket = z.infer<typeof newTicketSchema>;

export const ticketPatchFields = {
  status: z.enum(TICKET_STATUSES).optional(),
  level: z.enum(TICKET_LEVELS).optional(),
  department: text(100).optional(),
  assignee: text(100).nullable().optional(),
  note: text(4000).optional(),
};

export const ticketPatchSchema = z
  .object(ticketPatchFields)
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one of status, level, department, assignee, note' });
export type TicketPatch = z.infer<typeof ticketPatchSchema>;

export const newInteractionSchema = z
  .object({
    citizenId: text(64).optional(),
    callerNumber: e164.optional(),
    channel: z.enum(CHANNELS).default('telefono'),
    callId: text(64).optional(),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime().optional(),
    topics: z.array(z.string().max(60)).max(20).default([]),
    outcome: text(60),
    ticketNumber: z.number().int().positive().optional(),
    summary: text(4000).optional(),
  })
  .strict();
export type NewInteraction = z.infer<typeof newInteractionSchema>;

/** The CRM's error codes as HTTP statuses (also used by the desktop's routes, which touch tickets). */
export const CRM_ERROR_STATUS: Readonly<Record<string, number>> = {
  'CRM.INVALID': 400,
  'CRM.NO_SUCH_CITIZEN': 400,
  'CRM.NO_SUCH_TICKET': 404,
  'CRM.BAD_TRANSITION': 409,
  'CRM.REJECTED': 422,
  'CRM.BAD_RESPONSE': 502,
  'CRM.UNAVAILABLE': 503,
  'CRM.TIMEOUT': 504,
};

/** What the API answers (the OpenAPI document shows them; the interfaces above are their types). */
export const citizenView = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  fiscalCode: z.string().nullable(),
  phones: z.array(z.string()).readonly().describe('E.164'),
  email: z.string().nullable(),
  language: z.string(),
});
export const ticketView = z.object({
  number: z.number().int(),
  citizenId: z.string().nullable(),
  callerNumber: z.string().nullable(),
  category: z.string(),
  subject: z.string(),
  description: z.string().nullable(),
  channel: z.string(),
  level: z.enum(TICKET_LEVELS),
  department: z.string().nullable(),
  assignee: z.string().nullable(),
  status: z.enum(TICKET_STATUSES),
  callId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  notes: z.array(z.object({ at: z.string(), by: z.string(), text: z.string() })).readonly(),
});
export const ticketChangeView = z.object({ at: z.string(), by: z.string(), field: z.string(), from: z.string().nullable(), to: z.string().nullable() });
export const interactionView = z.object({
  id: z.string(),
  citizenId: z.string().nullable(),
  callerNumber: z.string().nullable(),
  channel: z.string(),
  callId: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  topics: z.array(z.string()).readonly(),
  outcome: z.string(),
  ticketNumber: z.number().int().nullable(),
  summary: z.string().nullable(),
});

export interface Crm {
  readonly kind: 'embedded' | 'http';
  /** Citizens by phone (E.164), codice fiscale, or a part of the name. Several may share a phone. */
  findCitizens(query: CitizenQuery): Promise<Citizen[]>;
  getCitizen(id: string): Promise<Citizen | undefined>;
  /** Newest first. */
  history(citizenId: string, limit: number): Promise<Interaction[]>;
  /** Tickets still being worked, newest first: a citizen's, or those left from a number by an unknown caller. */
  openTickets(owner: TicketOwner): Promise<Ticket[]>;
  getTicket(number: number): Promise<Ticket | undefined>;
  createTicket(ticket: NewTicket, by: string, at: Date): Promise<Ticket>;
  /** Applies the ticket rules (ticket-rules.ts); every changed field is audited. */
  updateTicket(number: number, patch: TicketPatch, by: string, at: Date): Promise<Ticket>;
  /** The audit trail, oldest first. */
  ticketChanges(number: number): Promise<TicketChange[]>;
  recordInteraction(interaction: NewInteraction): Promise<Interaction>;
  close(): Promise<void>;
}
