import { describe, expect, it } from 'vitest';
import { hashPin, pinMatches } from '../../src/agents/pin.js';
import { LOGIN_LIMITS, MAX_PIN_FAILURES, Sessions, type AttemptLimits, type AttemptVerdict, type SessionRecord, type SessionStore } from '../../src/agents/sessions.js';

/**
 * The session store's behaviour in memory (the Redis one is exercised end to end): like Redis, it
 * expires a session after its TTL by its own clock, which need not agree with the engine's.
 */
class MemorySessionStore implements SessionStore {
  readonly pins = new Map<string, string>();
  /** agent → source ('*' for all) → attempts, as the auth-attempt Lua keeps them (the window is not modelled). */
  readonly attempts = new Map<string, Map<string, number>>();
  readonly fromSource = new Map<string, number>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly expiries = new Map<string, number>();
  constructor(private readonly storeClock: () => number) {}
  pinHash = (id: string) => Promise.resolve(this.pins.get(id));
  takeAttempt(id: string, source: string, limits: AttemptLimits): Promise<AttemptVerdict> {
    const mine = this.attempts.get(id) ?? new Map<string, number>();
    this.attempts.set(id, mine);
    if ((mine.get(source) ?? 0) >= limits.perAgentAndSource || (mine.get('*') ?? 0) >= limits.perAgent) return Promise.resolve('agent_locked');
    if ((this.fromSource.get(source) ?? 0) >= limits.perSource) return Promise.resolve('source_locked');
    mine.set(source, (mine.get(source) ?? 0) + 1).set('*', (mine.get('*') ?? 0) + 1);
    this.fromSource.set(source, (this.fromSource.get(source) ?? 0) + 1);
    return Promise.resolve('ok');
  }
  attemptSucceeded(id: string, source: string): Promise<void> {
    const mine = this.attempts.get(id);
    if (mine?.delete(source)) mine.set('*', Math.max(0, (mine.get('*') ?? 0) - 1));
    this.fromSource.set(source, Math.max(0, (this.fromSource.get(source) ?? 0) - 1));
    return Promise.resolve();
  }
  clearAttempts = (id: string) => Promise.resolve(void this.attempts.delete(id));
  saveSession = (h: string, s: SessionRecord, ttlMs: number) => {
    this.sessions.set(h, s);
    this.expiries.set(h, this.storeClock() + ttlMs);
    return Promise.resolve();
  };
  session = (h: string) => Promise.resolve((this.expiries.get(h) ?? 0) > this.storeClock() ? this.sessions.get(h) : undefined);
  deleteSession = (h: string) => Promise.resolve(void this.sessions.delete(h));
  endAgentSessions(agentId: string): Promise<number> {
    const mine = [...this.sessions].filter(([, s]) => s.agentId === agentId).map(([h]) => h);
    for (const h of mine) this.sessions.delete(h);
    return Promise.resolve(mine.length);
  }
}

