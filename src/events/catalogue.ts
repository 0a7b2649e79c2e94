/**
 * The event catalogue: every event the engine appends to its log (cc:events), with its fields,
 * who writes it and who reads it. An event type not listed here does not compile (EngineEvent's
 * `type`), and scripts/check-events.ts (run by `npm test`) checks that what the Lua scripts and the stores
 * write is listed, and that nothing listed has stopped being written. Reporting reads them all.
 */

type Id = string;
/** ISO time. */
type Iso = string;

/** The fields each event carries in `data` (the event's `callId` and `at` are beside them). */
export interface EventFields {
  // --- calls and the IVR (each IVR event also carries flowId and flowVersion) ----------------
  /** caller: the number masked; callerKey: its pseudonymous key (calls/caller-identity.ts), null when none. */
  'call.started': { flowId: Id; flowVersion: string; dialledNumber: string; source: string; caller: string | null; callerKey: string | null };
  'call.ended': { outcome: string; endedBy: string; visited: readonly string[]; durationMs: number };
  'call.recovered': { channelId: Id };
  'ivr.resumed': { flowId: Id; node: Id; version: number | null };
  'call.tagged': { tags: readonly string[] };
  'call.transfer': { to: unknown; outcome: string };
  'prompt.played': { prompts: readonly string[]; outcome: string };
  'ivr.node': { node: Id; nodeType: string; next?: Id; detail?: Record<string, unknown> };
  'queue.requested': { queue: Id; priority: number; tags: readonly string[]; data: Record<string, string> };
  'queue.exit': { queue: Id; reason: string };
  'crm.lookup': { outcome: string; citizenId: Id | null; openTickets: readonly number[] };
  'directory.search': { mode: string; keys: number; matches: number };
  'ticket.created': { number: number; category: string };
  'ticket.failed': { category: string };
  'callback.not_booked': { queue: Id; reason: string };
  // --- the satisfaction survey (a flow's survey step; ivr/nodes/survey.ts) ----------------------
  'survey.offered': { survey: Id; when: 'before' | 'after'; oneIn: number };
  'survey.accepted': { survey: Id };
  'survey.declined': { survey: Id; reason: 'no_input' | 'other_key' };
  /** agentId, queue: the operator the caller rates (the last one, who hung up). */
  'survey.started': { survey: Id; agentId: Id | null; queue: Id | null };
  /** value: higher is better (ivr/nodes/survey-scales.ts). */
  'survey.answered': { survey: Id; question: Id; scale: '1-5' | 'faces' | '0-10'; value: number };
  'survey.reason': { survey: Id; question: Id; reason: string };
  'survey.skipped': { survey: Id; question: Id };
  'survey.completed': { survey: Id; answered: number };
  'survey.flagged': { survey: Id; ticket: number | null; action: 'created' | 'updated' | 'failed' };
  // --- the ACD ----------------------------------------------------------------------------------
  'acd.enter': { queue: Id; priority: number; length: number };
  'acd.no_agents': { queue: Id };
  'acd.announcement': { queue: Id; position: number | undefined; minutes: number | null; callbackOffered: boolean };
  'acd.callback_chosen': { queue: Id; position: number | null };
  'acd.offer': { agentId: Id; queue: Id; why: unknown };
  'acd.no_answer': { agentId: Id; outcome: 'no_answer' | 'failed'; agentStatus: string; reason: string };
  'acd.offer_cancelled': { agentId: Id; outcome: string; agentStatus: string; reason: string };
  'acd.answer': { agentId: Id; queue: Id; waitedMs: number };
  'acd.call_ended': { agentId: Id; queue: Id; talkSeconds: number; endedBy: 'caller' | 'agent' | 'asterisk'; wrapUpSeconds: number };
  'acd.abandon': { queue: Id; reason: 'abandoned'; waitedMs: number };
  'acd.leave': { queue: Id; reason: string; waitedMs: number };
  'acd.resumed': { queue: Id; status: string };
  'acd.transfer_requested': { agentId: Id; from: Id; queue?: Id; extension?: string; mode?: 'blind' | 'announced'; requestId: string };
  'acd.transferred': { agentId: Id; from: Id; to: string; kind: 'queue' | 'extension'; mode: 'blind' | 'announced'; talkSeconds: number | null };
  'acd.extension_transfer': { queue: Id; extension: string; outcome: string };
  'acd.consult_started': { agentId: Id; extension: string };
  'acd.consult_answered': { agentId: Id; extension: string };
  'acd.consult_failed': { agentId: Id; extension: string; reason: string };
  'acd.consult_ended': { agentId: Id; extension: string; reason: 'caller' | 'extension' | 'cancelled' };
  'acd.consult_complete_requested': { agentId: Id; extension: string; requestId: string };
  'acd.consult_cancel_requested': { agentId: Id; extension: string; requestId: string };
  // --- agents and their desktop -----------------------------------------------------------------
  'agent.saved': { agentId: Id; by: string; created: boolean; name?: string; endpoint?: string; skills?: Record<string, number>; queues?: readonly Id[] };
  'agent.removed': { agentId: Id; by: string };
  'agent.pin_set': { agentId: Id; by: string };
  'agent.state': { agentId: Id; from: string; to: string; action: string; reason: string; by: string };
  'agent.sessions_ended': { agentId: Id; reason: 'pin_changed' | 'removed'; sessions: number; by: string };
  'desktop.wrap_up': { agentId: Id; outcome: string; ticket: number | null; ticketAction: 'created' | 'updated' | null };
  // --- callbacks --------------------------------------------------------------------------------
  'callback.booked': { callback: Id; kind: string; queue: Id; dueAt: number; number: string; by: string };
  'callback.merged': { callback: Id; kind: string; number: string; by: string };
  'callback.moved': { callback: Id; by: string; from: number; to: number };
  'callback.cancelled': { callback: Id; by: string; was: string };
  'callback.refused': { number: string; reason: string; detail: string; by: string };
  'callback.attempt_started': { callback: Id; attempt: number; engine: string };
  'callback.attempt_ended': { callback: Id; attempt: number; outcome: string; retryAt?: number; final?: string };
  'callback.taken_over': { callback: Id; attempt: number; from: string; engine: string };
  // --- CRM, directory, announcements, versions --------------------------------------------------
  'crm.failed': { operation: string; code: string; elapsedMs: number };
  'crm.ticket_created': { number: number; category: string; level: string; channel: string; by: string };
  'crm.ticket_updated': { number: number; status: string; level: string; changed: readonly string[]; noted: boolean; by: string };
  'directory.updated': { version: number; source: string; entries: number; added: number; removed: number; changed: number; by: string };
  'announcement.on': { id: Id; kind: string; text: string; flows: readonly Id[]; startsAt?: Iso; endsAt?: Iso; updatedBy: string; updatedAt: Iso };
  'announcement.off': { id: Id; updatedBy: string };
  'flow.published': { flowId: Id; version: number; created: boolean; author: string; message: string };
  'flow.rolled_back': { flowId: Id; version: number; previous: number | null; author: string };
  'flow.draft_saved': { flowId: Id; hash: string; author: string; message: string };
  'queues.published': { flowId: Id; version: number; created: boolean; author: string; message: string };
  'queues.rolled_back': { flowId: Id; version: number; previous: number | null; author: string };
}

