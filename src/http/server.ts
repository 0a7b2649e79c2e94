import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

/** The probes' replies (public: no token; the OpenAPI document shows them). */
const readySchema = z.object({ status: z.enum(['ready', 'not ready']), checks: z.record(z.string(), z.boolean()) });
const HEALTH_SCHEMAS = {
  health: {
    tags: ['service'],
    summary: 'The process is alive, and what went unhandled since it started (each logged with its code)',
    security: [],
    response: { 200: z.object({ status: z.literal('ok'), faults: z.object({ unhandledRejections: z.number().int(), uncaughtExceptions: z.number().int() }) }) },
  },
  ready: { tags: ['service'], summary: 'Calls can be taken: each dependency and whether it is connected', security: [], response: { 200: readySchema, 503: readySchema } },
} as const;

/** Every /api route the server has, as "METHOD /path" (HEAD aside): what the OpenAPI document must describe. */
const apiRoutes = new WeakMap<FastifyInstance, string[]>();
export function declaredApiRoutes(app: FastifyInstance): readonly string[] {
  return apiRoutes.get(app) ?? [];
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

  apiRoutes.set(app, []);
  // Every /api route declares what it answers (and, through its schema, what it takes): one that
  // does not is a programming error, refused when the engine starts.
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!route.url.startsWith('/api/') || schema?.hide === true) return;
    if (schema?.response === undefined) throw new Error(`${String(route.method)} ${route.url} declares no schema (params, query, body and responses, with zod): every /api route does`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.get(app)?.push(`${method} ${route.url}`);
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

  // After the swagger plugin (so the probes are in the document too).
  // eslint-disable-next-line @typescript-eslint/require-await
  void app.register(async (api) => {
    // The API's description, from the routes' schemas (public: it holds no data).
    api.get('/api/openapi.json', { logLevel: 'warn', schema: { hide: true } }, () => api.swagger());

    // Probed every few seconds: logged only when something is wrong. `faults`: errors nobody
    // handled since the process started (each logged with its code); the engine kept serving.
    api.get('/health', { logLevel: 'warn', schema: HEALTH_SCHEMAS.health }, () => ({ status: 'ok' as const, faults: processFaults() }));

    api.get('/ready', { logLevel: 'warn', schema: HEALTH_SCHEMAS.ready }, (_request, reply) => {
      const checks = readiness.check();
      const ready = Object.values(checks).every(Boolean);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    });
  });

  return app;
}
