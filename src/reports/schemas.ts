/**
 * What the report routes take and answer (zod): the OpenAPI document is built from these, and a
 * bad query is refused naming the field. Every period is whole Rome days, at most a year.
 */
import { z } from 'zod';
import { problemSchema } from '../http/replies.js';

const DAY = z.iso.date().describe('a day, YYYY-MM-DD (Europe/Rome)');
export const MAX_DAYS = 366;

type Period = { readonly from: string; readonly to: string };
// (The object's type is generic here: its period is read as what the shape above makes it.)
const inOrder = (q: unknown): boolean => (q as Period).from <= (q as Period).to;
const notTooLong = (q: unknown): boolean => (Date.parse((q as Period).to) - Date.parse((q as Period).from)) / 86_400_000 < MAX_DAYS;

/** A query over a period (from, to: both included), with its own fields; the period checked. */
function periodQueryWith<S extends z.ZodRawShape>(shape: S) {
  return z
    .object({ from: DAY, to: DAY, ...shape })
    .refine(inOrder, { message: 'from must not be after to', path: ['from'] })
    .refine(notTooLong, { message: `at most ${MAX_DAYS} days at once`, path: ['to'] });
}

const shortAbandonSeconds = z.coerce.number().int().min(0).max(60).default(5).describe('callers who hang up sooner are short abandons, counted apart (default 5)');
export const periodQuery = periodQueryWith({});
export const trendQuery = periodQueryWith({ unit: z.enum(['day', 'week', 'month']).default('day').describe('week: ISO weeks (2026-W48); month: 2026-11') });
const groupBy = z.enum(['all', 'queue', 'day', 'week', 'month', 'queue-day', 'queue-week', 'queue-month']).default('queue').describe('all: each call once; week: ISO weeks (2026-W48); month: 2026-11');
const separator = z.enum(['semicolon', 'comma']).default('semicolon').describe('semicolon: Italian spreadsheets, decimal comma (the default); comma: RFC 4180, decimal point');
export const kpiQuery = periodQueryWith({ groupBy, shortAbandonSeconds });
export const kpiCsvQuery = periodQueryWith({ groupBy, shortAbandonSeconds, separator });
export const summaryQuery = periodQueryWith({ shortAbandonSeconds });
const name = z.string().min(1).max(100);
/** What picks the calls behind a figure (call-list.ts), for the list and its CSV alike. */
const listFilters = {
  queue: name.optional(),
  outcome: z.enum(['answered', 'abandoned', 'short_abandoned', 'callback', 'left', 'lost']).optional().describe('what became of the caller in the queue'),
  agent: name.optional().describe('the agent who answered'),
  topic: name.optional(),
  flow: name.optional(),
  lastStep: name.optional().describe('the IVR step where the caller left the flow'),
  shortAbandonSeconds,
};
export const callListQuery = periodQueryWith({ ...listFilters, limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) });
export const callListCsvQuery = periodQueryWith({ ...listFilters, separator });

const counts = z.record(z.string(), z.number().int());
export const ivrFlow = z.object({
  flowId: z.string(),
  calls: z.number().int(),
  selfServed: z.number().int(),
  selfServiceRate: z.number().nullable(),
  steps: z.array(z.object({ node: z.string(), nodeType: z.string(), reached: z.number().int(), endedHere: z.number().int(), choices: counts, failures: counts })),
});

export const rate = z.number().nullable().describe('0..1; null when nothing was counted');
export const kpiRow = z.object({
  queue: z.string().optional(),
  day: z.string().optional(),
  period: z.string().optional().describe('the ISO week (2026-W48) or month (2026-11) when grouped so'),
  entered: z.number().int(),
  shortAbandoned: z.number().int(),
  offered: z.number().int(),
  answered: z.number().int(),
  answeredRate: rate,
  abandoned: z.number().int(),
  callbacks: z.number().int(),
  left: z.number().int(),
  lost: z.number().int(),
  asaSeconds: z.number().nullable(),
  slAnswered: rate,
  slOffered: rate,
  slAbandonsWithinNeutral: rate,
  slAbandonsWithinSuccess: rate.describe("app_queue's servicelevelperf2: abandons within the threshold count as served"),
  ahtSeconds: z.number().nullable(),
  meanAbandonWaitSeconds: z.number().nullable(),
  slTarget: z.object({ percent: z.number(), seconds: z.number().int() }).optional().describe("the queue's service-level target now (queues.yaml), for a row of one queue"),
});

