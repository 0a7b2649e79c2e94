/**
 * Bearer-token authentication for the supervisor API. Tokens come from CC_API_TOKENS as
 * "name:token" pairs; the name is recorded as who made a change.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function parseTokens(spec: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = pair.indexOf(':');
    tokens.set(pair.slice(i + 1), pair.slice(0, i));
  }
  return tokens;
}

/** The caller's name, or undefined after answering 401. */
export function authenticate(tokens: ReadonlyMap<string, string>, request: FastifyRequest, reply: FastifyReply): string | undefined {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  for (const [token, name] of tokens) {
    const a = Buffer.from(token);
    const b = Buffer.from(given);
    if (a.length === b.length && timingSafeEqual(a, b)) return name;
  }
  void reply.status(401).header('www-authenticate', 'Bearer').send({ error: 'a valid API token is required (Authorization: Bearer …)', code: 'HTTP.UNAUTHORIZED' });
  return undefined;
}
