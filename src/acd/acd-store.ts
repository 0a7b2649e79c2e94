/**
 * What the ACD keeps in Redis (the truth that survives a restart and is shared by engines):
 * agents (profile and state) and the calls in its hands (waiting, offered, connected). Every
 * change that two engines could race on is one atomic command.
 */
import { z } from 'zod';
import type { AgentStatus } from './routing.js';

const ID = /^[a-z0-9][a-z0-9._-]*$/;

export const agentProfileSchema = z
  .object({
    id: z.string().regex(ID, 'an agent id: lower-case letters, digits, . _ -').max(64),
    name: z.string().min(1).max(120),
    /** PJSIP endpoint the agent's softphone registers as, e.g. 1001. */
    endpoint: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a PJSIP endpoint name such as 1001'),
    skills: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a skill id'), z.number().int().min(1).max(5)).default({}),
    queues: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a queue id')).default([]),
  })
  .strict();
export type AgentProfile = z.infer<typeof agentProfileSchema>;

/** A state change asked for an agent (by a supervisor, or the agent for themselves). */
export const stateSchema = z
  .object({
    action: z.enum(['login', 'logout', 'ready', 'pause', 'wrapup_done']),
    reason: z.string().optional(),
  })
  .strict();

export interface AgentState {
  readonly status: AgentStatus;
  /** Epoch ms of the last state change. */
  readonly since: number;
  /** Pause reason when paused. */
  readonly reason: string;
  /** The call the agent is reserved for, on, or wrapping up. */
  readonly callId: string;
  readonly availableSince: number;
  readonly occupiedSeconds: number;
  /** Epoch ms the wrap-up ends by itself. */
  readonly wrapUntil?: number;
}

export type Agent = AgentProfile & AgentState;

const AGENT_STATUSES = ['logged_out', 'available', 'reserved', 'on_call', 'wrap_up', 'paused'] as const satisfies readonly AgentStatus[];

/** An agent as the API answers it: profile and state (the OpenAPI document shows it). */
export const agentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  endpoint: z.string(),
  skills: z.record(z.string(), z.number()),
  queues: z.array(z.string()),
  status: z.enum(AGENT_STATUSES),
  since: z.number().describe('epoch ms of the last state change'),
  reason: z.string().describe('the pause reason when paused'),
  callId: z.string().describe('the call the agent is reserved for, on, or wrapping up'),
  availableSince: z.number(),
  occupiedSeconds: z.number(),
  wrapUntil: z.number().optional().describe('epoch ms the wrap-up ends by itself'),
});

/** A queue's counters today (Rome's day), as the Lua scripts keep them. */
export interface QueueCounters {
  readonly entered: number;
  readonly answered: number;
  readonly answeredInSl: number;
  readonly waitMs: number;
  readonly abandoned: number;
  readonly timedOut: number;
  readonly lost: number;
  readonly handled: number;
  readonly talkSeconds: number;
}

export const NO_COUNTERS: QueueCounters = { entered: 0, answered: 0, answeredInSl: 0, waitMs: 0, abandoned: 0, timedOut: 0, lost: 0, handled: 0, talkSeconds: 0 };

/** A queue as it is now: what waits, and today's counters. */
export interface QueueNow {
  readonly id: string;
  readonly name: string;
  readonly serviceLevel: { readonly percent: number; readonly seconds: number };
  /** Calls not yet answered (waiting or ringing an agent). */
  readonly waiting: number;
  /** Entry time (epoch ms) of the longest-waiting one. */
  readonly oldestEnteredAt: number | undefined;
  readonly counters: QueueCounters;
}

export type QueuedCallStatus = 'waiting' | 'offered' | 'connected';

export interface QueuedCall {
  readonly callId: string;
  readonly queueId: string;
  readonly priority: number;
  readonly enteredAt: number;
  readonly seq: number;
  readonly channelId: string;
  readonly callerNumber: string;
  readonly data: Readonly<Record<string, string>>;
  readonly status: QueuedCallStatus;
  readonly agentId?: string;
  readonly legChannelId?: string;
  readonly bridgeId?: string;
  readonly connectedAt?: number;
  /** An announced transfer in progress: the agent is calling this extension while the caller holds. */
  readonly consult?: Consult;
  /** A callback waiting for its turn (no caller on the line; channelId is empty until the citizen answers). */
  readonly callback?: string;
}

