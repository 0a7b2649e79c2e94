/**
 * Every /api route declares its input and output with zod: the server refuses to start with one
 * that does not, and a declared route refuses unknown fields and bad values with 400 naming them.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerSessionRoutes } from '../../src/agents/routes.js';
import { Sessions, type SessionStore } from '../../src/agents/sessions.js';
import { NO_SESSIONS } from '../support/memory-stores.js';
import { installAuth } from '../../src/http/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';

const quiet = () => createLogger('fatal', new Writable({ write: (_c, _e, done) => done() }));

describe('an /api route without a schema', () => {
  it('stops the server from starting, naming the route', async () => {
    const http = createHttpServer(quiet(), { check: () => ({}) });
    expect(() => http.get('/api/undeclared', () => ({ ok: true }))).toThrow('GET /api/undeclared declares no schema');
    // Inside a plugin (as the features register theirs), the engine's start fails.
    // eslint-disable-next-line @typescript-eslint/require-await
    void http.register(async (api) => {
      api.post('/api/also-undeclared', () => ({ ok: true }));
    });
    await expect(http.ready()).rejects.toThrow('POST /api/also-undeclared declares no schema');
  });

  it('is fine outside /api (pages, health) and with a declared reply', async () => {
    const http = createHttpServer(quiet(), { check: () => ({}) });
    http.get('/desktop/', () => 'page');
    http.get('/api/declared', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, () => ({ ok: true }));
    await expect(http.ready()).resolves.toBeDefined();
    await http.close();
  });
});

describe('a declared route', () => {
  async function server() {
    const http = createHttpServer(quiet(), { check: () => ({}) });
    const sessions = new Sessions(NO_SESSIONS, new Map([['demo-supervisor-token', 'supervisor']]), 60_000, () => new Date());
    installAuth(http, sessions);
    // The login route reads only the sessions; the desktop's other deps are not reached here.
    registerSessionRoutes(http, { sessions } as Parameters<typeof registerSessionRoutes>[1]);
    await http.ready();
    return http;
  }

  it('refuses an unknown field with 400 naming it, before any PIN is checked', async () => {
    const http = await server();
    const r = await http.inject({ method: 'POST', url: '/api/sessions', payload: { agentId: 'anna', pin: '1234', colour: 'red' } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ code: 'HTTP.INVALID_INPUT', error: 'body: Unrecognized key: "colour"' });
    await http.close();
  });

  it('refuses half a login with the rule in words, and a bad type naming the field', async () => {
    const http = await server();
    expect((await http.inject({ method: 'POST', url: '/api/sessions', payload: { agentId: 'anna' } })).json()).toEqual({ code: 'HTTP.INVALID_INPUT', error: 'body: give agentId and pin, or apiToken' });
    expect((await http.inject({ method: 'POST', url: '/api/sessions', payload: { agentId: 'anna', pin: 1234 } })).json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: expect.stringMatching(/^pin: /) as unknown });
    await http.close();
  });

  it('answers with what it declared: a supervisor token opens a session', async () => {
    const http = await server();
    const r = await http.inject({ method: 'POST', url: '/api/sessions', payload: { apiToken: 'demo-supervisor-token' } });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ role: 'supervisor', name: 'supervisor', token: expect.any(String) as unknown, expiresAt: expect.any(Number) as unknown });
    await http.close();
  });
});

describe('who may call a route', () => {
  it('is decided before its input: an agent sending a bad body to a supervisors\' route is refused for who they are (403), not for the body (400)', async () => {
    const agentSessions: SessionStore = { ...NO_SESSIONS, session: () => Promise.resolve({ role: 'agent', name: 'agent:anna', agentId: 'anna', expiresAt: 0 }) };
    const http = createHttpServer(quiet(), { check: () => ({}) });
    installAuth(http, new Sessions(agentSessions, new Map([['demo-supervisor-token', 'supervisor']]), 60_000, () => new Date()));
    http.post('/api/only-supervisors', { config: { access: 'supervisor' }, schema: { body: z.object({ subject: z.string() }).strict(), response: { 200: z.object({ ok: z.boolean() }) } } }, () => ({ ok: true }));
    const asAgent = await http.inject({ method: 'POST', url: '/api/only-supervisors', headers: { authorization: 'Bearer agent-token' }, payload: { colour: 'red' } });
    expect(asAgent.statusCode).toBe(403);
    expect(asAgent.json()).toEqual({ code: 'HTTP.FORBIDDEN', error: 'supervisors only' });
    const asSupervisor = await http.inject({ method: 'POST', url: '/api/only-supervisors', headers: { authorization: 'Bearer demo-supervisor-token' }, payload: { colour: 'red' } });
    expect(asSupervisor.statusCode).toBe(400);
    await http.close();
  });
});
