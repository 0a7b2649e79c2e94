import type { SettingsVersion, SettingsVersionStore } from '../acd/queue-config-versions.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

/** Versions of settings documents (queues.yaml), with the same atomic scripts as flows. */
export class RedisSettingsVersionStore implements SettingsVersionStore {
  constructor(private readonly conn: RedisConnection) {}

  async publish(v: Omit<SettingsVersion, 'version'>): Promise<{ version: number; created: boolean }> {
    const [version, created] = (await this.conn.run(
      'flowPublish',
      [keys.settingsVersions(v.doc), keys.settingsHashes(v.doc), keys.liveSettings(), keys.events()],
      [v.doc, v.hash, JSON.stringify(v), v.at, `${v.doc}.published`],
    )) as [number, number];
    return { version, created: created === 1 };
  }

  async setLive(doc: string, version: number, author: string, at: string): Promise<boolean> {
    return (await this.conn.run('flowSetLive', [keys.settingsVersions(doc), keys.liveSettings(), keys.events()], [doc, String(version), author, at, `${doc}.rolled_back`])) === 1;
  }

  async live(doc: string): Promise<number | undefined> {
    const n = await this.conn.redis.hget(keys.liveSettings(), doc);
    return n === null ? undefined : Number(n);
  }

  async get(doc: string, version: number): Promise<SettingsVersion | undefined> {
    const json = await this.conn.redis.hget(keys.settingsVersions(doc), String(version));
    return json === null ? undefined : (JSON.parse(json) as SettingsVersion);
  }

  async list(doc: string): Promise<SettingsVersion[]> {
    const all = await this.conn.redis.hgetall(keys.settingsVersions(doc));
    return Object.values(all)
      .map((j) => JSON.parse(j) as SettingsVersion)
      .sort((a, b) => a.version - b.version);
  }
}
