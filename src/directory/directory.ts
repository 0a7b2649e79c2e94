/**
 * The directory as the engine uses it: an index in memory (DirectoryIndex, pure), rebuilt from
 * Redis whenever the version there changes — at start, and when the event log says another import
 * or sync happened (on this engine or another), so callers and agents see a change within seconds.
 */
import type { Logger } from '../logger.js';
import { parseDirectoryCsv } from './csv.js';
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
  load(): Promise<{ version: number; entries: DirectoryEntry[] }>;
  replaceSource(source: DirectorySource, entries: readonly DirectoryEntry[], by: string, at: Date): Promise<DirectoryChangeSummary>;
}

export class Directory {
  private index = new DirectoryIndex([]);
  private loadedVersion = -1;
  private refreshing: Promise<void> | undefined;
  private again = false;

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

  /** One event of the log: another import or sync happened somewhere. */
  onEvent(event: { readonly type: string }): void {
    if (event.type === 'directory.updated') void this.refresh().catch((error: unknown) => this.log.error({ err: String(error) }, 'directory.refresh_failed'));
  }

  /** Replaces the CSV source (throws DirectoryImportError listing every bad row; nothing changes then). */
  async importCsv(text: string, by: string): Promise<DirectoryChangeSummary> {
    return this.replace('csv', parseDirectoryCsv(text), by);
  }

  async replace(source: DirectorySource, entries: readonly DirectoryEntry[], by: string): Promise<DirectoryChangeSummary> {
    const change = await this.store.replaceSource(source, entries, by, this.now());
    await this.refresh();
    return change;
  }
}
