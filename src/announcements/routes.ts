/** HTTP routes: /api/announcements — list, switch on (PUT), switch off (DELETE). */
import type { FastifyInstance } from 'fastify';
import { supervisor } from '../http/auth.js';
import { renderPrompt } from '../ivr/render-prompt.js';
import { activeFor, ANNOUNCEMENT_ID, announcementInputSchema, type Announcement, type AnnouncementStore } from './announcement.js';

export interface AnnouncementRoutesDeps {
  readonly store: AnnouncementStore;
  /** Where Asterisk reads the engine's prompts; text is rendered there. */
  readonly soundsDir: string | undefined;
  readonly now: () => Date;
}

export function registerAnnouncementRoutes(app: FastifyInstance, deps: AnnouncementRoutesDeps): void {
  app.get('/api/announcements', async (request, reply) => {
    if (supervisor(request, reply) === undefined) return reply;
    const now = deps.now();
    // activeNow: inside its start/end window (whichever flows it plays in).
    return (await deps.store.list()).map((a) => ({ ...a, activeNow: activeFor([{ ...a, flows: ['*'] }], '*', now).length > 0 }));
  });

  app.put<{ Params: { id: string } }>('/api/announcements/:id', async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    const { id } = request.params;
    if (!ANNOUNCEMENT_ID.test(id)) return reply.status(400).send({ error: `"${id}" is not a valid id: lower-case letters, digits, - (up to 40)`, code: 'ANNOUNCEMENT.INVALID' });
    const parsed = announcementInputSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.status(400).send({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), code: 'ANNOUNCEMENT.INVALID' });
    }
    if (deps.soundsDir === undefined) return reply.status(503).send({ error: 'CC_SOUNDS_DIR is not set: the engine cannot render announcements', code: 'ANNOUNCEMENT.NO_SOUNDS_DIR' });
    // Rendered before it is switched on: a call never meets an announcement without its audio.
    await renderPrompt(parsed.data.text, deps.soundsDir);
    const announcement: Announcement = { ...parsed.data, id, updatedBy: by, updatedAt: deps.now().toISOString() };
    await deps.store.put(announcement);
    request.log.info({ id, kind: announcement.kind, by }, 'announcement.on');
    return announcement;
  });

  app.delete<{ Params: { id: string } }>('/api/announcements/:id', async (request, reply) => {
    const by = supervisor(request, reply);
    if (by === undefined) return reply;
    if (!(await deps.store.remove(request.params.id, by, deps.now()))) {
      return reply.status(404).send({ error: `no announcement "${request.params.id}" is on`, code: 'ANNOUNCEMENT.NOT_FOUND' });
    }
    request.log.info({ id: request.params.id, by }, 'announcement.off');
    return reply.status(204).send();
  });
}
