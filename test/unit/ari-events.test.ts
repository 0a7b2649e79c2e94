import { describe, expect, it } from 'vitest';
import { backoffDelay, sourceFromContext } from '../../src/telephony/ari-events.js';

describe('backoffDelay', () => {
  it('doubles from 250 ms and stays at the cap, however many attempts', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 5000))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(5, 5000)).toBe(5000);
    expect(backoffDelay(10_000, 5000)).toBe(5000);
  });
});

describe('sourceFromContext', () => {
  it('maps the dialplan contexts of asterisk-config/extensions.conf', () => {
    expect(sourceFromContext('from-trunk')).toBe('trunk');
    expect(sourceFromContext('from-agents')).toBe('agent');
    expect(sourceFromContext(undefined)).toBe('unknown');
  });
});
