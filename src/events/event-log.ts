/**
 * The append-only log of every call and ACD event (a Redis stream). Reporting and KPIs read it;
 * nothing rewrites it. Event types are dot-cased: `call.started`, `prompt.finished`.
 */
export interface EngineEvent {
  readonly type: string;
  readonly callId?: string;
  readonly at: Date;
  readonly data?: Record<string, unknown>;
}

export interface EventLog {
  append(event: EngineEvent): Promise<string>;
}
