/**
 * What callbacks keep in Redis: one booking per citizen's number while it is open (a second
 * request is merged into it), its attempts and its final outcome. Every change is one atomic
 * command with its event in the log; starting an attempt is a compare-and-set, so a callback is
 * dialled once per attempt whichever engine (or how many) runs it.
 */

export type CallbackKind = 'keep_place' | 'scheduled';
/** booked: waiting for its time; active: in the ACD's queue waiting for its turn, or being dialled. */
export type CallbackStatus = 'booked' | 'active' | 'completed' | 'cancelled';
/** How a callback ended for good. */
export type CallbackFinal = 'answered' | 'unreachable' | 'refused' | 'cancelled';

export interface Callback {
  readonly id: string;
  readonly kind: CallbackKind;
  /** E.164, as checked by the number policy. */
  readonly number: string;
  readonly queueId: string;
  /** The ACD entry the callback waits as (for keep-my-place, the caller's own place). */
  readonly acdCallId: string;
  /** Epoch ms the next attempt is due. */
  readonly dueAt: number;
  /** Epoch ms of the booked slot's start (scheduled callbacks). */
  readonly slotStart?: number;
  readonly status: CallbackStatus;
  /** Attempts started so far. */
  readonly attempt: number;
  /** The engine working on the attempt in progress. */
  readonly engine?: string;
  readonly final?: CallbackFinal;
  /** The last attempt that dialled the citizen (never twice the same). */
  readonly dialled: number;
  /** Outcome of the last attempt (no_answer, busy, failed…). */
  readonly lastOutcome?: string;
  /** The number presented to the citizen (the service they called). */
  readonly callerId: string;
  readonly createdAt: number;
  readonly createdBy: string;
  /** The call the request came from (its journey is in `data`). */
  readonly originCallId?: string;
  /** For the agent's screen-pop: journey, variables, topic, a note. */
  readonly data: Readonly<Record<string, string>>;
}

export type NewCallback = Pick<Callback, 'id' | 'kind' | 'number' | 'queueId' | 'acdCallId' | 'dueAt' | 'slotStart' | 'callerId' | 'createdBy' | 'originCallId' | 'data'>;

export interface BookingLimits {
  readonly perNumberPerDay: number;
  readonly perMinute: number;
  /** For a scheduled callback: what its slot can take in all. */
  readonly slotCapacity?: number;
  /** Keep-my-place: the caller's ACD entry to turn into the callback (it must still hold this channel). */
  readonly acdChannelId?: string;
}

export interface CallbackStore {
  /**
   * Books a callback, or returns the open one for the same number (merged). Throws
   * CALLBACK.RATE_LIMITED, CALLBACK.SLOT_FULL or CALLBACK.PLACE_GONE (the caller left the queue).
   */
  book(callback: NewCallback, limits: BookingLimits, at: Date): Promise<{ readonly callback: Callback; readonly merged: boolean }>;
  get(id: string): Promise<Callback | undefined>;
  /** The open (booked or active) callback of a number. */
  openFor(number: string): Promise<Callback | undefined>;
  /** Open callbacks, soonest due first. */
  open(): Promise<Callback[]>;
  /** Booked callbacks per slot start of a queue. */
  bookedInSlots(queueId: string, starts: readonly number[]): Promise<Map<number, number>>;
  /**
   * Starts attempt number `attempt` (compare-and-set: the callback is booked and has made
   * attempt − 1 attempts); undefined if another engine started it, or it is no longer open.
   */
  startAttempt(id: string, attempt: number, engine: string, at: Date): Promise<Callback | undefined>;
  /**
   * Takes over attempt `attempt` from the engine `from` that was working on it (it stopped or
   * died: its job's lock expired) for `engine`; undefined if another engine took it first.
   */
  takeOver(id: string, attempt: number, from: string, engine: string, at: Date): Promise<Callback | undefined>;
  /** Records that attempt `attempt` dials the citizen now; false if it already did (dialled once). */
  markDialled(id: string, attempt: number): Promise<boolean>;
  /** Ends the attempt in progress: booked again for `retryAt`, or completed with `final`. */
  endAttempt(id: string, outcome: string, next: { readonly retryAt: number } | { readonly final: CallbackFinal }, at: Date): Promise<Callback | undefined>;
  /** Throws CALLBACK.NOT_FOUND or CALLBACK.NOT_OPEN. */
  cancel(id: string, actor: string, at: Date): Promise<Callback>;
  /** Moves a booked callback to another time (and slot); throws CALLBACK.NOT_FOUND, NOT_OPEN or SLOT_FULL. */
  move(id: string, dueAt: number, slotStart: number | undefined, slotCapacity: number | undefined, actor: string, at: Date): Promise<Callback>;
  /** Audits a refused request (the number masked by the caller of this method). */
  refused(number: string, reason: string, detail: string, actor: string, at: Date): Promise<void>;
}
