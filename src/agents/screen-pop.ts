/**
 * What an agent sees about a call before answering: the caller's number, who the CRM says they
 * are and their open tickets, the way they came through the IVR (topic, choices, digits), the
 * queue and how long they waited. Built once per offer and kept in Redis for the agent's wrap-up.
 */
import type { QueuedCall } from '../acd/index.js';
import type { Citizen, Ticket } from '../crm/index.js';
import type { JourneyStep } from '../ivr/index.js';

export interface ScreenPop {
  readonly callId: string;
  readonly agentId: string;
  readonly queue: string;
  readonly callerNumber: string;
  readonly enteredAt: number;
  readonly offeredAt: number;
  readonly tags: readonly string[];
  readonly journey: readonly JourneyStep[];
  /** What the caller keyed or the flow found (collected digits, ticket number …), empty ones left out. */
  readonly vars: Readonly<Record<string, string>>;
  /** The queue an agent transferred the caller from. */
  readonly transferredFrom?: string;
  /** An internal caller (a colleague, an office) found in the directory by their number. */
  readonly internalCaller?: { readonly name: string; readonly office?: string; readonly extension?: string };
  /** The extension an agent transferred the caller to that did not answer (the caller came back to the queue). */
  readonly returnedFrom?: string;
  /** A callback (the citizen is dialled once the agent answers): its booking, attempt and the note left when booking it. */
  readonly callback?: { readonly id: string; readonly attempt: number; readonly note?: string };
  readonly crm: { readonly available: boolean; readonly citizens: readonly Citizen[]; readonly openTickets: readonly Ticket[] };
}

export interface ScreenPopStore {
  save(pop: ScreenPop): Promise<void>;
  get(callId: string): Promise<ScreenPop | undefined>;
  /** Atomically marks a call's wrap-up as submitted; false if it already was (another tab). */
  claimWrapUp(callId: string): Promise<boolean>;
  /** Undoes the mark when the wrap-up could not be saved, so that it can be submitted again. */
  releaseWrapUp(callId: string): Promise<void>;
}

function parse<T>(raw: string | undefined, fallback: T): T {
  try {
    return raw === undefined ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

/** The IVR's part of a screen-pop, from the queued call's data (pure). */
export function ivrPart(call: QueuedCall): Pick<ScreenPop, 'tags' | 'journey' | 'vars' | 'transferredFrom' | 'returnedFrom' | 'callback'> {
  const vars = parse<Record<string, string>>(call.data.vars, {});
  return {
    // A place kept from the queue is the first attempt; later attempts carry their number.
    ...(call.callback ? { callback: { id: call.callback, attempt: Number(call.data.callbackAttempt ?? '1') || 1, ...(call.data.note ? { note: call.data.note } : {}) } } : {}),
    ...(call.data.transferredFrom ? { transferredFrom: call.data.transferredFrom } : {}),
    ...(call.data.returnedFrom ? { returnedFrom: call.data.returnedFrom } : {}),
    tags: (call.data.tags ?? '').split(',').filter(Boolean),
    journey: parse<JourneyStep[]>(call.data.journey, []),
    vars: Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== '')),
  };
}
