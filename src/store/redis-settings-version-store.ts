import type { SettingsVersion, SettingsVersionStore } from '../shared/settings-versions.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { RedisVersions } from './redis-versions.js';

/** Versions of settings documents (queues.yaml), kept like flows' (see RedisVersions). */
export class RedisSettingsVersionStore implements SettingsVersionStore {
  private readonly versions: RedisVersions<SettingsVersion>;

  constructor(conn: RedisConnection) {
    // Events are named after the document: queues.published, queues.rolled_back.
    this.versions = new RedisVersions(conn, { versions: keys.settingsVersions, hashes: keys.settingsHashes, live: keys.liveSettings(), publishedEvent: 'queues.published', rolledBackEvent: 'queues.rolled_back' });
  }

  publish(v: Omit<SettingsVersion, 'version'>): Promise<{ version: number; created: boolean }> {
    return this.versions.publish(v.doc, v);
  }

  setLive(doc: string, version: number, author: string, at: string): Promise<boolean> {
    return this.versions.setLive(doc, version, author, at);
  }

  live(doc: string): Promise<number | undefined> {
    return this.versions.liveOf(doc);
  }

  get(doc: string, version: number): Promise<SettingsVersion | undefined> {
    return this.versions.get(doc, version);
  }

  list(doc: string): Promise<SettingsVersion[]> {
    return this.versions.list(doc);
  }
}
