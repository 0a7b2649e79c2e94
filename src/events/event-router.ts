/**
 * One way to act on events as they arrive (from any engine, through the log's tail): each reader
 * subscribes to the types it acts on, by name from the catalogue. Types this engine does not know
 * (written by a newer engine during a rolling upgrade) reach nobody.
 */
import type { Logger } from '../logger.js';
import { isEventType, type EventFields, type EventType } from './catalogue.js';

/** An event as read back from the log. */
export interface ArrivedEvent<T extends EventType = EventType> {
  readonly id: string;
  readonly type: T;
  /** '' for events of no call. */
  readonly callId: string;
  readonly data: Partial<EventFields[T]> & Record<string, unknown>;
}

export type EventHandler = (event: ArrivedEvent) => void;

export class EventRouter {
  private readonly handlers = new Map<EventType, Set<EventHandler>>();

  constructor(private readonly log: Logger) {}

  /** Calls `handler` for each arriving event of these types; returns the unsubscribe function. */
  on(types: readonly EventType[], handler: EventHandler): () => void {
    for (const type of types) {
      let set = this.handlers.get(type);
      if (!set) this.handlers.set(type, (set = new Set()));
      set.add(handler);
    }
    return () => {
      for (const type of types) this.handlers.get(type)?.delete(handler);
    };
  }

  /** Hands an arrived event to its subscribers; one that throws is logged and the others still run. */
  dispatch(event: { readonly id: string; readonly type: string; readonly callId: string; readonly data: Record<string, unknown> }): void {
    if (!isEventType(event.type)) return;
    for (const handler of this.handlers.get(event.type) ?? []) {
      try {
        handler(event as ArrivedEvent);
      } catch (error) {
        this.log.error({ code: 'EVENTS.HANDLER_FAILED', type: event.type, err: error instanceof Error ? error.message : String(error) }, 'events.handler_failed');
      }
    }
  }
}
