/**
 * HTTP routes of staffing (supervisors): the forecast of a queue's offered calls for some days
 * (beside the seasonal baseline and, for days gone, what came), and a day's staffing plan per
 * half hour (JSON and CSV). What they learn from the call records comes through the deps, so
 * staffing stays free of the reports' store.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { problemSchema } from '../http/replies.js';
import { toCsv, type CsvColumn } from '../shared/csv.js';
import { localDate } from '../shared/schedule.js';
import { accuracy, type Calendar, type DayCounts, forecast, seasonalAverage } from './forecast.js';
import { agentHours, dayPlan, type PlanSlot } from './plan.js';
import { callsOfDay } from './example-day.js';
import { replay } from './replay.js';
import type { RoutingQueue } from '../acd/index.js';

export interface StaffingRouteDeps {
  /** Offered calls per half hour of a queue, for the days from `from` to `to` that had any. */
  readonly arrivals: (queue: string, from: string, to: string) => DayCounts[];
  /** The queue's handle time and the callers' patience over those days (undefined AHT: nothing answered). */
  readonly handling: (queue: string, from: string, to: string) => { readonly ahtSeconds: number | undefined; readonly patienceSeconds: number };
  /** The queues, with their service-level target; the calendar of each (its schedule's holidays and closures). */
  readonly queues: () => ReadonlyMap<string, RoutingQueue & { readonly serviceLevel: { readonly percent: number; readonly seconds: number } }>;
  readonly calendar: (queue: string) => Promise<Calendar>;
  readonly now: () => Date;
}

const DAY = z.iso.date().describe('a day, YYYY-MM-DD (Europe/Rome)');
const queue = z.string().min(1).max(100);
const weeks = z.coerce.number().int().min(1).max(52).default(8).describe('past weeks the forecast learns from (default 8)');
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

const forecastQuery = z
  .object({ queue, from: DAY, to: DAY, weeks })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < 62 * 86_400_000, { message: 'at most 62 days at once', path: ['to'] });
const halfHours = z.array(z.number()).length(48).describe('one number per half hour, 00:00 first');
const accuracySchema = z.object({ intervalError: z.number(), dailyError: z.number(), poissonFloor: z.object({ interval: z.number(), daily: z.number() }) });
const forecastReply = z.object({
  queue: z.string(),
  days: z.array(z.object({ day: z.string(), closed: z.boolean(), holiday: z.boolean(), forecast: halfHours, baseline: halfHours, actual: halfHours.nullable().describe('what came, for days gone') })),
  accuracy: z.object({ model: accuracySchema, baseline: accuracySchema }).nullable().describe('over the days gone, when there are any'),
});

const planQuery = z.object({
  queue,
  day: DAY,
  weeks,
  shrinkage: z.coerce.number().min(0).max(0.89).default(0.3).describe('breaks, training, absence: agents to schedule = agents / (1 − shrinkage)'),
  minAnsweredRate: z.coerce.number().min(0).max(1).optional().describe("besides the queue's service level: at least this share answered"),
  maxMeanWaitSeconds: z.coerce.number().min(1).max(3600).optional(),
});
const planCsvQuery = planQuery.extend({ separator: z.enum(['semicolon', 'comma']).default('semicolon') });
const planSlot = z.object({
  time: z.string(),
  calls: z.number(),
  agents: z.number().int(),
  scheduled: z.number(),
  scheduledAgents: z.number().int(),
  serviceLevel: z.number().nullable(),
  answeredRate: z.number().nullable(),
  meanWaitSeconds: z.number().nullable(),
});
const planReply = z.object({
  queue: z.string(),
  day: z.string(),
  inputs: z.object({ ahtSeconds: z.number(), patienceSeconds: z.number().nullable().describe('null: nobody hung up in the history (Erlang C)'), serviceLevel: z.object({ percent: z.number(), seconds: z.number() }), shrinkage: z.number(), learnedFrom: z.object({ from: z.string(), to: z.string() }) }),
  slots: z.array(planSlot),
  agentHours: z.number(),
});

const replayBody = z
  .object({
    queue,
    day: DAY,
    weeks,
    plan: z.array(z.number().int().min(0).max(5000)).length(48).optional().describe("agents on duty per half hour (default: the day's plan)"),
    callbacks: z.object({ afterSeconds: z.number().int().min(30).max(3600), take: z.number().min(0).max(1) }).strict().optional().describe('callers still waiting after afterSeconds take a callback with probability take'),
  })
  .strict();
