/**
 * Where reporting keeps months of history (#22): one SQLite file (better-sqlite3, WAL), fed from
 * the event log in Redis by the projector. Why SQLite: Milan's ~1 M calls a year are ~15 M
 * events, a few GB; an indexed day's records read back in milliseconds; no server to run, the
 * same library as the embedded CRM; the whole history is a file to copy. Redis keeps the log
 * only until it is projected here (then it can be trimmed).
 *
 * Each batch of events is applied in one transaction with the id of the last one: a projector
 * that dies mid-batch starts again from the last id applied, and an event applied twice changes
 * nothing (its id is the key). A call's record is folded again from all its stored events
 * whenever one of them arrives (a ticket opened after the call, a late wrap-up), so the record is
 * always the fold of everything known.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { localDate } from '../shared/schedule.js';
import type { AgentStateChange } from './agent-time.js';
import { callRecord, type CallRecord } from './call-record.js';

/** An event of the log as the projector reads it. */
export interface StoredEvent {
  /** The stream id, "ms-seq". */
  readonly id: string;
  readonly type: string;
  /** '' for an event of no call (an agent's state, a setting published). */
  readonly callId: string;
  /** ISO time. */
  readonly at: string;
  readonly data: Record<string, unknown>;
}

/** Applied in order, each once (PRAGMA user_version). Never edit a shipped one: add the next. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE progress (id INTEGER PRIMARY KEY CHECK (id = 1), ms INTEGER NOT NULL, seq INTEGER NOT NULL);
   CREATE TABLE events (
     ms INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     call_id TEXT NOT NULL,
     type TEXT NOT NULL,
     at TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (ms, seq)
   ) WITHOUT ROWID;
   CREATE INDEX events_call ON events(call_id, ms, seq);
   CREATE TABLE calls (
     call_id TEXT PRIMARY KEY,
     day TEXT,
     started_at TEXT,
     complete INTEGER NOT NULL,
     record TEXT NOT NULL
   );
   CREATE INDEX calls_day ON calls(day);`,
  // The caller's pseudonymous key: repeat callers within days (first-contact resolution).
  `ALTER TABLE calls ADD COLUMN caller_key TEXT;
   CREATE INDEX calls_caller ON calls(caller_key, started_at) WHERE caller_key IS NOT NULL;`,
  // Events by type and time (the engine's, as `at` says: ISO UTC, ordered as text): agents' state changes over a period (occupancy).
  `CREATE INDEX events_type_at ON events(type, at);`,
  // Each Rome day's version (a batch that changed a record of it moves it on), and what was worked
  // out from a day's records at some version (period-figures.ts): kept across restarts.
  `CREATE TABLE day_versions (day TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE day_cache (day TEXT NOT NULL, key TEXT NOT NULL, version TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (day, key)) WITHOUT ROWID;`,
];

/** The events that change an agent's state (agent-time.ts). */
const AGENT_CHANGES = `type IN ('agent.state', 'acd.no_answer')`;

const parseId = (id: string): [number, number] => {
  const m = /^(\d+)-(\d+)$/.exec(id);
  if (!m) throw new Error(`event id "${id}" is not a stream id (ms-seq)`);
  return [Number(m[1]), Number(m[2])];
};

export class CallRecordStore {
  private readonly db: Database.Database;
  private readonly statements;

