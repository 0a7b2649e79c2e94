import type { z } from 'zod';
import type { DirectoryEntry } from '../../directory/index.js';
import type { Logger } from '../../logger.js';
import type { EventType } from '../../events/event-log.js';
import type { CallChannel, PlaybackOutcome } from '../../telephony/telephony.js';
import type { DigitBuffer } from '../digit-buffer.js';
import type { ScheduleStatus } from '../../shared/schedule.js';

/** What a node needs at run time. Never ARI: the same nodes run on live calls and in the simulator. */
export interface NodeRuntime {
  readonly call: CallChannel;
  readonly callId: string;
  readonly flowId: string;
  readonly log: Logger;
  /** Digits pressed and not yet consumed (type-ahead). */
  readonly digits: DigitBuffer;
  /** The call's variables (`set`, `collect`), readable in templates as ${name}. */
  readonly vars: Map<string, string>;
  /** Topic tags (Anagrafe, Tributi …) for reporting and the agent's screen-pop. */
  readonly tags: Set<string>;
  now(): Date;
  /** Media URI of one of the flow's prompts. */
  promptMedia(promptId: string): string;
  /** Plays media; with bargeIn a digit stops it (and is kept for the next node). */
  play(media: readonly string[], bargeIn: boolean): Promise<PlaybackOutcome>;
  /** Replaces ${name} with the call's variables (and ${caller}, ${dialled}). */
  resolve(template: string): string;
  /** State of a schedule (ivr-flows/schedules.yaml) now. */
  schedule(scheduleId: string): ScheduleStatus;
  /** True when an emergency announcement is active for this flow. */
  emergencyActive(): boolean;
  /** The announcements active for this flow when the call started, emergencies first. */
  announcements(): readonly { readonly id: string; readonly kind: 'emergency' | 'info'; readonly media: string }[];
  /** The steps this call has been through so far (for the agent's screen-pop). */
  journey(): readonly JourneyStep[];
  /** Appends an event about this call to the append-only log. */
  record(type: EventType, data: Record<string, unknown>): Promise<void>;
  /** Notes that this step is about to run, for an engine adopting the call after a crash (absent: not kept). */
  checkpoint?(nodeId: string): void;
  /** Runs another flow's nodes on this call; resolves when it ends or returns. */
  runSubflow(flowId: string): Promise<'returned' | 'ended'>;
  /** Connects the caller to an extension or number; 'failed' if nobody answers in time. */
  transfer(target: TransferTarget, timeoutSeconds: number): Promise<'connected' | 'failed'>;
  /**
   * Waits in an ACD queue until an operator has answered and the conversation is over
   * ('answered'), or the caller must leave the queue (the exit reasons).
   */
  queue(request: QueueRequest): Promise<QueueResult>;
  /** Recognises the caller in the CRM, within its time budget; never throws (unknown on failure). */
  recogniseCaller(): Promise<CallerRecognition>;
  /** Opens a ticket for this call in the CRM, within its time budget; undefined if it failed. */
  openTicket(request: TicketRequest): Promise<{ readonly number: number } | undefined>;
  /** True for one call in `oneIn`, decided when asked (surveys sample their callers). */
  sample(oneIn: number): boolean;
  /** Flags the call for the back office's review (a low survey score); undefined if the CRM failed. */
  flagForReview(request: ReviewRequest): Promise<ReviewTicket | undefined>;
  /** The telephone directory as it is now (undefined when the engine has none). */
  directory(): IvrDirectory | undefined;
  /** Media that say this Italian text in the engine's voice (rendered on demand, then kept). */
  speak(text: string): Promise<string>;
  /** Callbacks for this caller (undefined when the engine books none). */
  callbacks(): IvrCallbacks | undefined;
}

/** The number guard's answer: the number to call and its digits to read back, or why not. */
export type CallbackNumber = { readonly allowed: true; readonly e164: string; readonly digits: string } | { readonly allowed: false; readonly reason: string };

/** A booked callback as the IVR tells it: `when` is how it is said ("domani alle 10", or "appena sarà il suo turno"). */
export interface IvrBooking {
  readonly id: string;
  readonly kind: 'keep_place' | 'scheduled';
  readonly queueId: string;
  readonly when: string;
}

/** A slot the caller may choose, with how it is said. */
export interface IvrSlot {
  readonly start: Date;
  readonly spoken: string;
}

/** Why a callback was not booked. */
export type CallbackRefusal = 'number_refused' | 'rate_limited' | 'slot_full' | 'no_slots' | 'failed';

/** What a flow books for the caller (the runtime adds the call and, for keep-my-place, the place held in the queue). */
export interface IvrBookRequest {
  readonly number: string;
  readonly queueId: string;
  readonly kind: 'keep_place' | 'scheduled';
  readonly at?: Date;
  /** For the agent's screen-pop (journey, variables, topic). */
  readonly data: Readonly<Record<string, string>>;
}

export type IvrBooked = { readonly booking: IvrBooking; readonly merged: boolean } | { readonly refused: CallbackRefusal; readonly detail: string };

/** Callbacks as one call's flow sees them. */
export interface IvrCallbacks {
  check(number: string): CallbackNumber;
  freeSlots(queueId: string, limit: number): Promise<readonly IvrSlot[]>;
  book(request: IvrBookRequest): Promise<IvrBooked>;
  /** The open callback of this number (a caller calling again). */
  openFor(number: string): Promise<IvrBooking | undefined>;
  cancel(id: string): Promise<void>;
}

