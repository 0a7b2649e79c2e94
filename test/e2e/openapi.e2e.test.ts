/**
 * The engine's OpenAPI 3.1 document, generated from the routes' zod schemas, is a valid OpenAPI
 * document (checked with an OpenAPI schema validator) and names the routes that declare schemas.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startEngine } from '../support/engine.js';

describe('GET /api/openapi.json', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine();
  });
  afterAll(async () => {
    await app.close();
  });

  it('is a valid OpenAPI 3.1 document describing the declared routes, served without a token', async () => {
    const r = await app.http.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, unknown> }>();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/flows/check', '/api/flows/{id}/publish', '/api/queues/config/publish']));
  });
});
