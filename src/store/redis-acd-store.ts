import type { AcdStore, Agent, AgentAction, CallEnded, AgentProfile, AgentStatus, Consult, LeaveReason, NewQueuedCall, OfferOutcome, QueuedCall, QueuedCallStatus } from '../acd/index.js';
import { EngineError } from '../errors.js';
import { localDate } from '../shared/schedule.js';
import { keys } from './keys.js';
import { readHashes, scriptRunner, type RedisConnection } from './redis.js';

export class RedisAcdStore implements AcdStore {
  private readonly run: ReturnType<typeof scriptRunner>;

  constructor(private readonly conn: RedisConnection) {
    this.run = scriptRunner(conn, 'ACD');
  }

  async saveAgent(p: AgentProfile, actor: string, at: Date): Promise<{ created: boolean }> {
    const created = await this.run('acdAgentSave', [keys.agent(p.id), keys.agents(), keys.events()], [p.id, p.name, p.endpoint, JSON.stringify(p.skills), JSON.stringify(p.queues), at.getTime(), at.toISOString(), actor]);
    return { created: created === 1 };
  }

  async removeAgent(agentId: string, actor: string, at: Date): Promise<void> {
    await this.run('acdAgentRemove', [keys.agent(agentId), keys.agents(), keys.events(), keys.agentPin(agentId)], [agentId, at.toISOString(), actor]);
  }
  async setPinHash(agentId: string, pinHash: string, actor: string, at: Date): Promise<void> {
    await this.run('agentPinSet', [keys.agent(agentId), keys.agentPin(agentId), keys.events()], [agentId, pinHash, at.toISOString(), actor]);
  }


  async agentAction(agentId: string, action: AgentAction, reason: string, actor: string, at: Date): Promise<AgentStatus> {
    return (await this.run('acdAgentState', [keys.agent(agentId), keys.events()], [agentId, action, reason, at.getTime(), at.toISOString(), actor])) as AgentStatus;
  }

  async agent(agentId: string): Promise<Agent | undefined> {
    return toAgent(await this.conn.redis.hgetall(keys.agent(agentId)));
  }

  async agents(): Promise<Agent[]> {
    const ids = await this.conn.redis.smembers(keys.agents());
    return (await readHashes(this.conn.redis, ids.map(keys.agent), toAgent)).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async enqueue(c: NewQueuedCall, maxLength: number, at: Date): Promise<{ seq: number; length: number }> {
    const [seq, length] = (await this.run(
      'acdEnqueue',
      [keys.queuedCall(c.callId), keys.queue(c.queueId), keys.queuedCalls(), keys.queueSeq(), keys.events(), keys.queueStats(c.queueId, localDate(at))],
      [c.callId, c.queueId, c.priority, c.enteredAt, c.channelId, c.callerNumber, JSON.stringify(c.data), maxLength, at.toISOString()],
    )) as [number, number];
    return { seq, length };
  }

  async claim(agentId: string, callId: string, why: unknown, engine: string, at: Date): Promise<boolean> {
    try {
      await this.run('acdClaim', [keys.agent(agentId), keys.queuedCall(callId), keys.events()], [agentId, callId, at.getTime(), at.toISOString(), JSON.stringify(why), engine]);
      return true;
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'ACD.AGENT_NOT_AVAILABLE' || error.code === 'ACD.CALL_NOT_WAITING')) return false;
      throw error;
    }
  }

  async setCallChannel(callId: string, channelId: string): Promise<void> {
    await this.setIfQueued(callId, 'channelId', channelId);
  }

  async setOfferLeg(callId: string, legChannelId: string): Promise<void> {
    await this.setIfQueued(callId, 'legChannelId', legChannelId);
  }

  /** Only while the call still exists: a plain HSET would resurrect a call that has left. */
  private async setIfQueued(callId: string, field: string, value: string): Promise<void> {
    await this.conn.redis.eval("if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end", 1, keys.queuedCall(callId), field, value);
  }

  async setConsult(callId: string, consult: Consult | undefined): Promise<void> {
    await this.conn.redis.eval(
      "if redis.call('EXISTS', KEYS[1]) == 1 then if ARGV[1] == '' then redis.call('HDEL', KEYS[1], 'consult') else redis.call('HSET', KEYS[1], 'consult', ARGV[1]) end end",
      1,
      keys.queuedCall(callId),
      consult === undefined ? '' : JSON.stringify(consult),
    );
  }

  async offerEnd(agentId: string, callId: string, outcome: OfferOutcome, agentStatus: 'available' | 'paused', reason: string, at: Date): Promise<boolean> {
    return (await this.run('acdOfferEnd', [keys.agent(agentId), keys.queuedCall(callId), keys.events()], [agentId, callId, outcome, agentStatus, reason, at.getTime(), at.toISOString()])) === 1;
  }

  async connect(agentId: string, callId: string, queueId: string, legChannelId: string, bridgeId: string, at: Date, serviceLevelSeconds = 60): Promise<number | undefined> {
    try {
      return (await this.run('acdConnect', [keys.agent(agentId), keys.queuedCall(callId), keys.queue(queueId), keys.events(), keys.queueStats(queueId, localDate(at))], [agentId, callId, legChannelId, bridgeId, at.getTime(), at.toISOString(), serviceLevelSeconds * 1000])) as number;
    } catch (error) {
      if (error instanceof EngineError && error.code === 'ACD.OFFER_GONE') return undefined;
      throw error;
    }
  }

  async callEnd(agentId: string, callId: string, queueId: string, wrapUpSeconds: number, endedBy: 'caller' | 'agent' | 'asterisk', at: Date): Promise<CallEnded | undefined> {
    const ended = await this.run('acdCallEnd', [keys.agent(agentId), keys.queuedCall(callId), keys.queuedCalls(), keys.handleTimes(queueId), keys.events(), keys.queueStats(queueId, localDate(at))], [agentId, callId, at.getTime(), at.toISOString(), wrapUpSeconds, endedBy]);
    if (ended === null) return undefined;
    const [talkSeconds, flat] = ended as [number, string[]];
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string;
    return { talkSeconds, agent: toAgent(hash) };
  }

  async leave(callId: string, queueId: string, reason: LeaveReason, at: Date): Promise<number | undefined> {
    const waited = await this.run('acdLeave', [keys.queuedCall(callId), keys.queue(queueId), keys.queuedCalls(), keys.events(), keys.queueStats(queueId, localDate(at))], [callId, reason, at.getTime(), at.toISOString()]);
    return waited === null ? undefined : (waited as number);
  }

  async queuedCalls(): Promise<QueuedCall[]> {
    const ids = await this.conn.redis.zrange(keys.queuedCalls(), '0', '-1');
    return readHashes(this.conn.redis, ids.map(keys.queuedCall), toQueuedCall);
  }

  async queuedCall(callId: string): Promise<QueuedCall | undefined> {
    return toQueuedCall(await this.conn.redis.hgetall(keys.queuedCall(callId)));
  }

  async handleTimes(queueId: string): Promise<number[]> {
    return (await this.conn.redis.lrange(keys.handleTimes(queueId), 0, -1)).map((v) => Number(v));
  }

  async queuesNow(queueIds: readonly string[], day: string): Promise<Map<string, { waiting: number; oldestEnteredAt: number | undefined; counters: Record<string, number> }>> {
    const pipeline = this.conn.redis.pipeline();
    for (const q of queueIds) pipeline.zcard(keys.queue(q)).zrange(keys.queue(q), '0', '0', 'WITHSCORES').hgetall(keys.queueStats(q, day));
    const replies = (await pipeline.exec()) ?? [];
    const result = new Map<string, { waiting: number; oldestEnteredAt: number | undefined; counters: Record<string, number> }>();
    queueIds.forEach((q, i) => {
      const [waiting, oldest, stats] = [replies[i * 3]?.[1], replies[i * 3 + 1]?.[1], replies[i * 3 + 2]?.[1]] as [number, string[], Record<string, string>];
      result.set(q, {
        waiting: Number(waiting ?? 0),
        oldestEnteredAt: oldest?.[1] === undefined ? undefined : Number(oldest[1]),
        counters: Object.fromEntries(Object.entries(stats ?? {}).map(([k, v]) => [k, Number(v)])),
      });
    });
    return result;
  }

}

