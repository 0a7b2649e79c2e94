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
}
