/**
 * Settings documents (queues.yaml, schedules.yaml), versioned like flows: every accepted text is an
 * immutable numbered version in Redis (author, time, message: the audit); one is live, and every
 * engine reads it per use, so a publish or a rollback applies to the next caller everywhere. A new
 * version is checked first — its schema, with located problems, and what it would break elsewhere
 * (a queue or schedule a live flow uses cannot disappear). At start, the file is imported when
 * nothing is live yet; afterwards the live version wins and a differing file is reported.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { DocumentVersion } from './document-version.js';
import { FlowInvalidError } from './yaml-document.js';

/** A version of a settings document (its id in `doc`: "queues", "schedules"). */
export interface SettingsVersion extends DocumentVersion {
  readonly doc: string;
}

export interface SettingsVersionStore {
  publish(v: Omit<SettingsVersion, 'version'>): Promise<{ version: number; created: boolean }>;
  setLive(doc: string, version: number, author: string, at: string): Promise<boolean>;
  live(doc: string): Promise<number | undefined>;
  get(doc: string, version: number): Promise<SettingsVersion | undefined>;
  list(doc: string): Promise<SettingsVersion[]>;
}

/** One kind of settings document: its id in the store, its file name, how its text is read. */
export interface SettingsDocument<T> {
  readonly doc: string;
  readonly file: string;
  /** Parses a text; throws FlowInvalidError with located problems. `origin` names it in them. */
  parse(origin: string, text: string): T;
}

/** Problems a candidate would cause elsewhere (e.g. flows naming a removed queue), in a supervisor's words. */
export type SettingsCheck<T> = (value: T) => Promise<string[]>;

export class SettingsVersions<T> {
  private cached: { version: number; value: T } | undefined;

  constructor(
    private readonly store: SettingsVersionStore,
    readonly kind: SettingsDocument<T>,
    private readonly log: Logger,
  ) {}

  /** The live version (read per use: a version published by any engine applies at once). */
  async current(): Promise<{ version: number; value: T } | undefined> {
    const n = await this.store.live(this.kind.doc);
    if (n === undefined) return undefined;
    if (this.cached?.version === n) return this.cached;
    const v = await this.store.get(this.kind.doc, n);
    if (!v) throw new Error(`${this.kind.file} version ${n} is live but not stored`);
    this.cached = { version: n, value: this.kind.parse(`${this.kind.file} version ${n}`, v.text) };
    return this.cached;
  }

  /** At start: the file becomes version 1 when nothing is live; otherwise the live version wins. */
  async importFile(file: string, text: string, at: Date, check: SettingsCheck<T> = () => Promise.resolve([])): Promise<void> {
    const live = await this.store.live(this.kind.doc);
    if (live === undefined) {
      const r = await this.publish(text, 'engine', `imported from ${file}`, at, check, file);
      this.log.info({ version: r.version, file }, `${this.kind.doc}.imported`);
    } else if ((await this.store.get(this.kind.doc, live))?.hash !== hashOf(text)) {
      this.log.warn({ live, file }, `${this.kind.doc}.file_differs_from_live_version`);
    }
  }

  /** Checks and publishes a text; throws FlowInvalidError with located problems and stores nothing. */
  async publish(text: string, author: string, message: string, at: Date, check: SettingsCheck<T>, origin = this.kind.file): Promise<{ version: number; created: boolean; value: T }> {
    const value = this.kind.parse(origin, text);
    const problems = await check(value);
    if (problems.length > 0) throw new FlowInvalidError(origin, problems);
    const r = await this.store.publish({ doc: this.kind.doc, hash: hashOf(text), author, at: at.toISOString(), message, text });
    return { ...r, value };
  }

  /** Makes an earlier version live again, after the same checks; undefined if there is no such version. */
  async rollback(version: number, author: string, at: Date, check: SettingsCheck<T>): Promise<T | undefined> {
    const v = await this.store.get(this.kind.doc, version);
    if (!v) return undefined;
    const origin = `${this.kind.file} version ${version}`;
    const value = this.kind.parse(origin, v.text);
    const problems = await check(value);
    if (problems.length > 0) throw new FlowInvalidError(origin, problems);
    await this.store.setLive(this.kind.doc, version, author, at.toISOString());
    return value;
  }

  list(): Promise<SettingsVersion[]> {
    return this.store.list(this.kind.doc);
  }

  get(version: number): Promise<SettingsVersion | undefined> {
    return this.store.get(this.kind.doc, version);
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