const replaySlot = z.object({ time: z.string(), offered: z.number().int(), answered: z.number().int(), abandoned: z.number().int(), callbacks: z.number().int(), serviceLevel: z.number().nullable(), asaSeconds: z.number().nullable(), agentsOnDuty: z.number().int() });
const replayReply = z.object({
  queue: z.string(),
  day: z.string(),
  plan: z.array(z.number().int()),
  calls: z.number().int().describe("the day's calls, generated from the forecast with the measured handle time and patience"),
  total: z.object({ offered: z.number().int(), answered: z.number().int(), abandoned: z.number().int(), callbacks: z.number().int(), answeredRate: z.number(), serviceLevel: z.number(), asaSeconds: z.number(), agentHours: z.number() }),
  slots: z.array(replaySlot),
});

const refusals = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

const PLAN_CSV: readonly CsvColumn<z.infer<typeof planSlot>>[] = [
  { header: 'Ora', value: (r) => r.time },
  { header: 'Chiamate previste', value: (r) => r.calls, format: 'decimal' },
  { header: 'Operatori al telefono', value: (r) => r.agents, format: 'integer' },
  { header: 'Operatori da pianificare', value: (r) => r.scheduledAgents, format: 'integer' },
  { header: 'Livello di servizio atteso %', value: (r) => r.serviceLevel, format: 'percent' },
  { header: 'Risposte attese %', value: (r) => r.answeredRate, format: 'percent' },
  { header: 'Attesa media attesa (s)', value: (r) => r.meanWaitSeconds, format: 'decimal' },
];