function num(v: string | undefined): number | undefined {
  return v === undefined || v === '' ? undefined : Number(v);
}

function toAgent(h: Record<string, string>): Agent | undefined {
  if (h.id === undefined || h.status === undefined) return undefined;
  const wrapUntil = num(h.wrapUntil);
  return {
    id: h.id,
    name: h.name ?? '',
    endpoint: h.endpoint ?? '',
    skills: JSON.parse(h.skills ?? '{}') as Record<string, number>,
    queues: JSON.parse(h.queues ?? '[]') as string[],
    status: h.status as AgentStatus,
    since: num(h.since) ?? 0,
    reason: h.reason ?? '',
    callId: h.callId ?? '',
    availableSince: num(h.availableSince) ?? 0,
    occupiedSeconds: num(h.occupiedSeconds) ?? 0,
    ...(wrapUntil === undefined ? {} : { wrapUntil }),
  };
}

function toQueuedCall(h: Record<string, string>): QueuedCall | undefined {
  if (h.callId === undefined || h.queueId === undefined) return undefined;
  const connectedAt = num(h.connectedAt);
  const data = JSON.parse(h.data ?? '{}') as Record<string, string>;
  // A place turned into a callback has the field; a callback entered as one has it in its data.
  const callback = h.callback || data.callback;
  return {
    callId: h.callId,
    queueId: h.queueId,
    priority: num(h.priority) ?? 5,
    enteredAt: num(h.enteredAt) ?? 0,
    seq: num(h.seq) ?? 0,
    channelId: h.channelId ?? '',
    callerNumber: h.callerNumber ?? '',
    data,
    status: (h.status ?? 'waiting') as QueuedCallStatus,
    ...(h.agentId ? { agentId: h.agentId } : {}),
    ...(h.legChannelId ? { legChannelId: h.legChannelId } : {}),
    ...(h.bridgeId ? { bridgeId: h.bridgeId } : {}),
    ...(connectedAt === undefined ? {} : { connectedAt }),
    ...(h.consult ? { consult: JSON.parse(h.consult) as Consult } : {}),
    ...(callback ? { callback } : {}),
  };
}
