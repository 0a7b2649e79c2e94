/**
 * The append-only log of every call and ACD event (a Redis stream). Reporting and KPIs read it;
 * nothing rewrites it. Every type is in the event catalogue (./catalogue.ts), with its fields.
 */
import type { EventType } from './catalogue.js';

export type { EventFields, EventType } from './catalogue.js';

export interface EngineEvent {
  readonly type: EventType;
  readonly callId?: string;
  readonly at: Date;
  readonly data?: Record<string, unknown>;
}

export interface EventLog {
  append(event: EngineEvent): Promise<string>;
}
