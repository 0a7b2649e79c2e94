/**
 * The engine's directory: rebuilt when another engine's import is announced in the event log;
 * an LDAP sync that returns nobody cannot empty it. (A store in memory: the Redis store is
 * exercised by the end-to-end tests.)
 */
import { describe, expect, it } from 'vitest';
import { Directory, type DirectoryChangeSummary, type DirectoryStore } from '../../src/directory/directory.js';
import { directoryEntrySchema, type DirectoryEntry, type DirectorySource } from '../../src/directory/entry.js';
import { createLogger } from '../../src/logger.js';

class MemoryStore implements DirectoryStore {
  sources = new Map<DirectorySource, readonly DirectoryEntry[]>();
  v = 0;
  version() {
    return Promise.resolve(this.v);
  }
  takeTurn() {
    return Promise.resolve(true);
  }
  load() {
    return Promise.resolve({ version: this.v, entries: [...this.sources.values()].flat() });
  }
  replaceSource(source: DirectorySource, entries: readonly DirectoryEntry[]): Promise<DirectoryChangeSummary> {
    this.sources.set(source, entries);
    this.v++;
    return Promise.resolve({ version: this.v, source, entries: entries.length, added: entries.length, removed: 0, changed: 0 });
  }
}

const person = (lastName: string, extension: string, source: DirectorySource = 'ldap') => directoryEntrySchema.parse({ id: lastName, source, kind: 'person', lastName, extension });
const log = createLogger('silent');

describe('Directory', () => {
  it('rebuilds its index when the log says another engine imported', async () => {
    const store = new MemoryStore();
    const dir = new Directory(store, log, () => new Date());
    await dir.refresh();
    expect(dir.current.size).toBe(0);
    // Another engine writes to the shared store; this one learns it from the event log.
    await store.replaceSource('csv', [person('Rossi', '2001', 'csv')]);
    expect(dir.current.size).toBe(0);
    dir.onEvent(); // directory.updated arrived
    await dir.refresh();
    expect(dir.current.byExtension('2001')?.lastName).toBe('Rossi');
    expect(dir.version).toBe(1);
  });

  it('an LDAP sync that returns nobody keeps the LDAP entries; a first empty sync is fine', async () => {
    const store = new MemoryStore();
    const dir = new Directory(store, log, () => new Date());
    await dir.refresh();
    await expect(dir.syncLdap(() => Promise.resolve({ entries: [], skipped: [] }), 't')).resolves.toMatchObject({ entries: 0 });
    await dir.syncLdap(() => Promise.resolve({ entries: [person('Neri', '2002')], skipped: [] }), 't');
    await expect(dir.syncLdap(() => Promise.resolve({ entries: [], skipped: ['uid=x: extension: …'] }), 't')).rejects.toThrow(/LDAP returned no valid entry \(1 skipped: uid=x/);
    expect(dir.current.byExtension('2002')?.lastName).toBe('Neri');
  });
});
