/**
 * Desktop sessions on the real app and Redis: supervisors set PINs, agents log in with id and
 * PIN and act only on themselves; wrong PINs lock out; sessions survive in Redis and end on logout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { keys } from '../../src/store/keys.js';
import type { AddressInfo } from 'node:net';
import { DesktopSocket } from '../support/desktop-socket.js';
import { readFileSync, statSync } from 'node:fs';
import { ENGINE_LOG, MONDAY_MORNING, startEngine } from '../support/engine.js';

const SUPERVISOR = { authorization: 'Bearer demo-supervisor-token' };

describe('agent and supervisor sessions', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING, { CC_DESKTOP_SESSION_RECHECK_MS: '300' });
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const made = await app.http.inject({ method: 'PUT', url: '/api/agents/elena', headers: SUPERVISOR, payload: { name: 'Elena Galli', endpoint: '1014', skills: { tributi: 3 }, queues: ['tributi'] } });
    expect(made.statusCode, made.body).toBeLessThan(300);
  });
  afterAll(async () => {
    await app.http.inject({ method: 'POST', url: '/api/agents/elena/state', headers: SUPERVISOR, payload: { action: 'logout' } });
    await app.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token?: string, payload?: object) =>
    app.http.inject({ method, url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...(payload ? { payload } : {}) });
  const login = async (agentId: string, pin: string) => call('POST', '/api/sessions', undefined, { agentId, pin });

  it('a supervisor sets a PIN (digits only, kept hashed); the agent logs in and sees themselves', async () => {
    expect((await call('PUT', '/api/agents/elena/pin', 'demo-supervisor-token', { pin: '12ab' })).json()).toEqual({ code: 'HTTP.INVALID_INPUT', error: 'pin: a PIN is 4 to 8 digits' });
    expect((await call('PUT', '/api/agents/nobody/pin', 'demo-supervisor-token', { pin: '1234' })).statusCode).toBe(404);
    expect((await call('PUT', '/api/agents/elena/pin', 'demo-supervisor-token', { pin: '2468' })).statusCode).toBe(204);
    expect(await app.redis.redis.get(keys.agentPin('elena'))).toMatch(/^scrypt\$/);

    const opened = await login('elena', '2468');
    expect(opened.statusCode).toBe(201);
    const { token, role, agentId } = opened.json<{ token: string; role: string; agentId: string }>();
    expect({ role, agentId }).toEqual({ role: 'agent', agentId: 'elena' });
    const me = (await call('GET', '/api/me', token)).json<{ agent: { name: string; status: string }; pauseReasons: { id: string }[] }>();
    expect(me.agent).toMatchObject({ name: 'Elena Galli', status: 'logged_out' });
    expect(me.pauseReasons.map((r) => r.id)).toContain('non-risponde');
  });

  it('an agent changes only their own state; supervisor routes and other agents are refused (403)', async () => {
    const { token } = (await login('elena', '2468')).json<{ token: string }>();
    const loggedIn = await call('POST', '/api/me/state', token, { action: 'login' });
    expect(loggedIn.json()).toMatchObject({ id: 'elena', status: 'available' });
    expect((await call('POST', '/api/me/state', token, { action: 'pause', reason: 'caffè' })).json()).toMatchObject({ code: 'ACD.NO_SUCH_PAUSE_REASON' });
    expect((await call('POST', '/api/me/state', token, { action: 'pause', reason: 'non-risponde' })).json()).toMatchObject({ status: 'paused', reason: 'non-risponde' });
    expect((await call('POST', '/api/agents/anna/state', token, { action: 'login' })).json()).toEqual({ code: 'HTTP.FORBIDDEN', error: 'supervisors only' });
    expect((await call('GET', '/api/agents', token)).statusCode).toBe(403);
    expect((await call('POST', '/api/crm/tickets', token, { citizenId: 'x' })).statusCode).toBe(403);
    expect((await call('POST', '/api/me/state', 'demo-supervisor-token', { action: 'ready' })).json()).toEqual({ code: 'HTTP.FORBIDDEN', error: 'agents only' });
    // Audited as the agent.
    const log = await app.redis.redis.xrevrange(keys.events(), '+', '-', 'COUNT', 20);
    expect(log.map(([, f]) => f.join(' ')).find((l) => l.includes('agent.state') && l.includes('elena'))).toContain('agent:elena');
    expect((await call('POST', '/api/me/state', token, { action: 'logout' })).json()).toMatchObject({ status: 'logged_out' });
  });

  it('logout ends the session; a garbage token is 401', async () => {
    const { token } = (await login('elena', '2468')).json<{ token: string }>();
    expect((await call('DELETE', '/api/sessions/current', token)).statusCode).toBe(204);
    expect((await call('GET', '/api/me', token)).statusCode).toBe(401);
    expect((await call('GET', '/api/me', 'not-a-token')).statusCode).toBe(401);
  });

  it('a supervisor opens a browser session with their API token', async () => {
    const opened = await call('POST', '/api/sessions', undefined, { apiToken: 'demo-supervisor-token' });
    const { token } = opened.json<{ token: string }>();
    expect((await call('GET', '/api/me', token)).json()).toEqual({ role: 'supervisor', name: 'supervisor' });
    expect((await call('GET', '/api/agents', token)).statusCode).toBe(200);
    expect((await call('POST', '/api/sessions', undefined, { apiToken: 'wrong' })).statusCode).toBe(401);
  });

  it('a hundred guesses fired in parallel from one address: five are checked, the rest refused (429) before the PIN is; the agent still logs in from their own', async () => {
    const logStart = statSync(ENGINE_LOG).size;
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => app.http.inject({ method: 'POST', url: '/api/sessions', remoteAddress: '198.51.100.7', payload: { agentId: 'elena', pin: String(1000 + i) } })),
    );
    const statuses = guesses.map((g) => g.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    expect((await login('elena', '2468')).statusCode).toBe(201);
    // Each failure is one line with the source address, for fail2ban.
    const failed = readFileSync(ENGINE_LOG).subarray(logStart).toString('utf8').split('\n').filter((l) => l.includes('"msg":"auth.login_failed"') && l.includes('"ip":"198.51.100.7"'));
    expect(failed).toHaveLength(100);
  });

  it('five wrong PINs lock the agent out (429), whatever comes next, until a supervisor sets the PIN again', async () => {
    for (let i = 0; i < 5; i++) expect((await login('elena', '0000')).json()).toEqual({ code: 'AUTH.BAD_CREDENTIALS', error: 'wrong agent id or PIN' });
    expect((await login('elena', '2468')).statusCode).toBe(429);
    expect((await login('nobody', '2468')).json()).toEqual({ code: 'AUTH.BAD_CREDENTIALS', error: 'wrong agent id or PIN' });
    expect((await call('PUT', '/api/agents/elena/pin', 'demo-supervisor-token', { pin: '1357' })).statusCode).toBe(204);
    expect((await login('elena', '1357')).statusCode).toBe(201);
  });

  it('a new PIN logs out whoever was logged in with the old one, desktop included; so does removing the agent', async () => {
    expect((await call('PUT', '/api/agents/elena/pin', 'demo-supervisor-token', { pin: '8642' })).statusCode).toBe(204);
    const { token } = (await login('elena', '8642')).json<{ token: string }>();
    const desk = await DesktopSocket.open((app.http.server.address() as AddressInfo).port, token);
    await desk.next((m) => m.type === 'hello');
    expect((await call('PUT', '/api/agents/elena/pin', 'demo-supervisor-token', { pin: '9753' })).statusCode).toBe(204);
    expect((await call('GET', '/api/me', token)).statusCode).toBe(401);
    expect(await desk.closed).toBe(4401);

    const made = await call('PUT', '/api/agents/effimera', 'demo-supervisor-token', { name: 'Effimera Test', endpoint: '1020', skills: { tributi: 1 }, queues: ['tributi'] });
    expect(made.statusCode, made.body).toBeLessThan(300);
    await call('PUT', '/api/agents/effimera/pin', 'demo-supervisor-token', { pin: '1111' });
    const gone = (await login('effimera', '1111')).json<{ token: string }>().token;
    expect((await call('DELETE', '/api/agents/effimera', 'demo-supervisor-token')).statusCode).toBe(204);
    expect((await call('GET', '/api/me', gone)).statusCode).toBe(401);
  });

  it('logging out closes that session\'s desktop too', async () => {
    const { token } = (await login('elena', '9753')).json<{ token: string }>();
    const desk = await DesktopSocket.open((app.http.server.address() as AddressInfo).port, token);
    await desk.next((m) => m.type === 'hello');
    expect((await call('DELETE', '/api/sessions/current', token)).statusCode).toBe(204);
    expect(await desk.closed).toBe(4401);
  });
});