/** `skewMs`: how far the store's clock is from the engine's (Redis on another host, an NTP step). */
async function setup(skewMs = 0) {
  let now = new Date('2026-11-23T08:00:00Z');
  const store = new MemorySessionStore(() => now.getTime() + skewMs);
  store.pins.set('anna', await hashPin('2468'));
  const sessions = new Sessions(store, new Map([['demo-supervisor-token', 'supervisor']]), 8 * 3600_000, () => now);
  return { store, sessions, later: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('PINs', () => {
  it('are kept as salted scrypt hashes that match only the PIN', async () => {
    const a = await hashPin('2468');
    const b = await hashPin('2468');
    expect(a).not.toBe(b);
    expect(a).not.toContain('2468');
    expect(await pinMatches('2468', a)).toBe(true);
    expect(await pinMatches('2469', a)).toBe(false);
    expect(await pinMatches('2468', 'plain')).toBe(false);
  });
});

describe('sessions', () => {
  it('an agent logs in with id and PIN; the session names them and expires after the shift', async () => {
    const { sessions, later } = await setup();
    const opened = await sessions.loginAgent('anna', '2468', '10.0.0.1');
    expect(opened).toMatchObject({ role: 'agent', name: 'agent:anna', agentId: 'anna', expiresAt: new Date('2026-11-23T16:00:00Z').getTime() });
    expect(await sessions.resolve(opened.token)).toEqual({ role: 'agent', name: 'agent:anna', agentId: 'anna' });
    later(8 * 3600_000);
    expect(await sessions.resolve(opened.token)).toBeUndefined();
  });

  it.each([
    ['a year ahead', 365 * 86_400_000],
    ['a year behind', -365 * 86_400_000],
  ])('lasts the shift when the store\'s clock is %s of the engine\'s', async (_, skew) => {
    const { sessions, later } = await setup(skew);
    const opened = await sessions.loginAgent('anna', '2468', '10.0.0.1');
    later(8 * 3600_000 - 1000);
    expect(await sessions.resolve(opened.token)).toMatchObject({ agentId: 'anna' });
    later(1000);
    expect(await sessions.resolve(opened.token)).toBeUndefined();
  });

  it('a wrong PIN and an unknown agent get the same answer; five wrong PINs lock the agent out, even with the right one', async () => {
    const { sessions } = await setup();
    await expect(sessions.loginAgent('nobody', '2468', '10.0.0.1')).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS', message: 'wrong agent id or PIN' });
    for (let i = 0; i < MAX_PIN_FAILURES; i++) await expect(sessions.loginAgent('anna', '0000', '10.0.0.1')).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS', message: 'wrong agent id or PIN' });
    await expect(sessions.loginAgent('anna', '2468', '10.0.0.1')).rejects.toMatchObject({ code: 'AUTH.LOCKED' });
  });

  it('a right PIN forgets the wrong ones typed from that address', async () => {
    const { sessions, store } = await setup();
    await expect(sessions.loginAgent('anna', '1111', '10.0.0.1')).rejects.toThrow();
    await sessions.loginAgent('anna', '2468', '10.0.0.1');
    expect(store.attempts.get('anna')?.get('10.0.0.1')).toBeUndefined();
  });

  it('a guesser locks the agent out only for their own address; the agent logs in from theirs', async () => {
    const { sessions } = await setup();
    for (let i = 0; i < LOGIN_LIMITS.perAgentAndSource; i++) await expect(sessions.loginAgent('anna', '0000', '203.0.113.9')).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    await expect(sessions.loginAgent('anna', '2468', '203.0.113.9')).rejects.toMatchObject({ code: 'AUTH.LOCKED' });
    await expect(sessions.loginAgent('anna', '2468', '10.0.0.1')).resolves.toMatchObject({ agentId: 'anna' });
  });

  it('one address trying many agents is stopped after its own limit', async () => {
    const { sessions } = await setup();
    for (let i = 0; i < LOGIN_LIMITS.perSource; i++) await expect(sessions.loginAgent(`agent-${i}`, '0000', '203.0.113.9')).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    await expect(sessions.loginAgent('anna', '2468', '203.0.113.9')).rejects.toMatchObject({ code: 'AUTH.LOCKED', message: expect.stringContaining('this address') as unknown });
  });

  it('a supervisor opens a session with an API token; the token itself also works; logout ends a session', async () => {
    const { sessions, store } = await setup();
    expect(await sessions.resolve('demo-supervisor-token')).toEqual({ role: 'supervisor', name: 'supervisor' });
    const opened = await sessions.loginSupervisor('demo-supervisor-token');
    expect(await sessions.resolve(opened.token)).toEqual({ role: 'supervisor', name: 'supervisor' });
    expect([...store.sessions.keys()]).not.toContain(opened.token); // only its hash is stored
    await sessions.logout(opened.token);
    expect(await sessions.resolve(opened.token)).toBeUndefined();
    await expect(sessions.loginSupervisor('guess')).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    expect(await sessions.resolve('')).toBeUndefined();
  });
});
