/** Who may reach an /api route: decided on the matched route, whatever the URL's spelling. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Sessions } from '../../src/agents/sessions.js';
import { NO_SESSIONS } from '../support/memory-stores.js';
import { installAuth } from '../../src/http/auth.js';


function app() {
  const http = Fastify();
  installAuth(http, new Sessions(NO_SESSIONS, new Map([['demo-supervisor-token', 'supervisor']]), 1000, () => new Date()));
  http.get('/api/directory/search', () => ({ entries: [{ name: 'Mario Rossi', mobile: '+393331234567' }] }));
  http.post('/api/sessions', () => ({ token: 't' }));
  http.get('/health', () => ({ status: 'ok' }));
  return http;
}

describe('authentication of /api routes', () => {
  it.each(['/api/directory/search?q=rossi', '/%61pi/directory/search?q=rossi', '/%61%70%69/directory/search?q=rossi', '/api/directory/%73earch?q=rossi'])(
    '%s without a token is refused (401)',
    async (url) => {
      const r = await app().inject({ method: 'GET', url });
      expect(r.statusCode).toBe(401);
      expect(r.body).not.toContain('Rossi');
    },
  );

  it('with a token it is served; the login and the health check need none', async () => {
    const http = app();
    expect((await http.inject({ method: 'GET', url: '/%61pi/directory/search?q=rossi', headers: { authorization: 'Bearer demo-supervisor-token' } })).statusCode).toBe(200);
    expect((await http.inject({ method: 'POST', url: '/%61pi/sessions' })).statusCode).toBe(200);
    expect((await http.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
