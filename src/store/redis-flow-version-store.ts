import type { FlowVersion, FlowVersionStore } from '../ivr/versions/flow-version.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

export class RedisFlowVersionStore implements FlowVersionStore {
  constructor(private readonly conn: RedisConnection) {}

  async publish(v: Omit<FlowVersion, 'version'>): Promise<{ version: number; created: boolean }> {
    const [version, created] = (await this.conn.run(
      'flowPublish',
      [keys.flowVersions(v.flowId), keys.flowHashes(v.flowId), keys.liveFlows(), keys.events()],
      [v.flowId, v.hash, JSON.stringify(v), v.at],
    )) as [number, number];
    return { version, created: created === 1 };
  }

  async setLive(flowId: string, version: number, author: string, at: string): Promise<boolean> {
    return (await this.conn.run('flowSetLive', [keys.flowVersions(flowId), keys.liveFlows(), keys.events()], [flowId, String(version), author, at])) === 1;
  }

  async live(): Promise<Record<string, number>> {
    const all = await this.conn.redis.hgetall(keys.liveFlows());
    return Object.fromEntries(Object.entries(all).map(([id, n]) => [id, Number(n)]));
  }

  async get(flowId: string, version: number): Promise<FlowVersion | undefined> {
    const json = await this.conn.redis.hget(keys.flowVersions(flowId), String(version));
    return json === null ? undefined : (JSON.parse(json) as FlowVersion);
  }

  async list(flowId: string): Promise<FlowVersion[]> {
    const all = await this.conn.redis.hgetall(keys.flowVersions(flowId));
    return Object.values(all)
      .map((j) => JSON.parse(j) as FlowVersion)
      .sort((a, b) => a.version - b.version);
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
