/**
 * One record per call, folded from the call's events in the log (cc:events), in order: the first
 * piece of reporting (#22). Pure: the events in, the record out; the store that keeps the records
 * for months and the KPIs over them come on top. An event type the fold does not know is ignored
 * (the catalogue grows); a call whose `call.ended` has not been seen yet is `complete: false`.
 */
import type { EventFields, EventType } from '../events/catalogue.js';

/** An event as read back from the log. */
export interface LoggedEvent {
  readonly type: string;
  /** ISO time. */
  readonly at: string;
  readonly data: Record<string, unknown>;
}

/** The caller's time in one queue, and how it ended. */
export interface QueueVisit {
  readonly queue: string;
  readonly enteredAt: string;
  /**
   * waiting: no end seen yet; callback: the caller chose to be called back (their hanging up
   * afterwards is not an abandon); lost: cut off by a failure (Asterisk, the engine), never the
   * caller's doing.
   */
  outcome: 'waiting' | 'answered' | 'abandoned' | 'left' | 'callback' | 'lost';
  /** Why the caller left without an agent (acd.leave's reason: timeout, no_agents, shutdown …). */
  reason?: string;
  waitedMs?: number;
  /** The caller's place when they entered (the queue's length then). */
  position?: number;
  agentId?: string;
  talkSeconds?: number;
  /** Of the talk, how long the caller held while the agent consulted an extension (an announced transfer). */
  holdSeconds?: number;
  wrapUpSeconds?: number;
  /** Who ended the conversation. */
  endedBy?: string;
}

/** One step of the caller's way through the flow. */
export interface PathStep {
  readonly node: string;
  readonly nodeType: string;
  readonly at: string;
  /** A menu's key that chose the way on. */
  readonly choice?: string;
  /** Why the step gave up (a menu's no_input / invalid, a collect's, a callback refused …). */
  readonly failed?: string;
}

/** The satisfaction survey of a call (ivr/nodes/survey.ts): how far the caller went, and what they answered. */
export interface SurveyRecord {
  readonly survey: string;
  offered: boolean;
  accepted: boolean;
  started: boolean;
  completed: boolean;
  /** The operator rated and their queue (the last one, who hung up first). */
  agentId?: string;
  queue?: string;
  readonly answers: { readonly question: string; readonly scale: string; readonly value: number; reason?: string }[];
  /** The ticket a low score went to, for review. */
  flaggedTicket?: number;
}

