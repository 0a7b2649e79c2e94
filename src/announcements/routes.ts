/** HTTP routes: /api/announcements — list, switch on (PUT), switch off (DELETE), history. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisor } from '../http/auth.js';
import { noContentSchema, problemSchema } from '../http/replies.js';
import { renderPrompt } from '../shared/render-prompt.js';
import { activeFor, ANNOUNCEMENT_HISTORY, ANNOUNCEMENT_ID, announcementInputSchema, type Announcement, type AnnouncementStore } from './announcement.js';

export interface AnnouncementRoutesDeps {
  readonly store: AnnouncementStore;
  /** Where Asterisk reads the engine's prompts; text is rendered there. */
  readonly soundsDir: string | undefined;
  readonly now: () => Date;
}

/** What the announcement routes take and answer (the OpenAPI document shows them). */
const announcementId = z.object({ id: z.string().regex(ANNOUNCEMENT_ID, 'lower-case letters, digits, - (up to 40)') });
const problem = problemSchema;
const announcementView = z.object({
  id: z.string(),
  kind: z.enum(['emergency', 'info']),
  text: z.string(),
  flows: z.array(z.string()),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
const SCHEMAS = {
  list: { tags: ['announcements'], summary: 'The messages switched on, and whether each is in its time window now', response: { 200: z.array(announcementView.extend({ activeNow: z.boolean() })) } },
  put: { tags: ['announcements'], summary: 'Switch a message on (rendered to audio first), or change it', params: announcementId, body: announcementInputSchema, response: { 200: announcementView, 503: problem } },
  history: {
    tags: ['announcements'],
    summary: 'Who switched which message on or off, and when: newest first',
    querystring: z.object({ limit: z.coerce.number().int().min(1).max(ANNOUNCEMENT_HISTORY).default(50) }).strict(),
    response: { 200: z.array(z.object({ id: z.string(), action: z.enum(['on', 'off']), by: z.string(), at: z.string(), kind: z.enum(['emergency', 'info']).optional(), text: z.string().optional() })) },
  },
  remove: { tags: ['announcements'], summary: 'Switch a message off', params: announcementId, response: { 204: noContentSchema, 404: problem } },
} as const;

export function registerAnnouncementRoutes(server: FastifyInstance, deps: AnnouncementRoutesDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.get('/api/announcements', { config: { access: 'supervisor' }, schema: SCHEMAS.list }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const now = deps.now();
    // activeNow: inside its start/end window (whichever flows it plays in).
    return (await deps.store.list()).map((a) => ({ ...a, activeNow: activeFor([{ ...a, flows: ['*'] }], '*', now).length > 0 }));
  });

  app.get('/api/announcements/history', { config: { access: 'supervisor' }, schema: SCHEMAS.history }, async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    return deps.store.history(request.query.limit);
  });

  app.put('/api/announcements/:id', { config: { access: 'supervisor' }, schema: SCHEMAS.put }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const { id } = request.params;
    if (deps.soundsDir === undefined) return reply.status(503).send({ error: 'CC_SOUNDS_DIR is not set: the engine cannot render announcements', code: 'ANNOUNCEMENT.NO_SOUNDS_DIR' });
    // Rendered before it is switched on: a call never meets an announcement without its audio.
    await renderPrompt(request.body.text, deps.soundsDir);
    const announcement: Announcement = { ...request.body, id, updatedBy: by, updatedAt: deps.now().toISOString() };
    await deps.store.put(announcement);
    request.log.info({ id, kind: announcement.kind, by }, 'announcement.on');
    return announcement;
  });

  app.delete('/api/announcements/:id', { config: { access: 'supervisor' }, schema: SCHEMAS.remove }, async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    if (!(await deps.store.remove(request.params.id, by, deps.now()))) {
      return reply.status(404).send({ error: `no announcement "${request.params.id}" is on`, code: 'ANNOUNCEMENT.NOT_FOUND' });
    }
    request.log.info({ id: request.params.id, by }, 'announcement.off');
    return reply.status(204).send(null);
  });
}
