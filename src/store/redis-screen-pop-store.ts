import type { ScreenPop, ScreenPopStore } from '../agents/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

/** Screen-pops kept for a few hours: a reloaded desktop, or another engine, shows the same one. */
export class RedisScreenPopStore implements ScreenPopStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly ttlMs = 4 * 3600_000,
  ) {}

  async save(pop: ScreenPop): Promise<void> {
    await this.conn.redis.set(keys.screenPop(pop.callId), JSON.stringify(pop), 'PX', this.ttlMs);
  }

  async claimWrapUp(callId: string): Promise<boolean> {
    return (await this.conn.redis.set(keys.wrapUp(callId), '1', 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  async releaseWrapUp(callId: string): Promise<void> {
    await this.conn.redis.del(keys.wrapUp(callId));
  }

  async get(callId: string): Promise<ScreenPop | undefined> {
    const raw = await this.conn.redis.get(keys.screenPop(callId));
    return raw === null ? undefined : (JSON.parse(raw) as ScreenPop);
  }
}