export interface CallRecord {
  readonly callId: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  flowId?: string;
  flowVersion?: string;
  dialledNumber?: string;
  /** The caller's number masked ("+39333****567"), for people reading a list of calls. */
  caller?: string;
  /** The caller's pseudonymous key (calls/caller-identity.ts): the same for every call of a number. */
  callerKey?: string;
  outcome?: string;
  endedBy?: string;
  /** The flow's steps in order: where the caller went, and the last one is where they left the IVR. */
  readonly path: PathStep[];
  readonly topics: string[];
  readonly queues: QueueVisit[];
  readonly tickets: number[];
  readonly callbacks: string[];
  /** Adopted by another engine after a restart (and resumed where the caller was). */
  recovered: boolean;
  /** The satisfaction survey, when the caller was invited to one. */
  survey?: SurveyRecord;
  complete: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The fields of a known event (the log is JSON: checked where read, field by field). */
type Fields<T extends EventType> = Partial<Record<keyof EventFields[T], unknown>>;

export function callRecord(callId: string, events: readonly LoggedEvent[]): CallRecord {
  const r: CallRecord = { callId, path: [], topics: [], queues: [], tickets: [], callbacks: [], recovered: false, complete: false };
  /** The caller on hold since (ms), while the agent consults: the visit answered last. */
  let holdSince: { visit: QueueVisit; ms: number } | undefined;
  const endHold = (at: string): void => {
    if (!holdSince) return;
    holdSince.visit.holdSeconds = (holdSince.visit.holdSeconds ?? 0) + Math.max(0, Math.round((Date.parse(at) - holdSince.ms) / 1000));
    holdSince = undefined;
  };
  /** The visit to this queue still open (the last one: a caller may come back to a queue after a transfer). */
  const open = (queue: unknown): QueueVisit | undefined => [...r.queues].reverse().find((q) => q.queue === queue && (q.outcome === 'waiting' || q.outcome === 'answered'));
  const addTopics = (tags: unknown): void => {
    if (Array.isArray(tags)) for (const t of tags) if (typeof t === 'string' && !r.topics.includes(t)) r.topics.push(t);
  };
  for (const e of events) {
    switch (e.type) {
      case 'call.started': {
        const d = e.data as Fields<'call.started'>;
        r.startedAt = e.at;
        r.flowId = text(d.flowId);
        r.flowVersion = text(d.flowVersion);
        r.dialledNumber = text(d.dialledNumber);
        r.caller = text(d.caller);
        r.callerKey = text(d.callerKey);
        break;
      }
      case 'call.ended': {
        const d = e.data as Fields<'call.ended'>;
        r.endedAt = e.at;
        r.durationMs = num(d.durationMs);
        r.outcome = text(d.outcome);
        r.endedBy = text(d.endedBy);
        r.complete = true;
        break;
      }
      case 'call.recovered':
      case 'ivr.resumed':
        r.recovered = true;
        break;
      case 'ivr.node': {
        const d = e.data as Fields<'ivr.node'>;
        const node = text(d.node);
        const raw = e.data;
        const choice = typeof raw.choice === 'string' ? raw.choice : undefined;
        const failed = typeof raw.failed === 'string' ? raw.failed : undefined;
        if (node !== undefined) r.path.push({ node, nodeType: text(d.nodeType) ?? '', at: e.at, ...(choice === undefined ? {} : { choice }), ...(failed === undefined ? {} : { failed }) });
        break;
      }
      case 'call.tagged':
      case 'queue.requested':
        addTopics((e.data as Fields<'call.tagged'>).tags);
        break;
      case 'acd.enter': {
        const d = e.data as Fields<'acd.enter'>;
        const queue = text(d.queue);
        const position = num(d.length);
        if (queue !== undefined) r.queues.push({ queue, enteredAt: e.at, outcome: 'waiting', ...(position === undefined ? {} : { position }) });
        break;
      }
      case 'acd.answer': {
        const d = e.data as Fields<'acd.answer'>;
        const visit = open(d.queue);
        if (visit) Object.assign(visit, { outcome: 'answered', agentId: text(d.agentId), waitedMs: num(d.waitedMs) });
        break;
      }
      case 'acd.call_ended': {
        endHold(e.at);
        const d = e.data as Fields<'acd.call_ended'>;
        const visit = open(d.queue);
        if (visit) Object.assign(visit, { talkSeconds: num(d.talkSeconds), wrapUpSeconds: num(d.wrapUpSeconds), endedBy: text(d.endedBy) });
        break;
      }
      case 'acd.abandon':
      case 'acd.leave': {
        const d = e.data as Fields<'acd.leave'>;
        // After "call me back", a booking turns the caller's place into the callback (nothing is
        // logged here then): a place given up afterwards was left with no callback booked.
        const visit = [...r.queues].reverse().find((q) => q.queue === d.queue && (q.outcome === 'waiting' || q.outcome === 'callback'));
        const reason = text(d.reason);
        // The callback's own end (unreachable, cancelled) is not the call's: it stays a callback.
        if (!visit || (visit.outcome === 'callback' && e.type !== 'acd.abandon' && reason !== 'lost')) break;
        visit.waitedMs = num(d.waitedMs);
        if (e.type === 'acd.abandon') visit.outcome = 'abandoned';
        else if (reason === 'lost') visit.outcome = 'lost';
        else Object.assign(visit, { outcome: 'left', reason });
        break;
      }
      case 'acd.consult_started': {
        const visit = [...r.queues].reverse().find((q) => q.outcome === 'answered');
        if (visit) holdSince = { visit, ms: Date.parse(e.at) };
        break;
      }
      case 'acd.consult_failed':
      case 'acd.consult_ended':
      case 'acd.transferred':
        endHold(e.at);
        break;
      case 'acd.callback_chosen': {
        const visit = open((e.data as Fields<'acd.callback_chosen'>).queue);
        if (visit?.outcome === 'waiting') visit.outcome = 'callback';
        break;
      }
      case 'callback.booked': {
        const id = text((e.data as Fields<'callback.booked'>).callback);
        if (id !== undefined && !r.callbacks.includes(id)) r.callbacks.push(id);
        break;
      }
      case 'ticket.created':
      case 'crm.ticket_created': {
        const n = num((e.data as Fields<'ticket.created'>).number);
        if (n !== undefined && !r.tickets.includes(n)) r.tickets.push(n);
        break;
      }
      default:
        if (e.type.startsWith('survey.')) foldSurvey(r, e);
        break;
    }
  }
  return r;
}

/** A survey event into the call's survey (one survey per call: another survey's events are ignored). */
function foldSurvey(r: CallRecord, e: LoggedEvent): void {
  const name = text(e.data.survey);
  if (name === undefined) return;
  if (e.type === 'survey.offered' && r.survey === undefined) r.survey = { survey: name, offered: true, accepted: false, started: false, completed: false, answers: [] };
  const s = r.survey;
  if (s?.survey !== name) return;
  switch (e.type) {
    case 'survey.accepted':
      s.accepted = true;
      break;
    case 'survey.started': {
      const d = e.data as Fields<'survey.started'>;
      s.started = true;
      const agentId = text(d.agentId);
      const queue = text(d.queue);
      if (agentId) s.agentId = agentId;
      if (queue) s.queue = queue;
      break;
    }
    case 'survey.answered': {
      const d = e.data as Fields<'survey.answered'>;
      const question = text(d.question);
      const scale = text(d.scale);
      const value = num(d.value);
      if (question !== undefined && scale !== undefined && value !== undefined) s.answers.push({ question, scale, value });
      break;
    }
    case 'survey.reason': {
      const d = e.data as Fields<'survey.reason'>;
      const answer = s.answers.find((a) => a.question === text(d.question));
      const reason = text(d.reason);
      if (answer && reason !== undefined) answer.reason = reason;
      break;
    }
    case 'survey.completed':
      s.completed = true;
      break;
    case 'survey.flagged': {
      const ticket = num((e.data as Fields<'survey.flagged'>).ticket);
      if (ticket !== undefined) s.flaggedTicket = ticket;
      break;
    }
    default:
      break;
  }
}
