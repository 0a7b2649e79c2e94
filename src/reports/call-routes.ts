/**
 * HTTP routes of reporting about calls one by one (supervisors): the list behind a figure (the
 * abandoned calls of a queue, the callers who left the IVR at a step …) as JSON or CSV, and one
 * call's whole record. Callers appear masked; the number itself is never in the reports.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { problemSchema } from '../http/replies.js';
import { callList, callListNeedles, type CallListFilter, type CallListRow } from './call-list.js';
import { toCsv, type CsvColumn } from '../shared/csv.js';
import type { CallRecordStore } from './record-store.js';
import { callListCsvQuery, callListQuery, callListRow, callRecordView, refusals } from './schemas.js';

const OUTCOMES: Record<string, string> = { answered: 'risposta', abandoned: 'abbandonata', short_abandoned: 'abbandono breve', callback: 'richiamata scelta', left: 'uscita senza operatore', lost: 'persa per guasto', waiting: 'in attesa' };

/** The list's columns in the export, in Italian. */
const LIST_CSV: readonly CsvColumn<CallListRow>[] = [
  { header: 'Inizio', value: (r) => r.startedAt },
  { header: 'Chiamante', value: (r) => r.caller },
  { header: 'Numero chiamato', value: (r) => r.dialledNumber },
  { header: 'Flusso', value: (r) => r.flowId },
  { header: 'Coda', value: (r) => r.queue },
  { header: 'Esito in coda', value: (r) => (r.queueOutcome === null ? null : (OUTCOMES[r.queueOutcome] ?? r.queueOutcome)) },
  { header: 'Attesa (s)', value: (r) => r.waitedSeconds, format: 'integer' },
  { header: 'Operatore', value: (r) => r.agentId },
  { header: 'Argomenti', value: (r) => r.topics.join(', ') },
  { header: 'Percorso IVR', value: (r) => r.path.join(' → ') },
  { header: 'Id chiamata', value: (r) => r.callId },
];

function filterOf(q: Omit<z.infer<typeof callListCsvQuery>, 'separator'>): CallListFilter {
  return { queue: q.queue, outcome: q.outcome, agent: q.agent, topic: q.topic, flow: q.flow, lastStep: q.lastStep, shortAbandonMs: q.shortAbandonSeconds * 1000 };
}

export function registerCallRoutes(app: FastifyInstance, store: CallRecordStore): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/reports/calls',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'The calls behind a figure: filtered by queue and outcome there, topic, flow, the step where the caller left the IVR; callers masked', querystring: callListQuery, response: { 200: z.object({ total: z.number().int(), rows: z.array(callListRow) }), ...refusals } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const filter = filterOf(q);
      const rows = callList(store.callsOfDaysContaining(q.from, q.to, callListNeedles(filter)), filter);
      return { total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit).map((r) => ({ ...r, topics: [...r.topics], path: [...r.path] })) };
    },
  );
  typed.get(
    '/api/reports/calls.csv',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: 'The calls behind a figure as CSV for Italian spreadsheets (every row, callers masked)', produces: ['text/csv'], querystring: callListCsvQuery, response: { 200: z.string().describe('text/csv'), ...refusals } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="chiamate-${q.from}-${q.to}.csv"`)
        .send(toCsv(callList(store.callsOfDaysContaining(q.from, q.to, callListNeedles(filterOf(q))), filterOf(q)), LIST_CSV, q.separator));
    },
  );
  typed.get(
    '/api/reports/calls/:callId',
    {
      config: { access: 'supervisor' },
      schema: { tags: ['reports'], summary: "One call's record: its IVR path, topics, queue visits, tickets and callbacks", params: z.object({ callId: z.string().min(1).max(100) }), response: { 200: callRecordView, 404: problemSchema, 401: problemSchema, 403: problemSchema } },
    },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const record = store.call(request.params.callId);
      if (record !== undefined) return record;
      void reply.status(404).send({ error: `callId: no call ${request.params.callId} in the reports (not yet projected, or not a call)`, code: 'REPORTS.NO_SUCH_CALL' });
    },
  );
}
