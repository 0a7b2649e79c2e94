/**
 * HTTP routes of reporting (supervisors): the queue KPIs of a period, by queue, Rome's day or
 * both, over the call records this engine keeps (record-store.ts). The definitions of every
 * figure are in queue-kpis.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { problemSchema } from '../http/replies.js';
import { agentKpis, topicKpis } from './agent-topic-kpis.js';
import { hourlyProfile, ivrKpis } from './ivr-kpis.js';
import { toCsv, type CsvColumn } from './csv.js';
import { queueKpis, type QueueKpis } from './queue-kpis.js';
import type { CallRecordStore } from './record-store.js';

export interface ReportRoutesDeps {
  readonly store: CallRecordStore;
  /** The service-level threshold (seconds) of each queue, from the live queue configuration. */
  readonly slSeconds: (queue: string) => number;
}

const DAY = z.iso.date().describe('a day, YYYY-MM-DD (Europe/Rome)');
const MAX_DAYS = 366;

const period = { from: DAY, to: DAY };
type Period = { from: string; to: string };
const inOrder = (q: Period) => q.from <= q.to;
const notTooLong = (q: Period) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS;

const query = z
  .object({
    ...period,
    groupBy: z.enum(['queue', 'day', 'queue-day']).default('queue'),
    shortAbandonSeconds: z.coerce.number().int().min(0).max(60).default(5).describe('callers who hang up sooner are short abandons, counted apart (default 5)'),
  })
  .refine(inOrder, { message: 'from must not be after to', path: ['from'] })
  .refine(notTooLong, { message: `at most ${MAX_DAYS} days at once`, path: ['to'] });
const periodQuery = z
  .object(period)
  .refine(inOrder, { message: 'from must not be after to', path: ['from'] })
  .refine(notTooLong, { message: `at most ${MAX_DAYS} days at once`, path: ['to'] });

const counts = z.record(z.string(), z.number().int());
const ivrFlow = z.object({
  flowId: z.string(),
  calls: z.number().int(),
  selfServed: z.number().int(),
  selfServiceRate: z.number().nullable(),
  steps: z.array(z.object({ node: z.string(), nodeType: z.string(), reached: z.number().int(), endedHere: z.number().int(), choices: counts, failures: counts })),
});

const rate = z.number().nullable().describe('0..1; null when nothing was counted');
const row = z.object({
  queue: z.string().optional(),
  day: z.string().optional(),
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
  ahtSeconds: z.number().nullable(),
  meanAbandonWaitSeconds: z.number().nullable(),
});

const agentRow = z.object({ agentId: z.string(), handled: z.number().int(), talkSeconds: z.number(), meanTalkSeconds: z.number().nullable(), meanWrapUpSeconds: z.number().nullable(), ahtSeconds: z.number().nullable() });
const topicRow = z.object({ topic: z.string(), calls: z.number().int(), toOperator: z.number().int(), answered: z.number().int(), abandoned: z.number().int(), callbacks: z.number().int(), selfServed: z.number().int() });
const refusals = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const pathStep = z.object({ node: z.string(), nodeType: z.string(), at: z.string(), choice: z.string().optional(), failed: z.string().optional() });
const queueVisit = z.object({
  queue: z.string(),
  enteredAt: z.string(),
  outcome: z.enum(['waiting', 'answered', 'abandoned', 'left', 'callback', 'lost']),
  reason: z.string().optional(),
  waitedMs: z.number().optional(),
  agentId: z.string().optional(),
  talkSeconds: z.number().optional(),
  wrapUpSeconds: z.number().optional(),
  endedBy: z.string().optional(),
});
const callRecordView = z.object({
  callId: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  flowId: z.string().optional(),
  flowVersion: z.string().optional(),
  dialledNumber: z.string().optional(),
  outcome: z.string().optional(),
  endedBy: z.string().optional(),
  path: z.array(pathStep),
  topics: z.array(z.string()),
  queues: z.array(queueVisit),
  tickets: z.array(z.number()),
  callbacks: z.array(z.string()),
  recovered: z.boolean(),
  complete: z.boolean(),
});

