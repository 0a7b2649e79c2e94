import type { CallRecord, CallStore } from '../calls/index.js';
import type { EngineEvent, EventLog } from '../events/event-log.js';
import { EngineError } from '../errors.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

export class RedisCallStore implements CallStore {
  constructor(private readonly conn: RedisConnection) {}

  async start(call: CallRecord, at: Date): Promise<void> {
    try {
      await this.conn.run(
        'callStart',
        [keys.call(call.callId), keys.activeCalls(), keys.events(), keys.callByChannel(call.channelId)],
        [call.callId, JSON.stringify(call), at.toISOString(), JSON.stringify({ flowId: call.flowId, flowVersion: call.flowVersion, dialledNumber: call.dialledNumber, source: call.source, caller: call.callerMasked ?? null, callerKey: call.callerKey ?? null })],
      );
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('CALL.EXISTS')) {
        throw new EngineError('CALL.EXISTS', `call ${call.callId} is already registered`);
      }
      throw error;
    }
  }

  async update(callId: string, fields: Partial<CallRecord>): Promise<boolean> {
    return (await this.conn.run('callUpdate', [keys.call(callId)], [JSON.stringify(fields)])) === 1;
  }

  async end(callId: string, channelId: string, at: Date, data: Record<string, unknown>): Promise<boolean> {
    const id = await this.conn.run('callEnd', [keys.call(callId), keys.activeCalls(), keys.events(), keys.callByChannel(channelId)], [callId, at.toISOString(), JSON.stringify(data)]);
    return id !== null;
  }

  async findByChannel(channelId: string): Promise<string | undefined> {
    return (await this.conn.redis.get(keys.callByChannel(channelId))) ?? undefined;
  }

  async get(callId: string): Promise<CallRecord | undefined> {
    const h = await this.conn.redis.hgetall(keys.call(callId));
    if (Object.keys(h).length === 0) return undefined;
    return h as unknown as CallRecord;
  }

  async active(): Promise<string[]> {
    return this.conn.redis.smembers(keys.activeCalls());
  }
}

export class RedisEventLog implements EventLog {
  constructor(private readonly conn: RedisConnection) {}

  async append(event: EngineEvent): Promise<string> {
    const id = await this.conn.redis.xadd(keys.events(), '*', 'type', event.type, 'callId', event.callId ?? '', 'at', event.at.toISOString(), 'data', JSON.stringify(event.data ?? {}));
    return id ?? '';
  }
}
