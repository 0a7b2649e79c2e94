/**
 * HTTP routes for schedules.yaml, versioned: what is live (and each schedule's state now), every
 * version, publish, rollback, diff; and closures (a strike, snow) added or removed in one step,
 * each a new version of the file. Every change applies to the next caller on every engine.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../../http/auth.js';
import { problemSchema } from '../../http/replies.js';
import { scheduleState, type HolidayCalendar, type Schedule } from '../../shared/schedule.js';
import { FlowInvalidError } from '../../shared/yaml-document.js';
import type { LiveCatalog } from './live-catalog.js';
import { addClosure, diffSchedules, removeClosure, type ScheduleVersions, type Schedules } from './schedule-versions.js';

export interface ScheduleRoutesDeps {
  readonly versions: ScheduleVersions;
  readonly catalogs: LiveCatalog;
  readonly holidays: HolidayCalendar;
  readonly now: () => Date;
}

const error = problemSchema;
const scheduleId = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a schedule id: lower-case letters, digits, -').describe('the schedule id') });
const versionSummary = z.object({ version: z.number().int(), hash: z.string(), author: z.string(), at: z.string(), message: z.string(), live: z.boolean() });
const changed = z.object({ version: z.number().int(), created: z.boolean() });
const message = z.string().trim().min(1, 'say what changed').max(500).describe('what changed, for the history');
const moment = z.string().describe('a day (YYYY-MM-DD) or a day and a time (YYYY-MM-DD HH:MM), Rome time');
const SCHEMAS = {
  get: {
    tags: ['schedules'],
    summary: 'The live schedules.yaml: its text, its versions, and each schedule\'s state now',
    response: {
      200: z.object({
        live: z.number().int().optional(),
        text: z.string().optional(),
        versions: z.array(versionSummary),
        now: z.array(z.object({ id: z.string(), description: z.string().optional(), state: z.enum(['open', 'closed', 'holiday']), reason: z.string(), closure: z.string().optional() })),
        closures: z.array(z.object({ schedule: z.string(), from: z.string(), to: z.string(), name: z.string(), message: z.string().optional() })).describe('every closure of the live version'),
      }),
    },
  },
  publish: { tags: ['schedules'], summary: 'Publish a new schedules.yaml (for the next caller on every engine)', body: z.object({ text: z.string().min(1).max(1_000_000), message }).strict(), response: { 200: changed, 201: changed, 400: error } },
  rollback: { tags: ['schedules'], summary: 'Make an earlier version of schedules.yaml live again', body: z.object({ version: z.number().int().min(1) }).strict(), response: { 200: z.object({ version: z.number().int() }), 400: error, 404: error } },
  diff: {
    tags: ['schedules'],
    summary: 'What changed between two versions of schedules.yaml, in words',
    querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1).optional().describe('default: the live version') }).strict(),
    response: { 200: z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(z.string()) }), 404: error },
  },
  close: {
    tags: ['schedules'],
    summary: 'Close a service for a while (a strike, snow): a new version with the closure',
    params: scheduleId,
    body: z.object({ from: moment, to: moment, name: z.string().trim().min(1).max(80).describe('what callers and reports call it: Sciopero, Neve'), message: z.string().trim().min(1).max(600).optional().describe('what callers hear, once') }).strict(),
    response: { 201: changed, 400: error, 404: error },
  },
  reopen: {
    tags: ['schedules'],
    summary: 'Remove a closure (the strike was called off): a new version without it',
    params: scheduleId.extend({ name: z.string().min(1).max(80).describe("the closure's name") }),
    response: { 200: changed, 400: error, 404: error },
  },
} as const;

export function registerScheduleRoutes(server: FastifyInstance, deps: ScheduleRoutesDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const check = (candidate: Schedules) => deps.catalogs.problemsWithSchedules(candidate);
  const refused = (reply: FastifyReply, problems: readonly string[]) => reply.status(400).send({ error: 'schedules.yaml is not valid: nothing was published', code: 'IVR.SCHEDULES_INVALID', problems: [...problems] });
  const liveText = async () => {
    const live = await deps.versions.current();
    return live === undefined ? undefined : (await deps.versions.get(live.version))?.text;
  };
  /** Publishes a text made from the live one; a refused result says why, nothing stored. */
  const publishDerived = async (reply: FastifyReply, text: string, author: string, what: string, status: 200 | 201) => {
    try {
      const r = await deps.versions.publish(text, author, what, deps.now(), check);
      return reply.status(status).send({ version: r.version, created: r.created });
    } catch (e) {
      if (e instanceof FlowInvalidError) return refused(reply, e.problems);
      throw e;
    }
  };

  app.get('/api/schedules', { config: { access: 'supervisor' }, schema: SCHEMAS.get }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const live = await deps.versions.current();
    const versions = await deps.versions.list();
    const at = deps.now();
    const now = [...(live?.value ?? new Map<string, Schedule>())].map(([id, s]) => {
      const status = scheduleState(s, at, deps.holidays, false);
      return { id, ...(s.description === undefined ? {} : { description: s.description }), state: status.base, reason: status.reason, ...(status.closure ? { closure: status.closure.name } : {}) };
    });
    const closures = [...(live?.value ?? new Map<string, Schedule>())].flatMap(([schedule, s]) => s.closures.map((c) => ({ schedule, ...c })));
    return {
      ...(live ? { live: live.version, text: versions.find((v) => v.version === live.version)?.text } : {}),
      versions: versions.map((v) => ({ version: v.version, hash: v.hash, author: v.author, at: v.at, message: v.message, live: v.version === live?.version })),
      now,
      closures,
    };
  });

  app.post('/api/schedules/publish', { config: { access: 'supervisor' }, schema: SCHEMAS.publish }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    try {
      const r = await deps.versions.publish(request.body.text, author, request.body.message, deps.now(), check);
      return reply.status(r.created ? 201 : 200).send({ version: r.version, created: r.created });
    } catch (e) {
      if (e instanceof FlowInvalidError) return refused(reply, e.problems);
      throw e;
    }
  });

  app.post('/api/schedules/rollback', { config: { access: 'supervisor' }, schema: SCHEMAS.rollback }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { version } = request.body;
    try {
      const value = await deps.versions.rollback(version, author, deps.now(), check);
      if (value === undefined) return reply.status(404).send({ error: `schedules.yaml has no version ${version}`, code: 'IVR.NO_SUCH_VERSION' });
      return { version };
    } catch (e) {
      if (e instanceof FlowInvalidError) return reply.status(400).send({ error: `version ${version} cannot go live`, code: 'IVR.SCHEDULES_INVALID', problems: e.problems });
      throw e;
    }
  });

  app.get('/api/schedules/diff', { config: { access: 'supervisor' }, schema: SCHEMAS.diff }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const to = request.query.to ?? (await deps.versions.current())?.version;
    const [a, b] = await Promise.all([deps.versions.get(request.query.from), to === undefined ? undefined : deps.versions.get(to)]);
    if (!a || !b || to === undefined) return reply.status(404).send({ error: `schedules.yaml has no version ${!a ? request.query.from : String(to)}`, code: 'IVR.NO_SUCH_VERSION' });
    const parse = (v: { version: number; text: string }) => deps.versions.kind.parse(`schedules.yaml version ${v.version}`, v.text);
    return { from: a.version, to, changes: diffSchedules(parse(a), parse(b)) };
  });

  app.post('/api/schedules/:id/closures', { config: { access: 'supervisor' }, schema: SCHEMAS.close }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { id } = request.params;
    const text = await liveText();
    const next = text === undefined ? undefined : addClosure(text, id, request.body);
    if (next === undefined) return reply.status(404).send({ error: `no live schedule "${id}"`, code: 'IVR.NO_SUCH_SCHEDULE' });
    const b = request.body;
    return publishDerived(reply, next, author, `closure ${b.name} from ${b.from} to ${b.to}`, 201);
  });

  app.delete('/api/schedules/:id/closures/:name', { config: { access: 'supervisor' }, schema: SCHEMAS.reopen }, async (request, reply) => {
    const author = supervisor(request, reply);
    if (author === undefined) return reply;
    const { id, name } = request.params;
    const text = await liveText();
    const next = text === undefined ? undefined : removeClosure(text, id, name);
    if (next === undefined) return reply.status(404).send({ error: `schedule "${id}" has no closure "${name}"`, code: 'IVR.NO_SUCH_CLOSURE' });
    return publishDerived(reply, next, author, `closure ${name} removed`, 200);
  });
}