export type EventType = keyof EventFields;

export interface CatalogueEntry {
  /** What happened, in a line. */
  readonly about: string;
  /** Where it is written: a Lua script (atomically with the change it records) or a module. */
  readonly writer: string;
  /** Who acts on it as it arrives (every event is also read by reporting, from the log). */
  readonly readers: readonly string[];
}

const ivr = 'ivr/call-runtime (a flow step)';
const REPORTS = 'reports/call-record';

/** Every event: a Record over EventType, so a type without an entry, or an entry without a type, does not compile. */
export const EVENT_CATALOGUE: Readonly<Record<EventType, CatalogueEntry>> = {
  'call.started': { about: 'a call entered the engine', writer: 'store/lua/call-start.lua', readers: ['metrics/engine-metrics'] },
  'call.ended': { about: 'a call left the engine, with how and the nodes visited', writer: 'store/lua/call-end.lua', readers: ['metrics/engine-metrics'] },
  'call.recovered': { about: 'a call found in Asterisk after a restart was adopted', writer: 'calls/call-handler', readers: [] },
  'ivr.resumed': { about: 'an adopted call went on in its flow from the step a crashed engine left it in', writer: 'calls/call-handler', readers: ['metrics/engine-metrics'] },
  'call.tagged': { about: 'a flow step tagged the call with topics', writer: ivr, readers: [] },
  'call.transfer': { about: 'a flow transferred the caller to an extension or number', writer: ivr, readers: ['ivr/simulator'] },
  'prompt.played': { about: 'prompts were played to the caller (finished or interrupted)', writer: `${ivr}, calls/call-handler`, readers: [] },
  'ivr.node': { about: 'a flow step ran, and where the flow went next', writer: ivr, readers: ['ivr/call-runtime (journey)', 'ivr/simulator'] },
  'queue.requested': { about: 'a flow handed the caller to a queue', writer: ivr, readers: ['ivr/simulator'] },
  'queue.exit': { about: 'a caller left a queue by the flow exit branch', writer: ivr, readers: [] },
  'crm.lookup': { about: 'the caller was looked up in the CRM', writer: ivr, readers: [] },
  'directory.search': { about: 'a caller searched the directory (dial-by-name or extension)', writer: ivr, readers: [] },
  'ticket.created': { about: 'a flow opened a ticket for the caller', writer: ivr, readers: [] },
  'ticket.failed': { about: 'a flow could not open a ticket', writer: ivr, readers: [] },
  'survey.offered': { about: 'a caller was invited to the satisfaction survey (one in oneIn)', writer: ivr, readers: [REPORTS] },
  'survey.accepted': { about: 'the caller accepted the survey', writer: ivr, readers: [REPORTS] },
  'survey.declined': { about: 'the caller did not accept the survey (another key, or none)', writer: ivr, readers: [REPORTS] },
  'survey.started': { about: 'the survey questions began after the operator hung up', writer: ivr, readers: [REPORTS] },
  'survey.answered': { about: 'the caller answered one survey question', writer: ivr, readers: [REPORTS] },
  'survey.reason': { about: 'after a low answer, the caller picked a reason', writer: ivr, readers: [REPORTS] },
  'survey.skipped': { about: 'a survey question went unanswered (silence or wrong keys twice)', writer: ivr, readers: [REPORTS] },
  'survey.completed': { about: 'the caller reached the end of the survey', writer: ivr, readers: [REPORTS] },
  'survey.flagged': { about: 'a low survey score opened (or added a note to) a ticket for review', writer: ivr, readers: [REPORTS] },
  'callback.not_booked': { about: 'a caller who asked for a callback did not get one', writer: ivr, readers: [] },
  'acd.enter': { about: 'a caller (or a callback) entered a queue', writer: 'store/lua/acd-enqueue.lua', readers: [] },
  'acd.no_agents': { about: 'a caller was not queued: nobody logged in for the queue', writer: 'acd/acd', readers: [] },
  'acd.announcement': { about: 'position and wait were announced to a waiting caller', writer: 'acd/acd', readers: [] },
  'acd.callback_chosen': { about: 'a waiting caller pressed the callback key', writer: 'acd/acd', readers: [] },
  'acd.offer': { about: 'an agent was reserved for a call and rung', writer: 'store/lua/acd-claim.lua', readers: ['agents/desktop-hub'] },
  'acd.no_answer': { about: 'an agent did not answer (or their phone failed)', writer: 'store/lua/acd-offer-end.lua', readers: ['agents/desktop-hub'] },
  'acd.offer_cancelled': { about: 'an offer ended without an answer for another reason (caller gone, recovered)', writer: 'store/lua/acd-offer-end.lua', readers: ['agents/desktop-hub'] },
  'acd.answer': { about: 'an agent answered and was bridged with the caller', writer: 'store/lua/acd-connect.lua', readers: ['agents/desktop-hub', 'metrics/engine-metrics'] },
  'acd.call_ended': { about: 'a conversation with an agent ended', writer: 'store/lua/acd-call-end.lua', readers: ['agents/desktop-hub'] },
  'acd.abandon': { about: 'a caller hung up while waiting', writer: 'store/lua/acd-leave.lua', readers: ['metrics/engine-metrics'] },
  'acd.leave': { about: 'a caller or callback left a queue for another reason (timeout, shutdown, lost, callback)', writer: 'store/lua/acd-leave.lua', readers: ['metrics/engine-metrics'] },
  'acd.resumed': { about: 'a queued call was taken up again after a restart', writer: 'acd/acd', readers: [] },
  'acd.transfer_requested': { about: 'an agent asked to transfer their caller (from the desktop; carried out at once by the engine holding the caller, or read from the log by it)', writer: 'acd/conversation', readers: ['acd/acd'] },
  'acd.transferred': { about: 'an agent handed the caller on (to a queue or an extension)', writer: 'acd/acd', readers: [] },
  'acd.extension_transfer': { about: 'a transfer to an extension rang: connected or not', writer: 'acd/acd', readers: [] },
  'acd.consult_started': { about: 'an announced transfer started ringing the extension', writer: 'acd/acd', readers: ['agents/desktop-hub'] },
  'acd.consult_answered': { about: 'the extension answered an announced transfer', writer: 'acd/acd', readers: ['agents/desktop-hub'] },
  'acd.consult_failed': { about: 'the extension of an announced transfer did not answer', writer: 'acd/acd', readers: ['agents/desktop-hub'] },
  'acd.consult_ended': { about: 'an announced transfer ended (completed, cancelled, a side gone)', writer: 'acd/acd', readers: ['agents/desktop-hub'] },
  'acd.consult_complete_requested': { about: 'the agent asked to complete an announced transfer', writer: 'acd/conversation', readers: ['acd/acd'] },
  'acd.consult_cancel_requested': { about: 'the agent asked to cancel an announced transfer', writer: 'acd/conversation', readers: ['acd/acd'] },
  'agent.saved': { about: 'an agent was created or changed (only the changed fields)', writer: 'store/lua/acd-agent-save.lua', readers: ['agents/desktop-hub'] },
  'agent.removed': { about: 'an agent was removed', writer: 'store/lua/acd-agent-remove.lua', readers: ['agents/desktop-hub'] },
  'agent.pin_set': { about: "an agent's PIN was set (never the PIN)", writer: 'store/lua/agent-pin-set.lua', readers: ['agents/desktop-hub'] },
  'agent.state': { about: 'an agent logged in, paused, was ready, ended wrap-up or logged out', writer: 'store/lua/acd-agent-state.lua', readers: ['agents/desktop-hub'] },
  'agent.sessions_ended': { about: "an agent's sessions ended (PIN changed, agent removed)", writer: 'store/lua/agent-sessions-end.lua', readers: ['agents/desktop-hub'] },
  'desktop.wrap_up': { about: 'an agent saved the outcome of a call', writer: 'agents/wrap-up', readers: [] },
  'callback.booked': { about: 'a callback was booked', writer: 'store/lua/callback-book.lua', readers: [] },
  'callback.merged': { about: "a booking joined the number's open callback", writer: 'store/lua/callback-book.lua', readers: [] },
  'callback.moved': { about: 'a callback was moved to another time', writer: 'store/lua/callback-move.lua', readers: [] },
  'callback.cancelled': { about: 'a callback was cancelled', writer: 'store/lua/callback-cancel.lua', readers: ['callbacks/callbacks'] },
  'callback.refused': { about: 'a callback number was refused by the number policy', writer: 'store/redis-callback-store', readers: [] },
  'callback.attempt_started': { about: 'an attempt to call a citizen back started', writer: 'store/lua/callback-attempt-start.lua', readers: [] },
  'callback.attempt_ended': { about: 'an attempt ended: answered, busy, no answer… and whether it was the last', writer: 'store/lua/callback-attempt-end.lua', readers: [] },
  'callback.taken_over': { about: "another engine took over an attempt whose engine died", writer: 'store/lua/callback-take-over.lua', readers: [] },
  'crm.failed': { about: 'a CRM call failed or ran out of its time budget', writer: 'crm/crm-guard', readers: [] },
  'crm.ticket_created': { about: 'a ticket was opened through the API', writer: 'crm/routes', readers: [] },
  'crm.ticket_updated': { about: 'a ticket was worked through the API', writer: 'crm/routes', readers: [] },
  'directory.updated': { about: 'the directory changed (CSV import, LDAP sync)', writer: 'store/redis-directory-store', readers: ['directory/directory'] },
  'announcement.on': { about: 'a message was switched on or changed', writer: 'store/redis-announcement-store', readers: [] },
  'announcement.off': { about: 'a message was switched off', writer: 'store/lua/announcement-remove.lua', readers: [] },
  'flow.published': { about: 'a flow version was published (live at once)', writer: 'store/lua/flow-publish.lua', readers: [] },
  'flow.rolled_back': { about: 'an earlier flow version was made live again', writer: 'store/lua/flow-set-live.lua', readers: [] },
  'flow.draft_saved': { about: "a flow's draft was saved (heard by test callers)", writer: 'store/redis-flow-version-store', readers: [] },
  'queues.published': { about: 'a queues.yaml version was published', writer: 'store/lua/flow-publish.lua', readers: [] },
  'queues.rolled_back': { about: 'an earlier queues.yaml version was made live again', writer: 'store/lua/flow-set-live.lua', readers: [] },
};

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as readonly EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}