export interface Consult {
  readonly extension: string;
  readonly status: 'ringing' | 'talking';
}

export type AgentAction = 'login' | 'logout' | 'ready' | 'pause' | 'wrapup_done';
export type OfferOutcome = 'no_answer' | 'failed' | 'caller_gone' | 'recovered' | 'citizen_unreachable';
/** `callback`: the caller chose to be called back and left; `callback_unreachable`: a callback's citizen did not answer. */
export type LeaveReason = 'abandoned' | 'timeout' | 'shutdown' | 'lost' | 'callback_unreachable' | 'callback_cancelled';

export interface NewQueuedCall {
  readonly callId: string;
  readonly queueId: string;
  readonly priority: number;
  readonly enteredAt: number;
  readonly channelId: string;
  readonly callerNumber: string;
  readonly data: Readonly<Record<string, string>>;
}

/** A conversation's end as the store recorded it. */
export interface CallEnded {
  readonly talkSeconds: number;
  /** The agent as the end left them (wrap-up, or available), undefined if they no longer exist. */
  readonly agent: Agent | undefined;
}

export interface AcdStore {
  saveAgent(profile: AgentProfile, actor: string, at: Date): Promise<{ created: boolean }>;
  removeAgent(agentId: string, actor: string, at: Date): Promise<void>;
  /** Stores the hash of an agent's PIN (audited without it); throws ACD.NO_SUCH_AGENT. */
  setPinHash(agentId: string, pinHash: string, actor: string, at: Date): Promise<void>;
  /** Throws ACD.NO_SUCH_AGENT or ACD.BAD_TRANSITION. */
  agentAction(agentId: string, action: AgentAction, reason: string, actor: string, at: Date): Promise<AgentStatus>;
  agent(agentId: string): Promise<Agent | undefined>;
  agents(): Promise<Agent[]>;
  /** Throws ACD.QUEUE_FULL or ACD.ALREADY_QUEUED. */
  enqueue(call: NewQueuedCall, maxLength: number, at: Date): Promise<{ seq: number; length: number }>;
  /** Reserves the agent for the call; false if another decision won (agent or call taken). */
  claim(agentId: string, callId: string, why: unknown, engine: string, at: Date): Promise<boolean>;
  setOfferLeg(callId: string, legChannelId: string): Promise<void>;
  /** The channel of a callback's citizen once they answered. */
  setCallChannel(callId: string, channelId: string): Promise<void>;
  /** Records (or clears) the announced transfer in progress of a call still in the ACD. */
  setConsult(callId: string, consult: Consult | undefined): Promise<void>;
  /** Ends an open offer; false if it had already ended. */
  offerEnd(agentId: string, callId: string, outcome: OfferOutcome, agentStatus: 'available' | 'paused', reason: string, at: Date): Promise<boolean>;
  /** The waited ms, or undefined when the offer had ended meanwhile. */
  connect(agentId: string, callId: string, queueId: string, legChannelId: string, bridgeId: string, at: Date, serviceLevelSeconds?: number): Promise<number | undefined>;
  /** Talk seconds and the agent as the end left them (undefined if removed), or undefined if the call had already ended. */
  callEnd(agentId: string, callId: string, queueId: string, wrapUpSeconds: number, endedBy: 'caller' | 'agent' | 'asterisk', at: Date): Promise<CallEnded | undefined>;
  /** Ms waited, or undefined if the call was not queued. */
  leave(callId: string, queueId: string, reason: LeaveReason, at: Date): Promise<number | undefined>;
  queuedCalls(): Promise<QueuedCall[]>;
  queuedCall(callId: string): Promise<QueuedCall | undefined>;
  /** Per queue: calls not yet answered, the oldest's entry time, and the day's counters (one round trip). */
  queuesNow(queueIds: readonly string[], day: string): Promise<Map<string, { waiting: number; oldestEnteredAt: number | undefined; counters: Record<string, number> }>>;
  /** Recent handle times (seconds, newest first) of a queue. */
  handleTimes(queueId: string): Promise<number[]>;
}
