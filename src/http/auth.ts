/**
 * Authentication for the whole /api: a bearer token that is either a supervisor API token
 * (CC_API_TOKENS, "name:token" pairs; what the CLI uses) or a session token (an agent's or a
 * supervisor's, opened with POST /api/sessions). The principal is resolved once per request; each
 * route then says who may call it (`supervisor`, `agent`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Sessions } from '../agents/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route: decided before its input is read (403 before any 400). Absent: any valid session. */
    access?: 'supervisor' | 'agent';
  }
}

export function parseTokens(spec: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = pair.indexOf(':');
    tokens.set(pair.slice(i + 1), pair.slice(0, i));
  }
  return tokens;
}

export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : '';
}

/** Every /api route but the login needs a valid token; its principal is on `request.principal`. */
export function installAuth(app: FastifyInstance, sessions: Sessions): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    // Decided on the route the router matched (it decodes the path), never on the raw URL: a
    // percent-encoded "/%61pi/…" reaches an /api route and must need a session like "/api/…".
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/')) return;
    if (request.method === 'POST' && route === '/api/sessions') return;
    if (request.method === 'GET' && route === '/api/openapi.json') return;
    const principal = await sessions.resolve(bearerToken(request));
    if (!principal) {
      return reply.status(401).header('www-authenticate', 'Bearer').send({ error: 'a valid API token or session is required (Authorization: Bearer …)', code: 'HTTP.UNAUTHORIZED' });
    }
    request.principal = principal;
    // The route's own rule, before its body is parsed or checked: a body an agent may not send
    // to a supervisors' route is refused for who sends it, not for what it holds.
    const access = request.routeOptions.config.access;
    if (access !== undefined && principal.role !== access) {
      return reply.status(403).send({ error: `${access}s only`, code: 'HTTP.FORBIDDEN' });
    }
  });
}

/** The supervisor's name (the author of what they change), or undefined after answering 401/403. */
export function supervisor(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const p = request.principal;
  if (p?.role === 'supervisor') return p.name;
  void reply.status(p ? 403 : 401).send({ error: p ? 'supervisors only' : 'a valid API token or session is required', code: p ? 'HTTP.FORBIDDEN' : 'HTTP.UNAUTHORIZED' });
  return undefined;
}

/** The agent's id, or undefined after answering 401/403 (a supervisor is not an agent). */
export function agent(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const p = request.principal;
  if (p?.role === 'agent' && p.agentId !== undefined) return p.agentId;
  void reply.status(p ? 403 : 401).send({ error: p ? 'agents only' : 'a valid session is required', code: p ? 'HTTP.FORBIDDEN' : 'HTTP.UNAUTHORIZED' });
  return undefined;
}

/** Who acts, for work agents and supervisors both do: a supervisor's name or `agent:<id>`; undefined after answering 401. */
export function staff(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const p = request.principal;
  if (p?.role === 'supervisor') return p.name;
  if (p?.role === 'agent' && p.agentId !== undefined) return `agent:${p.agentId}`;
  void reply.status(401).send({ error: 'a valid API token or session is required', code: 'HTTP.UNAUTHORIZED' });
  return undefined;
}
