import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import { processFaults } from '../process-guard.js';

export interface Readiness {
  /** Each dependency the engine needs to take calls, and whether it is connected now. */
  check(): Record<string, boolean>;
}

/**
 * The engine's HTTP API. Features register their own routes on the returned instance.
 * `/health`: the process is alive (and what went unhandled). `/ready`: calls can be taken (ARI and Redis connected).
 */
/**
 * What a request log line keeps: never the query string, where searches carry personal data
 * (`?phone=…`, `?fiscalCode=…`, `?name=…`, `?q=rossi`).
 */
export function requestForLog(request: { method: string; url: string; ip?: string }): { method: string; url: string; remoteAddress?: string } {
  const path = request.url.split('?')[0] ?? '';
  return { method: request.method, url: path, ...(request.ip === undefined ? {} : { remoteAddress: request.ip }) };
}

/**
 * "field: problem; other.field: problem" from a schema validation error: the body's fields by
 * name, the URL's as params.x / querystring.x.
 */
export function describeValidation(error: { message: string; validation?: readonly { instancePath?: string; message?: string }[]; validationContext?: string }): string {
  if (!error.validation || error.validation.length === 0) return error.message;
  const context = error.validationContext ?? 'body';
  return error.validation
    .map((v) => {
      const field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      const where = context === 'body' ? field || 'body' : `${context}${field ? `.${field}` : ''}`;
      return `${where}: ${v.message ?? 'invalid'}`;
    })
    .join('; ');
}

export function createHttpServer(logger: Logger, readiness: Readiness): FastifyInstance {
  // pino's Logger and fastify's FastifyBaseLogger differ only in typing; the cast keeps the default instance type.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  const app = Fastify({ loggerInstance: logger.child({ component: 'http' }, { serializers: { req: requestForLog } }) as FastifyBaseLogger });

  // Routes declare their params, query, body and replies with zod: checked on the way in (400
  // naming the field) and out, and published as the OpenAPI 3.1 document.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'cc-engine', description: 'Contact-center engine API: flows, queues and agents, callbacks, CRM, directory, announcements.', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a supervisor API token (CC_API_TOKENS) or a session token from POST /api/sessions' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error.message, code: error.code }, 'http.error');
      return reply.status(status).send({ error: 'internal error', code: 'HTTP.INTERNAL' });
    }
    // A declared schema refused the input: each problem names its field ("message: say what changed").
    if (error.code === 'FST_ERR_VALIDATION') return reply.status(400).send({ error: describeValidation(error), code: 'HTTP.INVALID_INPUT' });
    return reply.status(status).send({ error: error.message, code: error.code ?? 'HTTP.BAD_REQUEST' });
  });

  // The API's description, from the routes' schemas (public: it holds no data).
  app.get('/api/openapi.json', { logLevel: 'warn', schema: { hide: true } }, () => app.swagger());

  // Probed every few seconds: logged only when something is wrong. `faults`: errors nobody
  // handled since the process started (each logged with its code); the engine kept serving.
  app.get('/health', { logLevel: 'warn' }, () => ({ status: 'ok', faults: processFaults() }));

  app.get('/ready', { logLevel: 'warn' }, (_request, reply) => {
    const checks = readiness.check();
    const ready = Object.values(checks).every(Boolean);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  return app;
}
