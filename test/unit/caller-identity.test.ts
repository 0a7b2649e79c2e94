import { describe, expect, it } from 'vitest';
import { callerIdentity } from '../../src/calls/caller-identity.js';

describe('the caller as reports know them', () => {
  it('gives one key to every way the same number is presented, and another to another number', () => {
    const a = callerIdentity('+393331234567', 'a-secret-of-16-chars');
    expect(callerIdentity('3331234567', 'a-secret-of-16-chars').key).toBe(a.key);
    expect(callerIdentity('00393331234567', 'a-secret-of-16-chars').key).toBe(a.key);
    expect(callerIdentity('+393331234568', 'a-secret-of-16-chars').key).not.toBe(a.key);
    expect(a.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('keys depend on the secret, and never contain the number', () => {
    const a = callerIdentity('+393331234567', 'a-secret-of-16-chars');
    const b = callerIdentity('+393331234567', 'another-secret-16ch');
    expect(b.key).not.toBe(a.key);
    expect(a.key).not.toContain('1234567');
  });

  it('masks the number for people, and gives no key to what identifies nobody', () => {
    expect(callerIdentity('+393331234567', 'a-secret-of-16-chars').masked).toBe('+39333****567');
    expect(callerIdentity('anonymous', 'a-secret-of-16-chars')).toEqual({ masked: null, key: null });
    expect(callerIdentity('', 'a-secret-of-16-chars')).toEqual({ masked: null, key: null });
    expect(callerIdentity('1001', 'a-secret-of-16-chars')).toEqual({ masked: '**01', key: null });
  });
});
