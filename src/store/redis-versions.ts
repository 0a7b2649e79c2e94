import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

/** Where one family of versioned documents (flows, settings files) lives, and how its changes are logged. */
export interface VersionedFamily {
  readonly versions: (id: string) => string;
  readonly hashes: (id: string) => string;
  /** Hash: document id → live version number. */
  readonly live: string;
  readonly publishedEvent: string;
  readonly rolledBackEvent: string;
}

/**
 * Immutable numbered versions of text documents with one live version each, shared by flows and
 * settings documents (queues.yaml): the same atomic scripts, other keys and event names.
 */
export class RedisVersions<V extends { readonly version: number; readonly hash: string; readonly at: string }> {
  constructor(
    private readonly conn: RedisConnection,
    private readonly family: VersionedFamily,
  ) {}

  async publish(id: string, v: Omit<V, 'version'>): Promise<{ version: number; created: boolean }> {
    const f = this.family;
    const [version, created] = (await this.conn.run('flowPublish', [f.versions(id), f.hashes(id), f.live, keys.events()], [id, v.hash, JSON.stringify(v), v.at, f.publishedEvent])) as [number, number];
    return { version, created: created === 1 };
  }

  async setLive(id: string, version: number, author: string, at: string): Promise<boolean> {
    const f = this.family;
    return (await this.conn.run('flowSetLive', [f.versions(id), f.live, keys.events()], [id, String(version), author, at, f.rolledBackEvent])) === 1;
  }

  /** Document id → live version number. */
  async live(): Promise<Record<string, number>> {
    const all = await this.conn.redis.hgetall(this.family.live);
    return Object.fromEntries(Object.entries(all).map(([id, n]) => [id, Number(n)]));
  }

  async liveOf(id: string): Promise<number | undefined> {
    const n = await this.conn.redis.hget(this.family.live, id);
    return n === null ? undefined : Number(n);
  }

  async get(id: string, version: number): Promise<V | undefined> {
    const json = await this.conn.redis.hget(this.family.versions(id), String(version));
    return json === null ? undefined : (JSON.parse(json) as V);
  }

  async list(id: string): Promise<V[]> {
    const all = await this.conn.redis.hgetall(this.family.versions(id));
    return Object.values(all)
      .map((j) => JSON.parse(j) as V)
      .sort((a, b) => a.version - b.version);
  }
}
