import type { BookingLimits, Callback, CallbackFinal, CallbackKind, CallbackStatus, CallbackStore, NewCallback } from '../callbacks/index.js';
import { EngineError } from '../errors.js';
import { localDate } from '../shared/schedule.js';
import { maskNumber } from '../logger.js';
import { keys } from './keys.js';
import { readHashes, scriptRunner, type RedisConnection } from './redis.js';

const CALLBACK_PREFIX = keys.callback('');
const SLOT_PREFIX = 'cc:callbacks:slot:';
/** A slot's counter is kept until two days after the slot starts. */
const SLOT_KEPT_AFTER_MS = 2 * 86_400_000;

/**
 * How long a slot's counter lives, as a duration from now by the engine's clock: Redis applies it
 * with its own clock (PEXPIRE), so the two clocks need not agree.
 */
export function slotCounterTtlMs(slotStart: number, now: Date): number {
  return Math.max(0, slotStart - now.getTime()) + SLOT_KEPT_AFTER_MS;
}

export class RedisCallbackStore implements CallbackStore {
  private readonly run: ReturnType<typeof scriptRunner>;

  constructor(private readonly conn: RedisConnection) {
    this.run = scriptRunner(conn, 'CALLBACK');
  }

  async book(c: NewCallback, limits: BookingLimits, at: Date): Promise<{ callback: Callback; merged: boolean }> {
    const slotKey = c.slotStart === undefined ? keys.callbackSlot(c.queueId, 0) : keys.callbackSlot(c.queueId, c.slotStart);
    const [merged, rawId] = (await this.run(
      'callbackBook',
      [keys.callback(c.id), keys.callbackOpenFor(c.number), keys.callbacksOpen(), keys.callbackRateNumber(c.number, localDate(at)), keys.callbackRateMinute(Math.floor(at.getTime() / 60_000)), slotKey, keys.events(), keys.queuedCall(c.acdCallId)],
      [
        c.id, c.kind, c.number, c.queueId, c.acdCallId, c.dueAt, c.slotStart ?? '', c.callerId, c.createdBy, c.originCallId ?? '', JSON.stringify(c.data),
        limits.perNumberPerDay, limits.perMinute, c.slotStart === undefined || limits.slotCapacity === undefined ? '' : limits.slotCapacity, limits.acdChannelId ?? '',
        at.getTime(), at.toISOString(), maskNumber(c.number), CALLBACK_PREFIX, slotCounterTtlMs(c.slotStart ?? 0, at),
      ],
    )) as [number, string | Buffer];
    const id = String(rawId);
    const callback = await this.get(id);
    if (!callback) throw new EngineError('CALLBACK.NOT_FOUND', `callback ${id} vanished while booking`);
    return { callback, merged: merged === 1 };
  }

  async get(id: string): Promise<Callback | undefined> {
    return toCallback(await this.conn.redis.hgetall(keys.callback(id)));
  }

  async openFor(number: string): Promise<Callback | undefined> {
    const id = await this.conn.redis.get(keys.callbackOpenFor(number));
    const cb = id === null ? undefined : await this.get(id);
    return cb && (cb.status === 'booked' || cb.status === 'active') ? cb : undefined;
  }

  async open(): Promise<Callback[]> {
    const ids = await this.conn.redis.zrange(keys.callbacksOpen(), '0', '-1');
    return readHashes(this.conn.redis, ids.map(keys.callback), toCallback);
  }

  async bookedInSlots(queueId: string, starts: readonly number[]): Promise<Map<number, number>> {
    if (starts.length === 0) return new Map();
    const values = await this.conn.redis.mget(...starts.map((s) => keys.callbackSlot(queueId, s)));
    return new Map(starts.map((s, i) => [s, Number(values[i] ?? 0)]));
  }

  async startAttempt(id: string, attempt: number, engine: string, at: Date): Promise<Callback | undefined> {
    const started = await this.run('callbackAttemptStart', [keys.callback(id), keys.events()], [attempt, engine, at.toISOString()]);
    return started === 1 ? this.get(id) : undefined;
  }

