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
import { localDate, romeInstant } from '../shared/schedule.js';
import { agentWorkRows, topicRows } from './agent-topic-kpis.js';
import { agentTime } from './agent-time.js';
import { registerCallRoutes } from './call-routes.js';
import { ivrRows } from './ivr-kpis.js';
import { toCsv, type CsvColumn } from '../shared/csv.js';
import { PeriodFigures } from './period-figures.js';
import { queueRows, type QueueKpis } from './queue-kpis.js';
import type { CallRecordStore } from './record-store.js';
import { registerSurveyRoutes } from './survey-routes.js';
import { agentRow, ivrFlow, kpiCsvQuery, kpiQuery, kpiRow, periodQuery, refusals, summary, summaryQuery, topicRow, trendQuery } from './schemas.js';

export interface ReportRoutesDeps {
  readonly store: CallRecordStore;
  /** The per-day sums every figure comes from (over the same store). */
  readonly figures: PeriodFigures;
  /** Each queue's service-level target now (percent within seconds), undefined for a queue no longer configured. */
  readonly slTarget?: (queue: string) => { readonly percent: number; readonly seconds: number } | undefined;
  /** The engine's clock: which calls have not had their whole repeat-call window yet. */
  readonly now: () => Date;
}

/** Repeat callers are counted within this many days of a call (first-contact resolution). */
const REPEAT_DAYS = 7;

/** A period with no queue visit: every count 0, every rate and mean null. */
const EMPTY_TOTAL: QueueKpis = { entered: 0, shortAbandoned: 0, offered: 0, answered: 0, answeredRate: null, abandoned: 0, callbacks: 0, left: 0, lost: 0, asaSeconds: null, slAnswered: null, slOffered: null, slAbandonsWithinNeutral: null, slAbandonsWithinSuccess: null, ahtSeconds: null, meanAbandonWaitSeconds: null };

/** The queue report's columns in the export, in Italian (the definitions: queue-kpis.ts). */
const QUEUE_CSV: readonly CsvColumn<QueueKpis>[] = [
  { header: 'Coda', value: (r) => r.queue },
  { header: 'Giorno', value: (r) => r.day },
  { header: 'Settimana o mese', value: (r) => r.period },
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
  { header: 'Livello di servizio, abbandoni entro soglia come riusciti %', value: (r) => r.slAbandonsWithinSuccess, format: 'percent' },
  { header: 'Durata media di gestione (s)', value: (r) => r.ahtSeconds, format: 'decimal' },
  { header: 'Attesa media di chi abbandona (s)', value: (r) => r.meanAbandonWaitSeconds, format: 'decimal' },
];

export function registerReportRoutes(server: FastifyInstance, deps: ReportRoutesDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  // Every figure below comes from per-day sums, each day read once while it does not change.
  const figures = deps.figures;
  const sums = (q: { from: string; to: string; shortAbandonSeconds?: number }) => figures.sums(q.from, q.to, (q.shortAbandonSeconds ?? 5) * 1000);
  app.get(
    '/api/reports/today',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: "Today in Rome on the engine's clock: the reports page's periods start from it", response: { 200: z.object({ today: z.iso.date() }), 401: problemSchema, 403: problemSchema } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      return { today: localDate(deps.now()) };
    },
  );
  app.get(
    '/api/reports/summary',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'A period at a glance: calls, self-service, the queues counting each call once, repeat callers within 7 days', querystring: summaryQuery, response: { 200: summary, ...refusals } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const s = sums(q);
      const [total] = queueRows(PeriodFigures.queues(s, 'all'));
      const repeat = figures.repeats(q.from, q.to, REPEAT_DAYS);
      const openFrom = localDate(new Date(deps.now().getTime() - REPEAT_DAYS * 86_400_000));
      return {
        calls: s.calls,
        ended: s.ended,
        selfServed: s.selfServed,
        selfServiceRate: s.ended > 0 ? s.selfServed / s.ended : null,
        toOperator: s.toOperator,
        total: total ?? EMPTY_TOTAL,
        repeat: { days: REPEAT_DAYS, ...repeat, firstContactResolution: repeat.identified > 0 ? 1 - repeat.repeated / repeat.identified : null, openFrom: q.to >= openFrom ? (q.from > openFrom ? q.from : openFrom) : null },
      };
    },
  );
  app.get(
    '/api/reports/queues',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'Queue KPIs of a period (definitions: src/reports/queue-kpis.ts)', querystring: kpiQuery, response: { 200: z.object({ rows: z.array(kpiRow) }), ...refusals } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      return {
        rows: queueRows(PeriodFigures.queues(sums(q), q.groupBy)).map((r) => {
          const target = r.queue === undefined ? undefined : deps.slTarget?.(r.queue);
          return target === undefined ? r : { ...r, slTarget: { percent: target.percent, seconds: target.seconds } };
        }),
      };
    },
  );
  app.get(
    '/api/reports/queues.csv',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'The queue KPIs of a period as CSV for Italian spreadsheets (";", decimal comma, UTF-8 with BOM)', produces: ['text/csv'], querystring: kpiCsvQuery, response: { 200: z.string().describe('text/csv'), ...refusals } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const rows = queueRows(PeriodFigures.queues(sums(q), q.groupBy));
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="code-${q.from}-${q.to}.csv"`)
        .send(toCsv(rows, QUEUE_CSV, q.separator));
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
        response: { 200: z.object({ flows: z.array(ivrFlow), hourly: z.array(z.array(z.number().int())) }), ...refusals },
      },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const s = sums(request.query);
      return { flows: ivrRows(s.flows).map((f) => ({ ...f, steps: [...f.steps] })), hourly: s.hourly };
    },
  );
  app.get(
    '/api/reports/agents',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: "Each agent's conversations, talk, wrap-up, handle time, time logged in and paused, and occupancy in a period (definitions: src/reports/agent-topic-kpis.ts)", querystring: periodQuery, response: { 200: z.object({ rows: z.array(agentRow) }), ...refusals } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const startMs = romeInstant(`${q.from} 00:00`).getTime();
      const dayAfter = new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const endMs = Math.min(romeInstant(`${dayAfter} 00:00`).getTime(), deps.now().getTime());
      const { before, during } = deps.store.agentChanges(startMs, endMs);
      return { rows: agentWorkRows(sums(q).agents, agentTime(before, during, startMs, Math.max(startMs, endMs))) };
    },
  );
  app.get(
    '/api/reports/topics',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: 'What citizens called about in a period: per topic, calls and what became of them', querystring: periodQuery, response: { 200: z.object({ rows: z.array(topicRow) }), ...refusals } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      return { rows: topicRows(sums(request.query).topics) };
    },
  );
  app.get(
    '/api/reports/topics/trend',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: 'Calls per topic in each day, ISO week or month of a period: the topics over time', querystring: trendQuery, response: { 200: z.object({ rows: z.array(z.object({ period: z.string(), topic: z.string(), calls: z.number().int() })) }), ...refusals } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      return { rows: figures.topicTrend(request.query.from, request.query.to, request.query.unit) };
    },
  );
  registerCallRoutes(app, deps.store);
  registerSurveyRoutes(app, figures, deps.now);
}
