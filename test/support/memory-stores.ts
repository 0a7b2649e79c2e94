/** In-memory CallStore and EventLog for unit tests of the call logic (the real ones are in src/store). */
import type { SessionStore } from '../../src/agents/sessions.js';
import type { CallRecord, CallStore } from '../../src/calls/call-store.js';
import { EngineError } from '../../src/errors.js';
import type { EngineEvent, EventLog } from '../../src/events/event-log.js';

export class MemoryEventLog implements EventLog {
  readonly events: EngineEvent[] = [];
  append(event: EngineEvent): Promise<string> {
    this.events.push(event);
    return Promise.resolve(String(this.events.length));
  }
  ofType(type: string): EngineEvent[] {
    return this.events.filter((e) => e.type === type);
  }
}

export class MemoryCallStore implements CallStore {
  readonly live = new Map<string, CallRecord>();
  constructor(private readonly log: MemoryEventLog) {}
  async start(call: CallRecord, at: Date): Promise<void> {
    if (this.live.has(call.callId)) throw new EngineError('CALL.EXISTS', call.callId);
    this.live.set(call.callId, call);
    await this.log.append({ type: 'call.started', callId: call.callId, at, data: { flowId: call.flowId, caller: call.callerMasked ?? null, callerKey: call.callerKey ?? null } });
  }
  update(callId: string, fields: Partial<CallRecord>): Promise<boolean> {
    const c = this.live.get(callId);
    if (!c) return Promise.resolve(false);
    this.live.set(callId, { ...c, ...fields });
    return Promise.resolve(true);
  }
  findByChannel(channelId: string): Promise<string | undefined> {
    return Promise.resolve([...this.live.values()].find((c) => c.channelId === channelId)?.callId);
  }
  async end(callId: string, _channelId: string, at: Date, data: Record<string, unknown>): Promise<boolean> {
    if (!this.live.delete(callId)) return false;
    await this.log.append({ type: 'call.ended', callId, at, data });
    return true;
  }
  get(callId: string): Promise<CallRecord | undefined> {
    return Promise.resolve(this.live.get(callId));
  }
  active(): Promise<string[]> {
    return Promise.resolve([...this.live.keys()]);
  }
}

/** A session store with no session, no PIN and no limit reached: for tests of what reads sessions. */
export const NO_SESSIONS: SessionStore = {
  pinHash: () => Promise.resolve(undefined),
  takeAttempt: () => Promise.resolve('ok'),
  attemptSucceeded: () => Promise.resolve(),
  clearAttempts: () => Promise.resolve(),
  saveSession: () => Promise.resolve(),
  session: () => Promise.resolve(undefined),
  deleteSession: () => Promise.resolve(),
  endAgentSessions: () => Promise.resolve(0),
};
