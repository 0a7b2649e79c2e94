/**
 * The directory in Redis: one hash per source (csv, ldap), replaced whole and atomically by an
 * import or a sync (MULTI: the old entries go, the new come, the version rises and the change is
 * appended to the event log in one step), so every engine sees the same directory and a reader
 * never sees half an import.
 */
import { DIRECTORY_SOURCES, type DirectoryChangeSummary, type DirectoryEntry, directoryEntrySchema, type DirectorySource, type DirectoryStore } from '../directory/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

export class RedisDirectoryStore implements DirectoryStore {
  constructor(private readonly conn: RedisConnection) {}

  async takeTurn(name: string, ms: number): Promise<boolean> {
    return (await this.conn.redis.set(keys.directoryTurn(name), String(process.pid), 'PX', ms, 'NX')) === 'OK';
  }

  async version(): Promise<number> {
    return Number((await this.conn.redis.get(keys.directoryVersion())) ?? 0);
  }

  /** Every entry of every source, with the version they belong to (read in one transaction). */
  async load(): Promise<{ version: number; entries: DirectoryEntry[] }> {
    const multi = this.conn.redis.multi().get(keys.directoryVersion());
    for (const s of DIRECTORY_SOURCES) multi.hvals(keys.directorySource(s));
    const replies = (await multi.exec()) ?? [];
    const version = Number(replies[0]?.[1] ?? 0);
    const entries = replies.slice(1).flatMap(([, values]) => (values as string[]).map((v) => directoryEntrySchema.parse(JSON.parse(v))));
    return { version, entries };
  }

  /**
   * Replaces one source's entries; `by` (a supervisor, "ldap-sync") is recorded in the event log.
   * Optimistic: on its own connection, WATCH the source, count what changes, then MULTI (delete,
   * write, raise the version, log); a concurrent import of the same source makes it start again.
   */
  async replaceSource(source: DirectorySource, entries: readonly DirectoryEntry[], by: string, at: Date): Promise<DirectoryChangeSummary> {
    const key = keys.directorySource(source);
    const after = new Map(entries.map((e) => [e.id, JSON.stringify(e)]));
    const redis = this.conn.redis.duplicate();
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        await redis.watch(key);
        const before = new Map(Object.entries(await redis.hgetall(key)));
        let added = 0;
        let changed = 0;
        for (const [id, json] of after) {
          const old = before.get(id);
          if (old === undefined) added++;
          else if (old !== json) changed++;
        }
        const removed = [...before.keys()].filter((id) => !after.has(id)).length;
        const counts = { source, entries: after.size, added, removed, changed };
        const multi = redis.multi().del(key);
        if (after.size > 0) multi.hset(key, Object.fromEntries(after));
        multi.incr(keys.directoryVersion());
        multi.xadd(keys.events(), '*', 'type', 'directory.updated', 'callId', '', 'at', at.toISOString(), 'data', JSON.stringify({ ...counts, by }));
        const replies = await multi.exec();
        if (replies === null) continue; // another import of this source came first
        const failed = replies.find(([error]) => error !== null);
        if (failed) throw failed[0] as Error;
        return { ...counts, version: Number(replies[replies.length - 2]?.[1] ?? 0) };
      }
      throw new Error(`directory ${source}: five concurrent imports in a row, giving up`);
    } finally {
      redis.disconnect();
    }
  }
}
