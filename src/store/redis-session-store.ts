import type { AttemptLimits, AttemptVerdict, SessionRecord, SessionStore } from '../agents/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

/** Sessions and login attempts: expiring keys (durations), so nothing needs cleaning up. */
export class RedisSessionStore implements SessionStore {
  constructor(private readonly conn: RedisConnection) {}

  async pinHash(agentId: string): Promise<string | undefined> {
    return (await this.conn.redis.get(keys.agentPin(agentId))) ?? undefined;
  }

  async takeAttempt(agentId: string, source: string, limits: AttemptLimits): Promise<AttemptVerdict> {
    const verdict = await this.conn.run('authAttempt', [keys.loginAttempts(agentId), keys.loginAttemptsFrom(source)], [source, String(limits.windowMs), String(limits.perAgentAndSource), String(limits.perAgent), String(limits.perSource)]);
    return String(verdict) as AttemptVerdict;
  }

  async attemptSucceeded(agentId: string, source: string): Promise<void> {
    await this.conn.run('authAttemptOk', [keys.loginAttempts(agentId), keys.loginAttemptsFrom(source)], [source]);
  }

  async clearAttempts(agentId: string): Promise<void> {
    await this.conn.redis.del(keys.loginAttempts(agentId));
  }

  async saveSession(tokenHash: string, session: SessionRecord, ttlMs: number): Promise<void> {
    const key = keys.session(tokenHash);
    const multi = this.conn.redis
      .multi()
      .hset(key, { role: session.role, name: session.name, agentId: session.agentId ?? '', expiresAt: String(session.expiresAt) })
      .pexpire(key, ttlMs);
    // An agent's sessions are indexed, so a PIN change or removal ends them all.
    if (session.agentId !== undefined) multi.sadd(keys.agentSessions(session.agentId), key).pexpire(keys.agentSessions(session.agentId), ttlMs);
    await multi.exec();
  }

  async endAgentSessions(agentId: string, reason: string, actor: string, at: Date): Promise<number> {
    return Number(await this.conn.run('agentSessionsEnd', [keys.agentSessions(agentId), keys.events()], [agentId, reason, at.toISOString(), actor]));
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
