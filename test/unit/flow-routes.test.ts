/**
 * The flow routes declare what they take and answer (zod): bad input is refused with 400 naming
 * the field, unknown fields too, and the OpenAPI document describes every one of them.
 */
import { describe, expect, it } from 'vitest';
import { Sessions, type SessionStore } from '../../src/agents/sessions.js';
import { installAuth } from '../../src/http/auth.js';
import { createHttpServer } from '../../src/http/server.js';
import { registerFlowRoutes } from '../../src/ivr/versions/routes.js';
import { LiveCatalog } from '../../src/ivr/versions/live-catalog.js';
import { createLogger } from '../../src/logger.js';
import { WELCOME_FLOW } from '../support/flows.js';
import { MemoryFlowVersionStore } from '../support/memory-flow-versions.js';

const AUTH = { authorization: 'Bearer supervisor-token-123' };

async function app() {
  const store = new MemoryFlowVersionStore();
  const logger = createLogger('silent');
  const catalogs = new LiveCatalog(store, { schedules: new Map() }, logger);
  const http = createHttpServer(logger, { check: () => ({}) });
  installAuth(http, new Sessions({} as SessionStore, new Map([['supervisor-token-123', 'ops']]), 1000, () => new Date()));
  void http.register((api, _o, done) => {
    registerFlowRoutes(api, { catalogs, store, now: () => new Date() });
    done();
  });
  await http.ready();
  return http;
}

describe('flow routes with declared schemas', () => {
  it('refuse a bad body with 400 naming the field, and unknown fields', async () => {
    const http = await app();
    const noText = await http.inject({ method: 'POST', url: '/api/flows/check', headers: AUTH, payload: { txt: 'x' } });
    expect(noText.statusCode).toBe(400);
    expect(noText.json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: 'text: Invalid input: expected string, received undefined; body: Unrecognized key: "txt"' });
    const noMessage = await http.inject({ method: 'POST', url: '/api/flows/test-welcome/publish', headers: AUTH, payload: { text: WELCOME_FLOW, message: '  ' } });
    expect(noMessage.json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: 'message: say what changed' });
    const badVersion = await http.inject({ method: 'POST', url: '/api/flows/test-welcome/rollback', headers: AUTH, payload: { version: 'two' } });
    expect(badVersion.json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: expect.stringMatching(/^version: /) as unknown });
    const badOutcome = await http.inject({ method: 'POST', url: '/api/flows/simulate', headers: AUTH, payload: { number: '020202', queueOutcome: 'maybe' } });
    expect(badOutcome.json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: expect.stringMatching(/^queueOutcome: /) as unknown });
    expect((await http.inject({ method: 'PUT', url: '/api/testers/abc', headers: AUTH })).json()).toMatchObject({ code: 'HTTP.INVALID_INPUT', error: 'params.number: a telephone number (digits, optional leading +)' });
  });

  it('work with good input: publish, list, roll back, diff', async () => {
    const http = await app();
    const published = await http.inject({ method: 'POST', url: '/api/flows/test-welcome/publish', headers: AUTH, payload: { text: WELCOME_FLOW, message: 'first' } });
    expect(published.statusCode, published.body).toBe(201);
    expect((await http.inject({ method: 'GET', url: '/api/flows', headers: AUTH })).json()).toMatchObject([{ flowId: 'test-welcome', live: { version: 1, author: 'ops' } }]);
    expect((await http.inject({ method: 'POST', url: '/api/flows/test-welcome/rollback', headers: AUTH, payload: { version: 1 } })).json()).toEqual({ flowId: 'test-welcome', version: 1 });
    expect((await http.inject({ method: 'POST', url: '/api/flows/test-welcome/rollback', headers: AUTH, payload: { version: 7 } })).statusCode).toBe(404);
    expect((await http.inject({ method: 'GET', url: '/api/flows/test-welcome/diff?from=1&to=1', headers: AUTH })).json()).toMatchObject({ from: 1, to: 1 });
  });

  it('are described in the OpenAPI 3.1 document, served without a token', async () => {
    const http = await app();
    const doc = (await http.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/flows/check', '/api/flows/simulate', '/api/flows/{id}/publish', '/api/flows/{id}/rollback', '/api/flows/{id}/diff', '/api/testers/{number}']));
    expect(doc.paths['/api/flows/{id}/publish']?.post?.requestBody).toBeDefined();
  });
});