/**
 * Callbacks as the engine offers them to flows (src/callbacks/ivr-callbacks.ts): the runtime
 * binds the call. `place`: the caller's place held in that queue (they chose the callback while
 * waiting), which the booking keeps.
 */
export interface IvrCallbackService {
  check(number: string): CallbackNumber;
  freeSlots(queueId: string, limit: number): Promise<readonly IvrSlot[]>;
  book(request: IvrBookRequest & { readonly callId: string; readonly place?: { readonly channelId: string } }, log: Logger): Promise<IvrBooked>;
  openFor(number: string): Promise<IvrBooking | undefined>;
  cancel(id: string, callId: string): Promise<void>;
}

/** What the centralino needs of the directory (DirectoryIndex). */
export interface IvrDirectory {
  byName(digits: string, limit: number, offset: number): { readonly entries: readonly DirectoryEntry[]; readonly total: number };
  byExtension(extension: string): DirectoryEntry | undefined;
  offices(): readonly DirectoryEntry[];
}

/**
 * Who the caller is, as far as the CRM knows: `known` (one citizen has this number), `ambiguous`
 * (several share it), `unknown`, `anonymous` (no usable number), or the CRM did not answer in
 * time (`timeout`, `failed`, `unavailable` when no CRM is configured). Open tickets are the
 * citizen's, or for an unknown caller those left from the same number.
 */
export interface CallerRecognition {
  readonly outcome: 'known' | 'ambiguous' | 'unknown' | 'anonymous' | 'timeout' | 'failed' | 'unavailable';
  readonly citizen?: { readonly id: string; readonly firstName: string; readonly lastName: string; readonly language: string };
  readonly openTickets: readonly { readonly number: number; readonly status: string; readonly category: string }[];
}

/** A ticket a flow opens (e.g. a request left outside opening hours). */
export interface TicketRequest {
  readonly category: string;
  readonly subject: string;
  readonly level: 'primo_livello' | 'back_office' | 'secondo_livello';
  readonly department?: string;
}

/** A call to review (a low survey score): the note says what was answered, by whom and the journey. */
export interface ReviewRequest {
  readonly category: string;
  readonly subject: string;
  readonly department: string;
  readonly note: string;
}

/** The ticket a review went to: opened for it, or the call's own ticket with a note added. */
export interface ReviewTicket {
  readonly number: number;
  readonly action: 'created' | 'updated';
}

/** What the IVR needs of the CRM: bounded in time, failures already logged and counted. */
export interface IvrCrm {
  flagForReview(request: ReviewRequest & { readonly callId: string; readonly callerNumber: string; readonly citizenId?: string }, log: Logger): Promise<ReviewTicket | undefined>;
  recognise(callerNumber: string, log: Logger): Promise<CallerRecognition>;
  openTicket(request: TicketRequest & { readonly callId: string; readonly callerNumber: string; readonly citizenId?: string; readonly tags: readonly string[] }, log: Logger): Promise<{ readonly number: number } | undefined>;
}

/** One step of a call's way through the IVR, as the agent sees it. */
export interface JourneyStep {
  readonly node: string;
  readonly type: string;
  /** The key chosen in a menu, the outcome of a lookup or ticket… */
  readonly choice?: string;
}

/** A caller handed to an ACD queue by a flow. */
export interface QueueRequest {
  readonly queue: string;
  readonly priority: number;
  /** Data for the agent's screen-pop (resolved templates). */
  readonly data: Readonly<Record<string, string>>;
  /** The call's topic tags so far. */
  readonly tags: readonly string[];
  /** The caller may ask to be called back (key 2), offered once the estimated wait reaches this many minutes (0: at once). */
  readonly offerCallback?: { readonly afterMinutes: number };
  /** The flow goes on with the caller when the agent hangs up first (a survey): the ACD leaves their channel up. */
  readonly keepCaller?: boolean;
}

/** Why a caller left a queue without an operator: the flow's exit branch decides what next. */
export type QueueExit = 'timeout' | 'no_agents' | 'full' | 'unavailable';
/** `callback`: the caller asked to be called back; their place is kept while the flow books it. */
/** `answered` with `endedBy: 'agent'`: the agent hung up first and the caller is still on the line (only when the request kept the caller). */
export type QueueResult =
  | { readonly outcome: 'answered'; readonly endedBy?: 'agent'; readonly agentId?: string }
  | { readonly outcome: 'callback' }
  | { readonly outcome: QueueExit };

export type TransferTarget = { readonly extension: string } | { readonly number: string };

/**
 * `next` names the node to go to; `end` finishes the flow (the call was released, transferred or
 * queued). `detail` is recorded in the call's journey (digits pressed, outcome).
 */
export type NodeResult =
  | { readonly next: string; readonly detail?: Record<string, unknown> }
  | { readonly end: 'hangup' | 'transferred' | 'queued' | 'returned'; readonly detail?: Record<string, unknown> };

/** One node type: its schema, the nodes and prompts it refers to, and what it does. */
export interface NodeType<S extends z.ZodType<{ type: string }>> {
  readonly type: string;
  readonly schema: S;
  nextNodes(node: z.infer<S>): string[];
  promptRefs(node: z.infer<S>): string[];
  run(node: z.infer<S>, rt: NodeRuntime): Promise<NodeResult>;
}

/** Shared schema pieces. */
export const NODE_ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
export const NODE_ID_MESSAGE = 'a node id: lower-case letters, digits, _ or -, starting with a letter';
