/** The announcement routes' declared schemas: a bad message is refused naming each field. */
import { describe, expect, it } from 'vitest';
import { Sessions, type SessionStore } from '../../src/agents/sessions.js';
import { registerAnnouncementRoutes } from '../../src/announcements/routes.js';
import type { AnnouncementStore } from '../../src/announcements/announcement.js';
import { installAuth } from '../../src/http/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';

describe('switching an announcement on', () => {
  it('refuses a bad kind, a short text and an unknown field, each named; a bad id too', async () => {
    const http = createHttpServer(createLogger('silent'), { check: () => ({}) });
    installAuth(http, new Sessions({} as SessionStore, new Map([['supervisor-token-123', 'ops']]), 1000, () => new Date()));
    const store = { list: () => Promise.resolve([]), history: () => Promise.resolve([]), put: () => Promise.resolve(), remove: () => Promise.resolve(false) } as unknown as AnnouncementStore;
    void http.register((api, _o, done) => {
      registerAnnouncementRoutes(api, { store, soundsDir: undefined, now: () => new Date() });
      done();
    });
    const headers = { authorization: 'Bearer supervisor-token-123' };
    const bad = await http.inject({ method: 'PUT', url: '/api/announcements/neve', headers, payload: { kind: 'alarm', text: 'x', colour: 'red' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toBe('kind: Invalid option: expected one of "emergency"|"info"; text: the text is too short; body: Unrecognized key: "colour"');
    expect((await http.inject({ method: 'PUT', url: '/api/announcements/Neve!', headers, payload: { kind: 'info', text: 'Buongiorno a tutti.' } })).json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: expect.stringMatching(/^params\.id: /) as unknown });
    expect((await http.inject({ method: 'DELETE', url: '/api/announcements/neve', headers })).statusCode).toBe(404);
  });
});
