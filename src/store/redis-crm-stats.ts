import type { CrmFailureCounter } from '../crm/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

/** CRM failures by operation and reason, for the supervisor's view and alerts. */
export class RedisCrmStats implements CrmFailureCounter {
  constructor(private readonly connection: RedisConnection) {}

  async count(operation: string, reason: string): Promise<void> {
    await this.connection.redis.hincrby(keys.crmFailures(), `${operation}:${reason}`, 1);
  }

  async failures(): Promise<Record<string, number>> {
    const raw = await this.connection.redis.hgetall(keys.crmFailures());
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }
}
