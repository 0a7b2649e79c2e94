import type { SessionRecord, SessionStore } from '../agents/sessions.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

/** Sessions and PIN failures: expiring keys, so nothing needs cleaning up. */
export class RedisSessionStore implements SessionStore {
  constructor(private readonly conn: RedisConnection) {}

  async pinHash(agentId: string): Promise<string | undefined> {
    return (await this.conn.redis.get(keys.agentPin(agentId))) ?? undefined;
  }

  async failures(agentId: string): Promise<number> {
    return Number((await this.conn.redis.get(keys.pinFailures(agentId))) ?? 0);
  }

  async countFailure(agentId: string, windowMs: number): Promise<number> {
    // One round trip, atomic: the window starts at the first failure (NX) and is not extended.
    const [[, count]] = (await this.conn.redis.multi().incr(keys.pinFailures(agentId)).pexpire(keys.pinFailures(agentId), windowMs, 'NX').exec()) as [[null, number], [null, number]];
    return count;
  }

  async clearFailures(agentId: string): Promise<void> {
    await this.conn.redis.del(keys.pinFailures(agentId));
  }

  async saveSession(tokenHash: string, session: SessionRecord, ttlMs: number): Promise<void> {
    const key = keys.session(tokenHash);
    await this.conn.redis
      .multi()
      .hset(key, { role: session.role, name: session.name, agentId: session.agentId ?? '', expiresAt: String(session.expiresAt) })
      .pexpire(key, ttlMs)
      .exec();
  }

  async session(tokenHash: string): Promise<SessionRecord | undefined> {
    const h = await this.conn.redis.hgetall(keys.session(tokenHash));
    if (h.role !== 'agent' && h.role !== 'supervisor') return undefined;
    return { role: h.role, name: h.name ?? '', expiresAt: Number(h.expiresAt), ...(h.agentId ? { agentId: h.agentId } : {}) };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.conn.redis.del(keys.session(tokenHash));
  }
}