  async takeOver(id: string, attempt: number, from: string, engine: string, at: Date): Promise<Callback | undefined> {
    const taken = await this.run('callbackTakeOver', [keys.callback(id), keys.events()], [attempt, from, engine, at.toISOString()]);
    return taken === 1 ? this.get(id) : undefined;
  }

  async markDialled(id: string, attempt: number): Promise<boolean> {
    const marked = await this.conn.redis.eval(
      "if redis.call('HGET', KEYS[1], 'status') ~= 'active' or tonumber(redis.call('HGET', KEYS[1], 'dialled') or '0') >= tonumber(ARGV[1]) then return 0 end redis.call('HSET', KEYS[1], 'dialled', ARGV[1]) return 1",
      1,
      keys.callback(id),
      String(attempt),
    );
    return marked === 1;
  }

  async endAttempt(id: string, outcome: string, next: { retryAt: number } | { final: CallbackFinal }, at: Date): Promise<Callback | undefined> {
    const cb = await this.get(id);
    if (!cb) return undefined;
    const ended = await this.run(
      'callbackAttemptEnd',
      [keys.callback(id), keys.callbackOpenFor(cb.number), keys.callbacksOpen(), keys.events()],
      [id, outcome, 'retryAt' in next ? next.retryAt : '', 'final' in next ? next.final : '', at.toISOString()],
    );
    return ended === 1 ? this.get(id) : undefined;
  }

  async cancel(id: string, actor: string, at: Date): Promise<Callback> {
    const cb = await this.get(id);
    if (!cb) throw new EngineError('CALLBACK.NOT_FOUND', `callback ${id} does not exist`);
    await this.run('callbackCancel', [keys.callback(id), keys.callbackOpenFor(cb.number), keys.callbacksOpen(), keys.events()], [id, actor, at.toISOString(), SLOT_PREFIX]);
    return (await this.get(id)) as Callback;
  }

  async move(id: string, dueAt: number, slotStart: number | undefined, slotCapacity: number | undefined, actor: string, at: Date): Promise<Callback> {
    const cb = await this.get(id);
    if (!cb) throw new EngineError('CALLBACK.NOT_FOUND', `callback ${id} does not exist`);
    await this.run(
      'callbackMove',
      [keys.callback(id), keys.callbacksOpen(), keys.events(), keys.callbackSlot(cb.queueId, slotStart ?? 0)],
      [id, dueAt, slotStart ?? '', slotStart === undefined || slotCapacity === undefined ? '' : slotCapacity, actor, at.toISOString(), SLOT_PREFIX, slotCounterTtlMs(slotStart ?? 0, at)],
    );
    return (await this.get(id)) as Callback;
  }

  async refused(number: string, reason: string, detail: string, actor: string, at: Date): Promise<void> {
    await this.conn.redis.xadd(keys.events(), '*', 'type', 'callback.refused', 'callId', '', 'at', at.toISOString(), 'data', JSON.stringify({ number, reason, detail, by: actor }));
  }
}

function toCallback(h: Record<string, string>): Callback | undefined {
  if (!h.id) return undefined;
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    id: h.id,
    kind: h.kind as CallbackKind,
    number: h.number ?? '',
    queueId: h.queueId ?? '',
    acdCallId: h.acdCallId ?? '',
    dueAt: Number(h.dueAt),
    ...(num(h.slotStart) === undefined ? {} : { slotStart: num(h.slotStart) as number }),
    status: h.status as CallbackStatus,
    attempt: Number(h.attempt ?? 0),
    dialled: Number(h.dialled ?? 0),
    ...(h.engine ? { engine: h.engine } : {}),
    ...(h.final ? { final: h.final as CallbackFinal } : {}),
    ...(h.lastOutcome ? { lastOutcome: h.lastOutcome } : {}),
    callerId: h.callerId ?? '',
    createdAt: Number(h.createdAt),
    createdBy: h.createdBy ?? '',
    ...(h.originCallId ? { originCallId: h.originCallId } : {}),
    data: JSON.parse(h.data ?? '{}') as Record<string, string>,
  };
}
