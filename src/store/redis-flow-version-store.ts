import type { FlowVersion, FlowVersionStore } from '../ivr/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { RedisVersions } from './redis-versions.js';

export class RedisFlowVersionStore implements FlowVersionStore {
  private readonly versions: RedisVersions<FlowVersion>;

  constructor(private readonly conn: RedisConnection) {
    this.versions = new RedisVersions(conn, {
      versions: keys.flowVersions,
      hashes: keys.flowHashes,
      live: keys.liveFlows(),
      publishedEvent: 'flow.published',
      rolledBackEvent: 'flow.rolled_back',
    });
  }

  publish(v: Omit<FlowVersion, 'version'>): Promise<{ version: number; created: boolean }> {
    return this.versions.publish(v.flowId, v);
  }

  setLive(flowId: string, version: number, author: string, at: string): Promise<boolean> {
    return this.versions.setLive(flowId, version, author, at);
  }

  live(): Promise<Record<string, number>> {
    return this.versions.live();
  }

  get(flowId: string, version: number): Promise<FlowVersion | undefined> {
    return this.versions.get(flowId, version);
  }

  list(flowId: string): Promise<FlowVersion[]> {
    return this.versions.list(flowId);
  }

  async setDraft(d: Omit<FlowVersion, 'version'>): Promise<void> {
    await this.conn.redis
      .multi()
      .hset(keys.flowDrafts(), d.flowId, JSON.stringify(d))
      .xadd(keys.events(), '*', 'type', 'flow.draft_saved', 'callId', '', 'at', d.at, 'data', JSON.stringify({ flowId: d.flowId, hash: d.hash, author: d.author, message: d.message }))
      .exec();
  }

  async removeDraft(flowId: string): Promise<boolean> {
    return (await this.conn.redis.hdel(keys.flowDrafts(), flowId)) === 1;
  }

  async drafts(): Promise<Omit<FlowVersion, 'version'>[]> {
    return Object.values(await this.conn.redis.hgetall(keys.flowDrafts())).map((j) => JSON.parse(j) as Omit<FlowVersion, 'version'>);
  }

  async addTester(number: string): Promise<void> {
    await this.conn.redis.sadd(keys.flowTesters(), number);
  }

  async removeTester(number: string): Promise<boolean> {
    return (await this.conn.redis.srem(keys.flowTesters(), number)) === 1;
  }

  async testers(): Promise<string[]> {
    return (await this.conn.redis.smembers(keys.flowTesters())).sort();
  }

  async isTester(number: string): Promise<boolean> {
    return (await this.conn.redis.sismember(keys.flowTesters(), number)) === 1;
  }
}
