/**
 * The embedded CRM: SQLite through better-sqlite3, for a standalone install and the demo. One
 * file, WAL journal, foreign keys on; every write is one transaction (nothing half-written);
 * the schema grows by numbered migrations recorded in PRAGMA user_version.
 *
 * better-sqlite3 is synchronous: each statement here is an indexed look-up of well under a
 * millisecond, cheaper than the promise machinery an async driver would add.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../errors.js';
import {
  OPEN_STATUSES,
  type Citizen,
  type CitizenQuery,
  type Crm,
  type Interaction,
  type NewInteraction,
  type NewTicket,
  type Ticket,
  type TicketChange,
  type TicketOwner,
  type TicketPatch,
} from './crm.js';
import { DEMO_CITIZENS } from './demo-citizens.js';
import { applyTicketPatch } from './ticket-rules.js';

/** Applied in order, each once. Never edit a shipped migration: add the next one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE citizens (
     id TEXT PRIMARY KEY,
     first_name TEXT NOT NULL,
     last_name TEXT NOT NULL,
     fiscal_code TEXT UNIQUE,
     email TEXT,
     language TEXT NOT NULL DEFAULT 'it',
     search_name TEXT NOT NULL
   );
   CREATE TABLE citizen_phones (
     phone TEXT NOT NULL,
     citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
     PRIMARY KEY (phone, citizen_id)
   );
   CREATE INDEX citizen_phones_citizen ON citizen_phones(citizen_id);
   -- Name search by any part of the name ("dangelo", "nicolo col"): a trigram index answers
   -- LIKE '%…%' without scanning every citizen. Kept in step with citizens by triggers.
   CREATE VIRTUAL TABLE citizens_search USING fts5(search_name, content='citizens', tokenize='trigram');
   CREATE TRIGGER citizens_search_insert AFTER INSERT ON citizens BEGIN
     INSERT INTO citizens_search (rowid, search_name) VALUES (new.rowid, new.search_name);
   END;
   CREATE TRIGGER citizens_search_delete AFTER DELETE ON citizens BEGIN
     INSERT INTO citizens_search (citizens_search, rowid, search_name) VALUES ('delete', old.rowid, old.search_name);
   END;
   CREATE TRIGGER citizens_search_update AFTER UPDATE OF search_name ON citizens BEGIN
     INSERT INTO citizens_search (citizens_search, rowid, search_name) VALUES ('delete', old.rowid, old.search_name);
     INSERT INTO citizens_search (rowid, search_name) VALUES (new.rowid, new.search_name);
   END;
   CREATE TABLE tickets (
     number INTEGER PRIMARY KEY AUTOINCREMENT,
     citizen_id TEXT REFERENCES citizens(id),
     caller_number TEXT,
     category TEXT NOT NULL,
     subject TEXT NOT NULL,
     description TEXT,
     channel TEXT NOT NULL,
     level TEXT NOT NULL,
     department TEXT,
     assignee TEXT,
     status TEXT NOT NULL,
     call_id TEXT,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX tickets_citizen ON tickets(citizen_id, status);
   CREATE INDEX tickets_caller ON tickets(caller_number, status);
   -- Ticket numbers are read to callers: six digits from the first one.
   INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 100000);
   CREATE TABLE ticket_changes (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_number INTEGER NOT NULL REFERENCES tickets(number),
     at TEXT NOT NULL,
     by TEXT NOT NULL,
     field TEXT NOT NULL,
     from_value TEXT,
     to_value TEXT
   );
   CREATE INDEX ticket_changes_ticket ON ticket_changes(ticket_number, id);
   CREATE TABLE interactions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     citizen_id TEXT REFERENCES citizens(id),
     caller_number TEXT,
     channel TEXT NOT NULL,
     call_id TEXT,
     started_at TEXT NOT NULL,
     ended_at TEXT,
     topics TEXT NOT NULL,
     outcome TEXT NOT NULL,
     ticket_number INTEGER,
     summary TEXT
   );
   CREATE INDEX interactions_citizen ON interactions(citizen_id, started_at);`,
];

interface TicketRow {
  number: number;
  citizen_id: string | null;
  caller_number: string | null;
  category: string;
  subject: string;
  description: string | null;
  channel: string;
  level: Ticket['level'];
  department: string | null;
  assignee: string | null;
  status: Ticket['status'];
  call_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

interface CitizenRow {
  id: string;
  first_name: string;
  last_name: string;
  fiscal_code: string | null;
  email: string | null;
  language: string;
}

interface InteractionRow {
  id: number;
  citizen_id: string | null;
  caller_number: string | null;
  channel: string;
  call_id: string | null;
  started_at: string;
  ended_at: string | null;
  topics: string;
  outcome: string;
  ticket_number: number | null;
  summary: string | null;
}

/** Lower case, no accents, apostrophes or spaces: "D'Angelo" and "dangelo" meet. */
export function searchName(...parts: string[]): string {
  return parts
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const OPEN = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export interface EmbeddedCrmOptions {
  /** A file path, or ':memory:' (the simulator). */
  readonly path: string;
  /** Seed the demo citizens into an empty database. */
  readonly seedDemo: boolean;
  readonly now?: () => Date;
}

export class EmbeddedCrm implements Crm {
  readonly kind = 'embedded';
  private readonly db: Database.Database;
  /** Prepared once, run many times: preparing costs more than running (every call is recorded). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(options: EmbeddedCrmOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 2000');
    this.migrate();
    if (options.seedDemo) this.seedDemo((options.now ?? (() => new Date()))());
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** The schema version reached (the number of migrations applied). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    for (let version = this.schemaVersion(); version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  private seedDemo(at: Date): void {
    const { n } = this.sql('SELECT count(*) AS n FROM citizens').get() as { n: number };
    if (n > 0) return;
    this.db.transaction(() => {
      for (const c of DEMO_CITIZENS) {
        this
          .sql('INSERT INTO citizens (id, first_name, last_name, fiscal_code, email, language, search_name) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(c.id, c.firstName, c.lastName, c.fiscalCode, c.email, c.language, searchName(c.lastName, c.firstName));
        for (const phone of c.phones) this.sql('INSERT INTO citizen_phones (phone, citizen_id) VALUES (?, ?)').run(phone, c.id);
        for (const t of c.tickets) {
          this.insertTicket({ citizenId: c.id, category: t.category as NewTicket['category'], subject: t.subject, channel: 'telefono', level: t.level, ...(t.department ? { department: t.department } : {}) }, t.status, 'demo', at);
        }
      }
    })();
  }

  findCitizens(query: CitizenQuery): Promise<Citizen[]> {
    let rows: CitizenRow[];
    if ('phone' in query) {
      rows = this.sql('SELECT c.* FROM citizens c JOIN citizen_phones p ON p.citizen_id = c.id WHERE p.phone = ? ORDER BY c.last_name, c.first_name').all(query.phone) as CitizenRow[];
    } else if ('fiscalCode' in query) {
      rows = this.sql('SELECT * FROM citizens WHERE fiscal_code = ?').all(query.fiscalCode.toUpperCase()) as CitizenRow[];
    } else {
      const words = searchName(query.name).split(' ').filter(Boolean);
      if (words.length === 0) return Promise.resolve([]);
      // Every word must appear in "surname name"; at most 50 results for a search box.
      const where = words.map(() => 'search_name LIKE ?').join(' AND ');
      // Not kept prepared: one text per number of words typed.
      rows = this.db
        .prepare(`SELECT * FROM citizens WHERE rowid IN (SELECT rowid FROM citizens_search WHERE ${where}) ORDER BY last_name, first_name LIMIT 50`)
        .all(...words.map((w) => `%${w}%`)) as CitizenRow[];
    }
    return Promise.resolve(rows.map((r) => this.citizen(r)));
  }

  getCitizen(id: string): Promise<Citizen | undefined> {
    const row = this.sql('SELECT * FROM citizens WHERE id = ?').get(id) as CitizenRow | undefined;
    return Promise.resolve(row && this.citizen(row));
  }

  history(citizenId: string, limit: number): Promise<Interaction[]> {
    const rows = this.sql('SELECT * FROM interactions WHERE citizen_id = ? ORDER BY started_at DESC, id DESC LIMIT ?').all(citizenId, limit) as InteractionRow[];
    return Promise.resolve(rows.map(interaction));
  }

  openTickets(owner: TicketOwner): Promise<Ticket[]> {
    const rows =
      'citizenId' in owner
        ? (this.sql(`SELECT * FROM tickets WHERE citizen_id = ? AND status IN ${OPEN} ORDER BY number DESC`).all(owner.citizenId) as TicketRow[])
        : (this.sql(`SELECT * FROM tickets WHERE caller_number = ? AND citizen_id IS NULL AND status IN ${OPEN} ORDER BY number DESC`).all(owner.callerNumber) as TicketRow[]);
    return Promise.resolve(rows.map((r) => this.ticket(r)));
  }

  getTicket(number: number): Promise<Ticket | undefined> {
    const row = this.sql('SELECT * FROM tickets WHERE number = ?').get(number) as TicketRow | undefined;
    return Promise.resolve(row && this.ticket(row));
  }

  createTicket(input: NewTicket, by: string, at: Date): Promise<Ticket> {
    return settle(() => {
      const number = this.db.transaction(() => this.insertTicket(input, 'aperto', by, at))();
      return this.ticket(this.sql('SELECT * FROM tickets WHERE number = ?').get(number) as TicketRow);
    });
  }

  private insertTicket(input: NewTicket, status: Ticket['status'], by: string, at: Date): number {
    if (input.citizenId !== undefined && !this.sql('SELECT 1 FROM citizens WHERE id = ?').get(input.citizenId)) {
      throw new EngineError('CRM.NO_SUCH_CITIZEN', `citizenId: no citizen ${input.citizenId}`);
    }
    const iso = at.toISOString();
    const result = this.sql(
        `INSERT INTO tickets (citizen_id, caller_number, category, subject, description, channel, level, department, assignee, status, call_id, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.citizenId ?? null, input.callerNumber ?? null, input.category, input.subject, input.description ?? null, input.channel, input.level, input.department ?? null, input.assignee ?? null, status, input.callId ?? null, iso, by, iso);
    const number = Number(result.lastInsertRowid);
    this.sql('INSERT INTO ticket_changes (ticket_number, at, by, field, from_value, to_value) VALUES (?, ?, ?, ?, NULL, ?)').run(number, iso, by, 'created', status);
    return number;
  }

  updateTicket(number: number, patch: TicketPatch, by: string, at: Date): Promise<Ticket> {
    return settle(() => {
      this.db.transaction(() => {
        const row = this.sql('SELECT * FROM tickets WHERE number = ?').get(number) as TicketRow | undefined;
        if (!row) throw new EngineError('CRM.NO_SUCH_TICKET', `no ticket ${number}`);
        const { next, changes } = applyTicketPatch(this.ticket(row), patch);
        if (changes.length === 0) return;
        const iso = at.toISOString();
        this.sql('UPDATE tickets SET status = ?, level = ?, department = ?, assignee = ?, updated_at = ? WHERE number = ?').run(next.status, next.level, next.department, next.assignee, iso, number);
        const audit = this.sql('INSERT INTO ticket_changes (ticket_number, at, by, field, from_value, to_value) VALUES (?, ?, ?, ?, ?, ?)');
        for (const c of changes) audit.run(number, iso, by, c.field, c.from, c.to);
      })();
      return this.ticket(this.sql('SELECT * FROM tickets WHERE number = ?').get(number) as TicketRow);
    });
  }

  ticketChanges(number: number): Promise<TicketChange[]> {
    const rows = this.sql('SELECT at, by, field, from_value, to_value FROM ticket_changes WHERE ticket_number = ? ORDER BY id').all(number) as { at: string; by: string; field: string; from_value: string | null; to_value: string | null }[];
    return Promise.resolve(rows.map((r) => ({ at: r.at, by: r.by, field: r.field, from: r.from_value, to: r.to_value })));
  }

  recordInteraction(input: NewInteraction): Promise<Interaction> {
    return settle(() => {
      const id = this.db.transaction(() => {
        let citizenId = input.citizenId ?? null;
        if (citizenId !== null && !this.sql('SELECT 1 FROM citizens WHERE id = ?').get(citizenId)) throw new EngineError('CRM.NO_SUCH_CITIZEN', `citizenId: no citizen ${citizenId}`);
        // A call from a number that belongs to exactly one citizen is theirs.
        if (citizenId === null && input.callerNumber !== undefined) {
          const owners = this.sql('SELECT citizen_id FROM citizen_phones WHERE phone = ?').all(input.callerNumber) as { citizen_id: string }[];
          if (owners.length === 1) citizenId = owners[0]!.citizen_id;
        }
        return this
          .sql('INSERT INTO interactions (citizen_id, caller_number, channel, call_id, started_at, ended_at, topics, outcome, ticket_number, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(citizenId, input.callerNumber ?? null, input.channel, input.callId ?? null, input.startedAt, input.endedAt ?? null, JSON.stringify(input.topics), input.outcome, input.ticketNumber ?? null, input.summary ?? null).lastInsertRowid;
      })();
      return interaction(this.sql('SELECT * FROM interactions WHERE id = ?').get(id) as InteractionRow);
    });
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private citizen(row: CitizenRow): Citizen {
    const phones = (this.sql('SELECT phone FROM citizen_phones WHERE citizen_id = ? ORDER BY phone').all(row.id) as { phone: string }[]).map((p) => p.phone);
    return { id: row.id, firstName: row.first_name, lastName: row.last_name, fiscalCode: row.fiscal_code, phones, email: row.email, language: row.language };
  }

  private ticket(row: TicketRow): Ticket {
    const notes = this.sql("SELECT at, by, to_value AS text FROM ticket_changes WHERE ticket_number = ? AND field = 'note' ORDER BY id").all(row.number) as { at: string; by: string; text: string }[];
    return {
      number: row.number,
      citizenId: row.citizen_id,
      callerNumber: row.caller_number,
      category: row.category,
      subject: row.subject,
      description: row.description,
      channel: row.channel,
      level: row.level,
      department: row.department,
      assignee: row.assignee,
      status: row.status,
      callId: row.call_id,
      createdAt: row.created_at,
      createdBy: row.created_by,
      updatedAt: row.updated_at,
      notes,
    };
  }
}

/** A synchronous database step as a promise: its error (a rule broken, SQLite refusing) becomes the rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function interaction(row: InteractionRow): Interaction {
  return {
    id: String(row.id),
    citizenId: row.citizen_id,
    callerNumber: row.caller_number,
    channel: row.channel,
    callId: row.call_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    topics: JSON.parse(row.topics) as string[],
    outcome: row.outcome,
    ticketNumber: row.ticket_number,
    summary: row.summary,
  };
}