export const agentRow = z.object({
  agentId: z.string(),
  handled: z.number().int(),
  talkSeconds: z.number(),
  meanTalkSeconds: z.number().nullable(),
  meanWrapUpSeconds: z.number().nullable(),
  meanHoldSeconds: z.number().nullable().describe('callers on hold while the agent consulted (part of the talk)'),
  ahtSeconds: z.number().nullable(),
  loggedInSeconds: z.number().int().describe('not logged out, in the period (up to now)'),
  pausedSeconds: z.number().int(),
  occupancy: rate.describe('(talk + wrap-up) / (logged in − paused)'),
});
export const topicRow = z.object({ topic: z.string(), calls: z.number().int(), toOperator: z.number().int(), answered: z.number().int(), abandoned: z.number().int(), callbacks: z.number().int(), selfServed: z.number().int() });
export const refusals = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
export const pathStep = z.object({ node: z.string(), nodeType: z.string(), at: z.string(), choice: z.string().optional(), failed: z.string().optional() });
export const queueVisit = z.object({
  queue: z.string(),
  enteredAt: z.string(),
  outcome: z.enum(['waiting', 'answered', 'abandoned', 'left', 'callback', 'lost']),
  reason: z.string().optional(),
  waitedMs: z.number().optional(),
  position: z.number().int().optional().describe('the place the caller entered at'),
  agentId: z.string().optional(),
  talkSeconds: z.number().optional(),
  holdSeconds: z.number().optional().describe('of the talk, the caller on hold while the agent consulted'),
  wrapUpSeconds: z.number().optional(),
  endedBy: z.string().optional(),
});
export const callRecordView = z.object({
  callId: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  flowId: z.string().optional(),
  flowVersion: z.string().optional(),
  dialledNumber: z.string().optional(),
  caller: z.string().optional().describe('the number masked; the number itself is never in the reports'),
  outcome: z.string().optional(),
  endedBy: z.string().optional(),
  path: z.array(pathStep),
  topics: z.array(z.string()),
  queues: z.array(queueVisit),
  tickets: z.array(z.number()),
  callbacks: z.array(z.string()),
  recovered: z.boolean(),
  survey: z
    .object({
      survey: z.string(),
      offered: z.boolean(),
      accepted: z.boolean(),
      started: z.boolean(),
      completed: z.boolean(),
      agentId: z.string().optional().describe('the operator rated'),
      queue: z.string().optional(),
      answers: z.array(z.object({ question: z.string(), scale: z.string(), value: z.number(), reason: z.string().optional() })),
      flaggedTicket: z.number().int().optional().describe('the ticket a low score went to, for review'),
    })
    .optional()
    .describe('the satisfaction survey, when the caller was invited'),
  complete: z.boolean(),
});

export const callListRow = z.object({
  callId: z.string(),
  startedAt: z.string().nullable(),
  caller: z.string().nullable().describe('the number masked, e.g. +39333****567'),
  dialledNumber: z.string().nullable(),
  flowId: z.string().nullable(),
  callOutcome: z.string().nullable(),
  queue: z.string().nullable(),
  queueOutcome: z.enum(['waiting', 'answered', 'abandoned', 'short_abandoned', 'callback', 'left', 'lost']).nullable(),
  waitedSeconds: z.number().nullable(),
  agentId: z.string().nullable(),
  topics: z.array(z.string()),
  path: z.array(z.string()).describe('the IVR steps: "menu (2)" with the key pressed, "menu: no_input" when it gave up'),
});

export const summary = z.object({
  calls: z.number().int().describe('calls that started in the period'),
  ended: z.number().int(),
  selfServed: z.number().int().describe('ended by the IVR with information, no operator (ivr-kpis.ts)'),
  selfServiceRate: z.number().nullable(),
  toOperator: z.number().int().describe('calls that reached a queue'),
  total: kpiRow.describe('the queue KPIs counting each call once, by the first queue it reached'),
  repeat: z.object({
    days: z.number().int(),
    identified: z.number().int().describe('calls from a number that identifies a caller'),
    repeated: z.number().int().describe('of those, calls followed by another from the same caller within the days'),
    firstContactResolution: z.number().nullable().describe('1 − repeated / identified'),
    openFrom: z.string().nullable().describe('calls from this day on have not had their whole window yet: their figure can still grow'),
  }),
});

/** The satisfaction survey (survey-kpis.ts holds the definitions). */
const surveyBy = z.enum(['all', 'agent', 'queue', 'topic']).default('all').describe('all: every answer; agent: by the operator rated; queue; topic (a call with several topics counts in each)');
export const surveyQuery = periodQueryWith({ by: surveyBy });
export const surveyCsvQuery = periodQueryWith({ by: surveyBy, separator });
export const surveyScoreRow = z.object({
  survey: z.string(),
  question: z.string(),
  scale: z.string().describe('1-5, faces (1 unhappy … 3 happy) or 0-10'),
  by: z.enum(['all', 'agent', 'queue', 'topic']),
  group: z.string().describe("the agent, queue or topic ('' for all)"),
  answers: z.number().int(),
  mean: z.number().nullable().describe('higher is better'),
  lowRate: rate.describe('1-2 of 5, the negative face, 0-6 of 10'),
  highRate: rate.describe('4-5 of 5, the happy face, 9-10 of 10'),
  nps: z.number().nullable().describe('0-10 questions: % high − % low (Net Promoter Score), −100…100'),
});
export const surveyFunnelRow = z.object({
  survey: z.string(),
  invited: z.number().int(),
  accepted: z.number().int(),
  started: z.number().int(),
  completed: z.number().int(),
  flagged: z.number().int().describe('low scores sent to the back office for review'),
  acceptedRate: rate,
  completedRate: rate,
  questions: z.array(z.object({ question: z.string(), answered: z.number().int() })),
});
export const surveyReasonRow = z.object({ survey: z.string(), question: z.string(), reason: z.string(), count: z.number().int() });
export const surveysReply = z.object({ funnel: z.array(surveyFunnelRow), scores: z.array(surveyScoreRow), reasons: z.array(surveyReasonRow) });
