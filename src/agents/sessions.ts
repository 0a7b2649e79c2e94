/**
 * Who is calling the API: a supervisor (an API token from CC_API_TOKENS, or a session opened with
 * one) or an agent (a session opened with their id and PIN). Sessions live in Redis with an
 * expiry (a shift, CC_SESSION_TTL_MS), so any engine recognises them and a restart keeps agents
 * logged in. Login attempts are taken atomically before the PIN is checked (parallel guesses
 * cannot all be evaluated), within a 5-minute window: 5 per agent from one address, 20 per agent
 * from all addresses, 30 per address across agents. A guesser locks an agent out only for
 * themselves (until the per-agent limit); a supervisor setting a new PIN unlocks the agent.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EngineError } from '../errors.js';
import { pinMatches } from './pin.js';

export interface Principal {
  readonly role: 'supervisor' | 'agent';
  /** Recorded as the author of changes: the token's name, or "agent:<id>". */
  readonly name: string;
  readonly agentId?: string;
}

export interface SessionRecord extends Principal {
  /** When the session ends by the engine's clock: shown to the user. The store's expiry (a duration) is what ends it. */
  readonly expiresAt: number;
}

export interface AttemptLimits {
  readonly windowMs: number;
  readonly perAgentAndSource: number;
  readonly perAgent: number;
  readonly perSource: number;
}

export type AttemptVerdict = 'ok' | 'agent_locked' | 'source_locked';

export interface SessionStore {
  pinHash(agentId: string): Promise<string | undefined>;
  /** Takes one attempt (atomically, before the PIN is checked), or says which limit is reached. */
  takeAttempt(agentId: string, source: string, limits: AttemptLimits): Promise<AttemptVerdict>;
  /** A right PIN: the attempt is given back and the agent's wrong attempts from this source forgotten. */
  attemptSucceeded(agentId: string, source: string): Promise<void>;
  /** A supervisor set a new PIN: every attempt for the agent is forgotten. */
  clearAttempts(agentId: string): Promise<void>;
  /** Keeps the session for `ttlMs` (a duration: the store's own clock enforces it, never a date from ours). */
  saveSession(tokenHash: string, session: SessionRecord, ttlMs: number): Promise<void>;
  session(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of an agent, with its event (agent.sessions_ended); returns how many. */
  endAgentSessions(agentId: string, reason: 'pin_changed' | 'removed', actor: string, at: Date): Promise<number>;
}

export const LOGIN_LIMITS: AttemptLimits = { windowMs: 5 * 60_000, perAgentAndSource: 5, perAgent: 20, perSource: 30 };
/** Wrong PINs from one address that lock an agent out (for that address). */
export const MAX_PIN_FAILURES = LOGIN_LIMITS.perAgentAndSource;

export interface OpenedSession extends SessionRecord {
  readonly token: string;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class Sessions {
  constructor(
    private readonly store: SessionStore,
    /** API token → supervisor name (CC_API_TOKENS). */
    private readonly apiTokens: ReadonlyMap<string, string>,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /**
   * An agent's id and PIN, from a source address → a session; AUTH.BAD_CREDENTIALS or AUTH.LOCKED.
   * The attempt is taken before the slow hash, so guesses fired in parallel are refused, not evaluated.
   */
  async loginAgent(agentId: string, pin: string, source: string): Promise<OpenedSession> {
    const verdict = await this.store.takeAttempt(agentId, source, LOGIN_LIMITS);
    if (verdict === 'agent_locked') throw new EngineError('AUTH.LOCKED', `too many wrong PINs for ${agentId}: try again in a few minutes, or ask a supervisor`);
    if (verdict === 'source_locked') throw new EngineError('AUTH.LOCKED', 'too many login attempts from this address: try again in a few minutes');
    const stored = await this.store.pinHash(agentId);
    // The same answer whether the agent exists or not.
    if (stored === undefined || !(await pinMatches(pin, stored))) throw new EngineError('AUTH.BAD_CREDENTIALS', 'wrong agent id or PIN');
    await this.store.attemptSucceeded(agentId, source);
    return this.open({ role: 'agent', name: `agent:${agentId}`, agentId });
  }

  /** A supervisor's API token → a session for the browser (the token itself is not kept there). */
  async loginSupervisor(apiToken: string): Promise<OpenedSession> {
    const name = this.apiTokenName(apiToken);
    if (name === undefined) throw new EngineError('AUTH.BAD_CREDENTIALS', 'not a supervisor token');
    return this.open({ role: 'supervisor', name });
  }

  /** The principal behind a bearer token: an API token, or a live session. */
  async resolve(token: string): Promise<Principal | undefined> {
    if (token === '') return undefined;
    const name = this.apiTokenName(token);
    if (name !== undefined) return { role: 'supervisor', name };
    // The store expires sessions by its own clock after the TTL: comparing expiresAt with our clock
    // would end sessions early or late whenever the two clocks disagree.
    const session = await this.store.session(tokenHash(token));
    if (!session) return undefined;
    return session.agentId === undefined ? { role: session.role, name: session.name } : { role: session.role, name: session.name, agentId: session.agentId };
  }

  /** A supervisor set a new PIN: earlier wrong attempts no longer count. */
  async unlock(agentId: string): Promise<void> {
    await this.store.clearAttempts(agentId);
  }

  /** The agent's PIN changed or they were removed: every session they had ends, desktops close. */
  async endSessionsOf(agentId: string, reason: 'pin_changed' | 'removed', actor: string): Promise<number> {
    return this.store.endAgentSessions(agentId, reason, actor, this.now());
  }

  async logout(token: string): Promise<void> {
    await this.store.deleteSession(tokenHash(token));
  }

  /** Compared in constant time, token by token. */
  private apiTokenName(given: string): string | undefined {
    const b = Buffer.from(given);
    for (const [token, name] of this.apiTokens) {
      const a = Buffer.from(token);
      if (a.length === b.length && timingSafeEqual(a, b)) return name;
    }
    return undefined;
  }

  private async open(principal: Principal): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const record: SessionRecord = { ...principal, expiresAt: this.now().getTime() + this.ttlMs };
    await this.store.saveSession(tokenHash(token), record, this.ttlMs);
    return { ...record, token };
  }
}
