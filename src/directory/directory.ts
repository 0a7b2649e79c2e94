/**
 * The directory as the engine uses it: an index in memory (DirectoryIndex, pure), rebuilt from
 * Redis whenever the version there changes — at start, and when the event log says another import
 * or sync happened (on this engine or another), so callers and agents see a change within seconds.
 */
import type { Logger } from '../logger.js';
import { DirectoryImportError, parseDirectoryCsv } from './csv.js';
import type { LdapRead } from './ldap-source.js';
import { DirectoryIndex } from './directory-index.js';
import type { DirectoryEntry, DirectorySource } from './entry.js';

export interface DirectoryChangeSummary {
  readonly version: number;
  readonly source: DirectorySource;
  readonly entries: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface DirectoryStore {
  version(): Promise<number>;
  /** True if this engine takes the turn (e.g. the periodic LDAP sync) for ms; other engines get false meanwhile. */
  takeTurn(name: string, ms: number): Promise<boolean>;
  load(): Promise<{ version: number; entries: DirectoryEntry[] }>;
  replaceSource(source: DirectorySource, entries: readonly DirectoryEntry[], by: string, at: Date): Promise<DirectoryChangeSummary>;
}

export class Directory {
  private index = new DirectoryIndex([]);
  private loadedVersion = -1;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: DirectoryStore,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /** The index in use (replaced whole when the directory changes; never half-built). */
  get current(): DirectoryIndex {
    return this.index;
  }

  get version(): number {
    return this.loadedVersion;
  }

  /** Reloads if Redis holds another version; concurrent calls share one reload (and one more if asked meanwhile). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        if ((await this.store.version()) === this.loadedVersion) continue;
        const { version, entries } = await this.store.load();
        const started = performance.now();
        this.index = new DirectoryIndex(entries);
        this.loadedVersion = version;
        this.log.info({ version, entries: entries.length, buildMs: Math.round(performance.now() - started) }, 'directory.loaded');
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** `directory.updated` arrived: another import or sync happened somewhere. */
  onEvent(): void {
    void this.refresh().catch((error: unknown) => this.log.error({ err: String(error) }, 'directory.refresh_failed'));
  }

  /** Replaces the CSV source (throws DirectoryImportError listing every bad row; nothing changes then). */
  async importCsv(text: string, by: string): Promise<DirectoryChangeSummary> {
    return this.replace('csv', parseDirectoryCsv(text), by);
  }

  /**
   * Syncs the LDAP part. Entries that are not valid are skipped and named; an LDAP that returns
   * nobody at all while the directory has LDAP entries is refused (a wrong base DN or an outage
   * must not empty the centralino).
   */
  async syncLdap(read: () => Promise<LdapRead>, by: string): Promise<DirectoryChangeSummary & { skipped: readonly string[] }> {
    const { entries, skipped } = await read();
    if (entries.length === 0 && this.index.all().some((e) => e.source === 'ldap')) {
      throw new DirectoryImportError([`LDAP returned no valid entry${skipped.length ? ` (${skipped.length} skipped: ${skipped.slice(0, 5).join('; ')})` : ''}: the directory in use is kept`]);
    }
    if (skipped.length > 0) this.log.warn({ skipped: skipped.length, first: skipped.slice(0, 10) }, 'directory.ldap_skipped');
    return { ...(await this.replace('ldap', entries, by)), skipped };
  }

  /** Every `everyMs`, one engine (the one that takes the turn in Redis) syncs from LDAP. */
  startLdapSync(read: () => Promise<LdapRead>, everyMs: number): void {
    const run = async () => {
      if (!(await this.store.takeTurn('ldap-sync', Math.max(1000, everyMs - 1000)))) return;
      const change = await this.syncLdap(read, 'ldap-sync');
      this.log.info({ ...change, skipped: change.skipped.length }, 'directory.ldap_synced');
    };
    const safe = () => void run().catch((error: unknown) => this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'directory.ldap_sync_failed'));
    safe();
    this.syncTimer = setInterval(safe, everyMs);
    this.syncTimer.unref();
  }

  stop(): void {
    clearInterval(this.syncTimer);
  }

  async replace(source: DirectorySource, entries: readonly DirectoryEntry[], by: string): Promise<DirectoryChangeSummary> {
    const change = await this.store.replaceSource(source, entries, by, this.now());
    await this.refresh();
    return change;
  }
}