export function registerStaffingRoutes(server: FastifyInstance, deps: StaffingRouteDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const unknownQueue = (q: string) => (deps.queues().has(q) ? undefined : { error: `queue ${q} is not in queues.yaml`, code: 'STAFFING.NO_SUCH_QUEUE' });
  const forecastOf = (q: string, from: string, to: string, w: number, calendar: Calendar) => {
    const history = deps.arrivals(q, addDays(from, -7 * w), addDays(from, -1));
    const days = daysFrom(from, to);
    return { days, model: forecast(history, days, calendar, { weeks: w }), baseline: seasonalAverage(history, days) };
  };

  app.get(
    '/api/staffing/forecast',
    { config: { access: 'supervisor' }, schema: { tags: ['staffing'], summary: "A queue's offered calls forecast per half hour (src/staffing/forecast.ts), beside the seasonal baseline and, for days gone, what came", querystring: forecastQuery, response: { 200: forecastReply, ...refusals } } },
    async (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const q = request.query;
      const missing = unknownQueue(q.queue);
      if (missing) {
        void reply.status(404).send(missing);
        return;
      }
      const calendar = await deps.calendar(q.queue);
      const { days, model, baseline } = forecastOf(q.queue, q.from, q.to, q.weeks, calendar);
      const yesterday = addDays(localDate(deps.now()), -1);
      const actual = q.from <= yesterday ? deps.arrivals(q.queue, q.from, q.to < yesterday ? q.to : yesterday) : [];
      // A day gone with no call at all is a day of zeros, not a day unknown.
      const gone = days.filter((d) => d <= yesterday).map((day) => actual.find((a) => a.day === day) ?? { day, slots: Array.from({ length: 48 }, () => 0) });
      return {
        queue: q.queue,
        days: days.map((day, i) => ({ day, ...calendar(day), forecast: [...(model[i]?.slots ?? [])], baseline: [...(baseline[i]?.slots ?? [])], actual: gone.find((g) => g.day === day)?.slots.slice() ?? null })),
        accuracy: gone.length > 0 ? { model: accuracy(model, gone), baseline: accuracy(baseline, gone) } : null,
      };
    },
  );

  type Planned = z.infer<typeof planReply> & { readonly forecast: readonly number[]; readonly patience: number };
  const planOf = async (q: z.infer<typeof planQuery>): Promise<Planned | { error: string; code: string }> => {
    const def = deps.queues().get(q.queue);
    const learnedFrom = { from: addDays(q.day, -7 * q.weeks), to: addDays(q.day, -1) };
    const handled = deps.handling(q.queue, learnedFrom.from, learnedFrom.to);
    if (!def || handled.ahtSeconds === undefined) return { error: `queue ${q.queue} answered no call from ${learnedFrom.from} to ${learnedFrom.to}: no handle time to plan with`, code: 'STAFFING.NO_HISTORY' };
    const { model } = forecastOf(q.queue, q.day, q.day, q.weeks, await deps.calendar(q.queue));
    const target = { serviceLevel: { share: def.serviceLevel.percent / 100, seconds: def.serviceLevel.seconds }, ...(q.minAnsweredRate === undefined ? {} : { minAnsweredRate: q.minAnsweredRate }), ...(q.maxMeanWaitSeconds === undefined ? {} : { maxMeanWaitSeconds: q.maxMeanWaitSeconds }) };
    const plan = dayPlan(model[0] ?? { day: q.day, slots: [] }, { ahtSeconds: handled.ahtSeconds, patienceSeconds: handled.patienceSeconds, target, shrinkage: q.shrinkage });
    const row = (p: PlanSlot) => ({ time: p.time, calls: p.calls, agents: p.agents, scheduled: p.scheduled, scheduledAgents: p.scheduledAgents, serviceLevel: p.figures?.serviceLevel ?? null, answeredRate: p.figures?.answeredRate ?? null, meanWaitSeconds: p.figures?.meanWaitSeconds ?? null });
    return {
      queue: q.queue,
      day: q.day,
      inputs: { ahtSeconds: handled.ahtSeconds, patienceSeconds: Number.isFinite(handled.patienceSeconds) ? handled.patienceSeconds : null, serviceLevel: def.serviceLevel, shrinkage: q.shrinkage, learnedFrom },
      slots: plan.map(row),
      agentHours: agentHours(plan),
      forecast: model[0]?.slots ?? [],
      patience: handled.patienceSeconds,
    };
  };

  /** The plan the query asks for, or undefined once the refusal is sent (an unknown queue 404, no history 409). */
  const planOrRefuse = async (q: z.infer<typeof planQuery>, reply: FastifyReply): Promise<Planned | undefined> => {
    const missing = unknownQueue(q.queue);
    const plan = missing ?? (await planOf(q));
    if (!('error' in plan)) return plan;
    void reply.status(missing ? 404 : 409).send(plan);
    return undefined;
  };

  app.get(
    '/api/staffing/plan',
    { config: { access: 'supervisor' }, schema: { tags: ['staffing'], summary: "A day's staffing plan for a queue: per half hour, the calls forecast and the agents its service level needs (Erlang A with the callers' patience measured, else C), and the people to schedule after shrinkage", querystring: planQuery, response: { 200: planReply, ...refusals } } },
    async (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const plan = await planOrRefuse(request.query, reply);
      if (!plan) return;
      return { queue: plan.queue, day: plan.day, inputs: plan.inputs, slots: plan.slots, agentHours: plan.agentHours };
    },
  );
  app.get(
    '/api/staffing/plan.csv',
    { config: { access: 'supervisor' }, schema: { tags: ['staffing'], summary: "A day's staffing plan as CSV (';' and decimal comma by default)", produces: ['text/csv'], querystring: planCsvQuery, response: { 200: z.string().describe('text/csv'), ...refusals } } },
    async (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const plan = await planOrRefuse(request.query, reply);
      if (!plan) return;
      void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="pianificazione-${plan.queue}-${plan.day}.csv"`).send(toCsv(plan.slots, PLAN_CSV, request.query.separator));
    },
  );
  app.post(
    '/api/staffing/replay',
    {
      config: { access: 'supervisor' },
      schema: {
        tags: ['staffing'],
        summary: 'What if: the day replayed in simulated time through the routing core with a plan (the computed one, or yours), callers with the measured patience; answered, abandoned, service level and ASA per half hour',
        body: replayBody,
        response: { 200: replayReply, ...refusals },
      },
    },
    async (request, reply) => {
      // Refused (401/403) by supervisor(), which answered already.
      if (supervisor(request, reply) === undefined) return;
      const b = request.body;
      const planned = await planOrRefuse({ queue: b.queue, day: b.day, weeks: b.weeks, shrinkage: 0 }, reply);
      if (!planned) return;
      const def = deps.queues().get(b.queue) as RoutingQueue & { serviceLevel: { seconds: number } };
      const onDuty = b.plan ?? planned.slots.map((p) => p.agents);
      // The same day for the same inputs: the seed is the day's number.
      const calls = callsOfDay(planned.forecast, { ahtSeconds: planned.inputs.ahtSeconds, patienceSeconds: planned.patience, queueId: b.queue, seed: Date.parse(b.day) / 86_400_000 });
      const skills = new Map(def.skills.map((r) => [r.skill, 5]));
      const result = replay(calls, [{ group: 'plan', skills, queues: [b.queue], onDuty }], { queues: new Map([[b.queue, def]]), slSeconds: def.serviceLevel.seconds, ...(b.callbacks ? { callbacks: b.callbacks } : {}) });
      return {
        queue: b.queue,
        day: b.day,
        plan: [...onDuty],
        calls: calls.length,
        total: result.total,
        slots: result.slots.map((s, i) => ({
          time: planned.slots[i]?.time ?? '',
          offered: s.offered,
          answered: s.answered,
          abandoned: s.abandoned,
          callbacks: s.callbacks,
          serviceLevel: s.offered > 0 ? s.answeredWithinSl / s.offered : null,
          asaSeconds: s.answered > 0 ? s.waitedSeconds / s.answered : null,
          agentsOnDuty: s.agentsOnDuty,
        })),
      };
    },
  );
}