  /** `path`: the file, or ':memory:' (tests). */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // No fsync per transaction (WAL stays consistent; a power cut may lose the last batches, which
    // the projector reads again from the log).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 2000');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
    this.statements = {
      lastId: this.db.prepare<[], { ms: number; seq: number }>(`SELECT ms, seq FROM progress WHERE id = 1`),
      // Only forward: two engines projecting into one file never move it back.
      setLastId: this.db.prepare<[number, number]>(
        `INSERT INTO progress (id, ms, seq) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET ms = excluded.ms, seq = excluded.seq WHERE (excluded.ms, excluded.seq) > (progress.ms, progress.seq)`,
      ),
      insertEvent: this.db.prepare<[number, number, string, string, string, string]>(`INSERT OR IGNORE INTO events (ms, seq, call_id, type, at, data) VALUES (?, ?, ?, ?, ?, ?)`),
      eventsOf: this.db.prepare<[string], { type: string; at: string; data: string }>(`SELECT type, at, data FROM events WHERE call_id = ? ORDER BY ms, seq`),
      upsertCall: this.db.prepare<[string, string | null, string | null, number, string, string | null]>(
        `INSERT INTO calls (call_id, day, started_at, complete, record, caller_key) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(call_id) DO UPDATE SET day = excluded.day, started_at = excluded.started_at, complete = excluded.complete, record = excluded.record, caller_key = excluded.caller_key`,
      ),
      // Calls of the days whose caller called again within the window after them (started_at is ISO UTC, as strftime writes it).
      repeats: this.db.prepare<{ from: string; to: string; window: string }, { identified: number; repeated: number | null }>(
        `SELECT COUNT(*) AS identified,
                SUM(EXISTS (SELECT 1 FROM calls n WHERE n.caller_key = c.caller_key AND n.started_at > c.started_at
                                                      AND n.started_at <= strftime('%Y-%m-%dT%H:%M:%fZ', c.started_at, :window))) AS repeated
         FROM calls c WHERE c.day >= :from AND c.day <= :to AND c.caller_key IS NOT NULL`,
      ),
      call: this.db.prepare<[string], { record: string }>(`SELECT record FROM calls WHERE call_id = ?`),
      bumpDay: this.db.prepare<[string]>(`INSERT INTO day_versions (day, version) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET version = version + 1`),
      dayVersion: this.db.prepare<[string], { version: number }>(`SELECT version FROM day_versions WHERE day = ?`),
      dayCache: this.db.prepare<[string, string], { version: string; value: string }>(`SELECT version, value FROM day_cache WHERE day = ? AND key = ?`),
      saveDayCache: this.db.prepare<[string, string, string, string]>(
        `INSERT INTO day_cache (day, key, version, value) VALUES (?, ?, ?, ?) ON CONFLICT(day, key) DO UPDATE SET version = excluded.version, value = excluded.value`,
      ),
      agentChanges: this.db.prepare<[string, string], { type: string; at: string; data: string }>(`SELECT type, at, data FROM events WHERE ${AGENT_CHANGES} AND at >= ? AND at < ? ORDER BY at, ms, seq`),
      // Each agent's last change before an instant (SQLite takes the bare columns from the row of MAX(at)).
      agentLastChanges: this.db.prepare<[string], { type: string; at: string; data: string }>(
        `SELECT type, at, data, MAX(at) FROM events WHERE ${AGENT_CHANGES} AND at < ? GROUP BY json_extract(data, '$.agentId')`,
      ),
      callsOfDays: this.db.prepare<[string, string], { record: string }>(`SELECT record FROM calls WHERE day >= ? AND day <= ? ORDER BY started_at`),
    };
  }

  /** The id of the last event applied, or undefined before the first. */
  lastEventId(): string | undefined {
    const row = this.statements.lastId.get();
    return row === undefined ? undefined : `${row.ms}-${row.seq}`;
  }

  /**
   * Applies a batch of events, in order, in one transaction; returns the calls whose record
   * changed. `alongside` runs inside the transaction once the records are folded (the queue_log
   * written with them): if it throws, nothing of the batch is applied.
   */
  apply(events: readonly StoredEvent[], alongside?: () => void): string[] {
    if (events.length === 0) return [];
    const touched = new Set<string>();
    const days = new Set<string>();
    this.db.transaction(() => {
      for (const e of events) {
        const [ms, seq] = parseId(e.id);
        this.statements.insertEvent.run(ms, seq, e.callId, e.type, e.at, JSON.stringify(e.data));
        if (e.callId !== '') touched.add(e.callId);
      }
      for (const callId of touched) {
        const stored = this.statements.eventsOf.all(callId).map((row) => ({ type: row.type, at: row.at, data: JSON.parse(row.data) as Record<string, unknown> }));
        const record = callRecord(callId, stored);
        const startedAt = record.startedAt ?? stored[0]?.at ?? null;
        const day = startedAt === null ? null : localDate(new Date(startedAt));
        if (day !== null && !days.has(day)) {
          days.add(day);
          this.statements.bumpDay.run(day);
        }
        this.statements.upsertCall.run(callId, day, startedAt, record.complete ? 1 : 0, JSON.stringify(record), record.callerKey ?? null);
      }
      this.statements.setLastId.run(...parseId((events.at(-1) as StoredEvent).id));
      alongside?.();
    })();
    return [...touched];
  }

  /** Agents' state changes from `startMs` (included) to `endMs`, in order, and each agent's last one before `startMs`. */
  agentChanges(startMs: number, endMs: number): { before: AgentStateChange[]; during: AgentStateChange[] } {
    const parse = (row: { type: string; at: string; data: string }): AgentStateChange => ({ type: row.type, at: row.at, data: JSON.parse(row.data) as Record<string, unknown> });
    const start = new Date(startMs).toISOString();
    return { before: this.statements.agentLastChanges.all(start).map(parse), during: this.statements.agentChanges.all(start, new Date(endMs).toISOString()).map(parse) };
  }

  /** Changes with every batch that touched a record of this Rome day (YYYY-MM-DD); kept in the file. */
  dayVersion(day: string): number {
    return this.statements.dayVersion.get(day)?.version ?? 0;
  }

  /** What was worked out from a day's records under `key`, and the version it was worked out at. */
  dayCache(day: string, key: string): { version: string; value: string } | undefined {
    return this.statements.dayCache.get(day, key);
  }

  saveDayCache(day: string, key: string, version: string, value: string): void {
    this.statements.saveDayCache.run(day, key, version, value);
  }

  call(callId: string): CallRecord | undefined {
    const row = this.statements.call.get(callId);
    return row === undefined ? undefined : (JSON.parse(row.record) as CallRecord);
  }

  /** The records of the calls that started on these days (Rome, YYYY-MM-DD, both included). */
  callsOfDays(from: string, to: string): CallRecord[] {
    return this.statements.callsOfDays.all(from, to).map((row) => JSON.parse(row.record) as CallRecord);
  }

  /**
   * Repeat callers: of the calls that started on these days from a number that identifies
   * someone, how many were followed by another call from that number within `days` days.
   */
  repeatCalls(from: string, to: string, days: number): { identified: number; repeated: number } {
    const row = this.statements.repeats.get({ from, to, window: `+${days} days` });
    return { identified: row?.identified ?? 0, repeated: row?.repeated ?? 0 };
  }

  /**
   * The records of these days whose stored text contains every needle (e.g. `"queue":"tributi"`):
   * a cheap first sieve in SQLite before the exact filter, so that a list of a month's abandoned
   * calls parses those, not every call.
   */
  callsOfDaysContaining(from: string, to: string, needles: readonly string[]): CallRecord[] {
    if (needles.length === 0) return this.callsOfDays(from, to);
    const where = needles.map(() => 'instr(record, ?) > 0').join(' AND ');
    return this.db
      .prepare<unknown[], { record: string }>(`SELECT record FROM calls WHERE day >= ? AND day <= ? AND ${where} ORDER BY started_at`)
      .all(from, to, ...needles)
      .map((row) => JSON.parse(row.record) as CallRecord);
  }

  close(): void {
    this.db.close();
  }
}