/** The queue report's columns in the export, in Italian (the definitions: queue-kpis.ts). */
const QUEUE_CSV: readonly CsvColumn<QueueKpis>[] = [
  { header: 'Coda', value: (r) => r.queue },
  { header: 'Giorno', value: (r) => r.day },
  { header: 'Entrate', value: (r) => r.entered, format: 'integer' },
  { header: 'Abbandoni brevi', value: (r) => r.shortAbandoned, format: 'integer' },
  { header: 'Offerte', value: (r) => r.offered, format: 'integer' },
  { header: 'Risposte', value: (r) => r.answered, format: 'integer' },
  { header: 'Risposte %', value: (r) => r.answeredRate, format: 'percent' },
  { header: 'Abbandonate', value: (r) => r.abandoned, format: 'integer' },
  { header: 'Richiamate scelte', value: (r) => r.callbacks, format: 'integer' },
  { header: 'Uscite senza operatore', value: (r) => r.left, format: 'integer' },
  { header: 'Perse per guasto', value: (r) => r.lost, format: 'integer' },
  { header: 'Attesa media alla risposta (s)', value: (r) => r.asaSeconds, format: 'decimal' },
  { header: 'Livello di servizio sulle risposte %', value: (r) => r.slAnswered, format: 'percent' },
  { header: 'Livello di servizio sulle offerte %', value: (r) => r.slOffered, format: 'percent' },
  { header: 'Livello di servizio, abbandoni entro soglia esclusi %', value: (r) => r.slAbandonsWithinNeutral, format: 'percent' },
  { header: 'Durata media di gestione (s)', value: (r) => r.ahtSeconds, format: 'decimal' },
  { header: 'Attesa media di chi abbandona (s)', value: (r) => r.meanAbandonWaitSeconds, format: 'decimal' },
];

export function registerReportRoutes(server: FastifyInstance, deps: ReportRoutesDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/reports/queues',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'Queue KPIs of a period (definitions: src/reports/queue-kpis.ts)', querystring: query, response: { 200: z.object({ rows: z.array(row) }), 400: problemSchema, 401: problemSchema, 403: problemSchema } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const records = deps.store.callsOfDays(q.from, q.to);
      return { rows: queueKpis(records, q.groupBy, { slSeconds: deps.slSeconds, shortAbandonMs: q.shortAbandonSeconds * 1000 }) };
    },
  );
  app.get(
    '/api/reports/queues.csv',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'The queue KPIs of a period as CSV for Italian spreadsheets (";", decimal comma, UTF-8 with BOM)', produces: ['text/csv'], querystring: query, response: { 200: z.string().describe('text/csv'), ...refusals } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const rows = queueKpis(deps.store.callsOfDays(q.from, q.to), q.groupBy, { slSeconds: deps.slSeconds, shortAbandonMs: q.shortAbandonSeconds * 1000 });
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="code-${q.from}-${q.to}.csv"`)
        .send(toCsv(rows, QUEUE_CSV));
    },
  );
  app.get(
    '/api/reports/ivr',
    {
      config: { access: 'supervisor' },
      schema: {
        tags: ['reports'],
        summary: "Each flow's steps (reached, left there, keys, failures) and self-service rate; the calls by Rome weekday (0 = Monday) and hour",
        querystring: periodQuery,
        response: { 200: z.object({ flows: z.array(ivrFlow), hourly: z.array(z.array(z.number().int())) }), 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const records = deps.store.callsOfDays(request.query.from, request.query.to);
      return { flows: ivrKpis(records).map((f) => ({ ...f, steps: [...f.steps] })), hourly: hourlyProfile(records) };
    },
  );
  app.get(
    '/api/reports/calls/:callId',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: "One call's record: its IVR path, topics, queue visits, tickets and callbacks", params: z.object({ callId: z.string().min(1).max(100) }), response: { 200: callRecordView, 404: problemSchema, 401: problemSchema, 403: problemSchema } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const record = deps.store.call(request.params.callId);
      if (record !== undefined) return record;
      void reply.status(404).send({ error: `callId: no call ${request.params.callId} in the reports (not yet projected, or not a call)`, code: 'REPORTS.NO_SUCH_CALL' });
    },
  );
  app.get(
    '/api/reports/agents',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: "Each agent's conversations, talk, wrap-up and handle time in a period (definitions: src/reports/agent-topic-kpis.ts)", querystring: periodQuery, response: { 200: z.object({ rows: z.array(agentRow) }), ...refusals } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      return { rows: agentKpis(deps.store.callsOfDays(request.query.from, request.query.to)) };
    },
  );
  app.get(
    '/api/reports/topics',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: 'What citizens called about in a period: per topic, calls and what became of them', querystring: periodQuery, response: { 200: z.object({ rows: z.array(topicRow) }), ...refusals } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      return { rows: topicKpis(deps.store.callsOfDays(request.query.from, request.query.to)) };
    },
  );
}
