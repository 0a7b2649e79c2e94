/**
 * The satisfaction survey's reports: the funnel, the scores by agent, queue or topic, the reasons
 * (supervisors), as JSON and CSV; and each agent's own averages, for their desktop.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agent, supervisor } from '../http/auth.js';
import { problemSchema } from '../http/replies.js';
import { localDate } from '../shared/schedule.js';
import { toCsv, type CsvColumn } from '../shared/csv.js';
import type { PeriodFigures } from './period-figures.js';
import { refusals, surveyCsvQuery, surveyQuery, surveyScoreRow, surveysReply } from './schemas.js';
import { surveyFunnelRows, surveyReasonRows, surveyScoreRows, type SurveyFunnelRow, type SurveyScoreRow } from './survey-kpis.js';

const SCALE_WORDS: Readonly<Record<string, string>> = { '1-5': 'da 1 a 5', faces: 'tre facce', '0-10': 'da 0 a 10' };

const SCORE_CSV: readonly CsvColumn<SurveyScoreRow>[] = [
  { header: 'Sondaggio', value: (r) => r.survey },
  { header: 'Domanda', value: (r) => r.question },
  { header: 'Scala', value: (r) => SCALE_WORDS[r.scale] ?? r.scale },
  { header: 'Per', value: (r) => ({ all: 'tutti', agent: 'operatore', queue: 'coda', topic: 'argomento' })[r.by] },
  { header: 'Gruppo', value: (r) => r.group },
  { header: 'Risposte', value: (r) => r.answers, format: 'integer' },
  { header: 'Media', value: (r) => r.mean, format: 'decimal' },
  { header: 'Basse %', value: (r) => r.lowRate, format: 'percent' },
  { header: 'Alte %', value: (r) => r.highRate, format: 'percent' },
  { header: 'NPS', value: (r) => r.nps, format: 'decimal' },
];

const FUNNEL_CSV: readonly CsvColumn<SurveyFunnelRow>[] = [
  { header: 'Sondaggio', value: (r) => r.survey },
  { header: 'Invitati', value: (r) => r.invited, format: 'integer' },
  { header: 'Accettato', value: (r) => r.accepted, format: 'integer' },
  { header: 'Iniziato', value: (r) => r.started, format: 'integer' },
  { header: 'Completato', value: (r) => r.completed, format: 'integer' },
  { header: 'Segnalati per revisione', value: (r) => r.flagged, format: 'integer' },
  { header: 'Accettato %', value: (r) => r.acceptedRate, format: 'percent' },
  { header: 'Completato %', value: (r) => r.completedRate, format: 'percent' },
  { header: 'Risposte per domanda', value: (r) => r.questions.map((q) => `${q.question}: ${q.answered}`).join(', ') },
];

/** The agent's own averages over these many days (today included). */
const MY_WINDOWS = [1, 7, 30] as const;

export function registerSurveyRoutes(server: FastifyInstance, figures: PeriodFigures, now: () => Date): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const surveys = (q: { from: string; to: string }) => figures.sums(q.from, q.to, 5000).surveys;
  app.get(
    '/api/reports/surveys',
    { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: 'The satisfaction survey in a period: funnel, scores by agent, queue or topic, reasons for low scores (definitions: src/reports/survey-kpis.ts)', querystring: surveyQuery, response: { 200: surveysReply, ...refusals } } },
    (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const accs = surveys(request.query);
      return { funnel: surveyFunnelRows(accs), scores: surveyScoreRows(accs.scores, request.query.by), reasons: surveyReasonRows(accs.reasons) };
    },
  );
  for (const kind of ['scores', 'funnel'] as const) {
    app.get(
      kind === 'scores' ? '/api/reports/surveys.csv' : '/api/reports/surveys-funnel.csv',
      { config: { access: 'supervisor' }, schema: { tags: ['reports'], summary: kind === 'scores' ? 'The survey scores of a period as CSV (";" and decimal comma by default)' : "The survey's funnel of a period as CSV", produces: ['text/csv'], querystring: surveyCsvQuery, response: { 200: z.string().describe('text/csv'), ...refusals } } },
      (request, reply) => {
        // Refused (401/403) by supervisor(), which answered already.
        if (supervisor(request, reply) === undefined) return;
        const q = request.query;
        const accs = surveys(q);
        const body = kind === 'scores' ? toCsv(surveyScoreRows(accs.scores, q.by), SCORE_CSV, q.separator) : toCsv(surveyFunnelRows(accs), FUNNEL_CSV, q.separator);
        void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sondaggio-${kind === 'scores' ? 'punteggi' : 'adesione'}-${q.from}-${q.to}.csv"`).send(body);
      },
    );
  }
  app.get(
    '/api/me/surveys',
    {
      config: { access: 'agent' },
      schema: {
        tags: ['agents'],
        summary: "The signed-in agent's own survey averages: today, the last 7 and 30 days (nobody else's)",
        response: { 200: z.object({ windows: z.array(z.object({ days: z.number().int(), from: z.iso.date(), to: z.iso.date(), rows: z.array(surveyScoreRow) })) }), 401: problemSchema, 403: problemSchema },
      },
    },
    (request, reply) => {
      // Refused (401/403) by agent(), which answered already.
      const me = agent(request, reply);
      if (me === undefined) return;
      const to = localDate(now());
      return {
        windows: MY_WINDOWS.map((days) => {
          const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
          return { days, from, to, rows: surveyScoreRows(surveys({ from, to }).scores, 'agent').filter((r) => r.group === me) };
        }),
      };
    },
  );
}
