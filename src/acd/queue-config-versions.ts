/**
 * queues.yaml, versioned like flows: every accepted text is an immutable numbered version in
 * Redis (author, time, message); one is live, and all engines read it. A new version is
 * checked first — the schema, with located problems — and so is every live flow against it
 * (a queue a flow uses cannot disappear). At start, the file is imported when nothing is live
 * yet; afterwards the live version wins and a differing file is reported.
 */
import { createHash } from 'node:crypto';
import { FlowInvalidError } from '../shared/yaml-document.js';
import type { DocumentVersion } from '../shared/document-version.js';
import type { Logger } from '../logger.js';
import { parseQueues, type AcdConfig } from './queue-config.js';

export const QUEUES_DOC = 'queues';

/** A version of a settings document (its id in `doc`: "queues"). */
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

/** Problems a candidate configuration would cause elsewhere (e.g. flows naming a removed queue). */
export type ConfigCheck = (config: AcdConfig) => Promise<string[]>;

export class QueueConfigVersions {
  private cached: { version: number; config: AcdConfig } | undefined;

  constructor(
    private readonly store: SettingsVersionStore,
    private readonly log: Logger,
  ) {}

  /** The live configuration (read per use: a version published by any engine applies at once). */
  async current(): Promise<{ version: number; config: AcdConfig } | undefined> {
    const n = await this.store.live(QUEUES_DOC);
    if (n === undefined) return undefined;
    if (this.cached?.version === n) return this.cached;
    const v = await this.store.get(QUEUES_DOC, n);
    if (!v) throw new Error(`queues.yaml version ${n} is live but not stored`);
    this.cached = { version: n, config: parseQueues(`queues.yaml version ${n}`, v.text) };
    return this.cached;
  }

  /** At start: the file becomes version 1 when nothing is live; otherwise the live version wins. */
  async importFile(file: string, text: string, at: Date): Promise<void> {
    const live = await this.store.live(QUEUES_DOC);
    if (live === undefined) {
      const r = await this.publish(text, 'engine', `imported from ${file}`, at, () => Promise.resolve([]), file);
      this.log.info({ version: r.version, file }, 'queues.imported');
    } else if ((await this.store.get(QUEUES_DOC, live))?.hash !== hashOf(text)) {
      this.log.warn({ live, file }, 'queues.file_differs_from_live_version');
    }
  }

  /** Checks and publishes a text; throws FlowInvalidError with located problems and stores nothing. */
  async publish(text: string, author: string, message: string, at: Date, check: ConfigCheck, file = 'queues.yaml'): Promise<{ version: number; created: boolean; config: AcdConfig }> {
    const config = parseQueues(file, text);
    const problems = await check(config);
    if (problems.length > 0) throw new FlowInvalidError(file, problems);
    const r = await this.store.publish({ doc: QUEUES_DOC, hash: hashOf(text), author, at: at.toISOString(), message, text });
    return { ...r, config };
  }

  /** Makes an earlier version live again, after the same checks. */
  async rollback(version: number, author: string, at: Date, check: ConfigCheck): Promise<AcdConfig | undefined> {
    const v = await this.store.get(QUEUES_DOC, version);
    if (!v) return undefined;
    const config = parseQueues(`queues.yaml version ${version}`, v.text);
    const problems = await check(config);
    if (problems.length > 0) throw new FlowInvalidError(`queues.yaml version ${version}`, problems);
    await this.store.setLive(QUEUES_DOC, version, author, at.toISOString());
    return config;
  }

  list(): Promise<SettingsVersion[]> {
    return this.store.list(QUEUES_DOC);
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
