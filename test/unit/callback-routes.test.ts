/** Who may see and change which callbacks, and which number a callback may present. */
import { describe, expect, it } from 'vitest';
import { Sessions, type SessionRecord, type SessionStore } from '../../src/agents/sessions.js';
import type { Callback } from '../../src/callbacks/callback-store.js';
import type { Callbacks } from '../../src/callbacks/callbacks.js';
import { registerCallbackRoutes } from '../../src/callbacks/routes.js';
import { installAuth } from '../../src/http/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';

const cb = (id: string, createdBy: string): Callback => ({
  id, kind: 'keep_place', number: '+393331112222', queueId: 'tributi', acdCallId: `cb-${id}`, dueAt: 0, status: 'booked', attempt: 0, dialled: 0,
  callerId: '020202', createdAt: 0, createdBy, data: {},
});

function app() {
  const all = [cb('mine', 'agent:anna'), cb('theirs', 'agent:bruno'), cb('office', 'supervisor')];
  const done: string[] = [];
  const callbacks = {
    open: () => Promise.resolve(all),
    get: (id: string) => Promise.resolve(all.find((c) => c.id === id)),
    cancel: (id: string, by: string) => (done.push(`cancel ${id} by ${by}`), Promise.resolve(all.find((c) => c.id === id) as Callback)),
    move: (id: string, _at: Date, by: string) => (done.push(`move ${id} by ${by}`), Promise.resolve(all.find((c) => c.id === id) as Callback)),
    book: (r: { callerId?: string }, by: string) => (done.push(`book ${r.callerId ?? 'default'} by ${by}`), Promise.resolve({ callback: all[0] as Callback, merged: false })),
  } as unknown as Callbacks;
  const annaSession: SessionRecord = { role: 'agent', name: 'agent:anna', agentId: 'anna', expiresAt: 0 };
  const store = { session: (h: string) => Promise.resolve(h.length > 0 ? annaSession : undefined) } as unknown as SessionStore;
  const http = createHttpServer(createLogger('silent'), { check: () => ({}) });
  installAuth(http, new Sessions(store, new Map([['supervisor-token-123', 'supervisor']]), 1000, () => new Date()));
  void http.register((api, _o, done) => {
    registerCallbackRoutes(api, { callbacks, callerIds: new Set(['020202', '800292020']) });
    done();
  });
  const as = (who: 'anna' | 'supervisor') => ({ authorization: `Bearer ${who === 'anna' ? 'anna-session-token' : 'supervisor-token-123'}` });
  return { http, as, done };
}

describe('callbacks through the API', () => {
  it('an agent lists, reads, moves and cancels only the callbacks they booked; a supervisor, all', async () => {
    const { http, as, done } = app();
    expect((await http.inject({ method: 'GET', url: '/api/callbacks', headers: as('anna') })).json<{ id: string }[]>().map((c) => c.id)).toEqual(['mine']);
    expect((await http.inject({ method: 'GET', url: '/api/callbacks', headers: as('supervisor') })).json<{ id: string }[]>()).toHaveLength(3);
    expect((await http.inject({ method: 'GET', url: '/api/callbacks/theirs', headers: as('anna') })).statusCode).toBe(404);
    expect((await http.inject({ method: 'DELETE', url: '/api/callbacks/theirs', headers: as('anna') })).statusCode).toBe(404);
    expect((await http.inject({ method: 'PATCH', url: '/api/callbacks/office', headers: as('anna'), payload: { at: '2030-01-07T09:00:00Z' } })).statusCode).toBe(404);
    expect((await http.inject({ method: 'DELETE', url: '/api/callbacks/mine', headers: as('anna') })).statusCode).toBe(200);
    expect((await http.inject({ method: 'DELETE', url: '/api/callbacks/theirs', headers: as('supervisor') })).statusCode).toBe(200);
    expect(done).toEqual(['cancel mine by agent:anna', 'cancel theirs by supervisor']);
  });

  it('the number presented is one of the service\'s: never 112 or a citizen\'s; an agent cannot choose it', async () => {
    const { http, as, done } = app();
    const book = (who: 'anna' | 'supervisor', callerId?: string) =>
      http.inject({ method: 'POST', url: '/api/callbacks', headers: as(who), payload: { number: '3331112222', queue: 'tributi', ...(callerId === undefined ? {} : { callerId }) } });
    expect((await book('supervisor', '112')).json()).toMatchObject({ code: 'CALLBACK.INVALID', error: expect.stringContaining('callerId: 112 is not one of the service') as unknown });
    expect((await book('supervisor', '3339998888')).statusCode).toBe(400);
    expect((await book('anna', '020202')).json()).toMatchObject({ code: 'CALLBACK.INVALID', error: expect.stringContaining('only a supervisor') as unknown });
    expect((await book('supervisor', '800292020')).statusCode).toBe(201);
    expect((await book('anna')).statusCode).toBe(201);
    expect(done).toEqual(['book 800292020 by supervisor', 'book default by agent:anna']);
  });

  it('refuses a bad booking with 400 naming the field, unknown fields too', async () => {
    const { http, as } = app();
    const r = await http.inject({ method: 'POST', url: '/api/callbacks', headers: as('supervisor'), payload: { number: '3331112222', queue: 'Tributi!', colour: 'red' } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: 'queue: a queue id; body: Unrecognized key: "colour"' });
  });
});
