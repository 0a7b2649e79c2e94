import { describe, expect, it } from 'vitest';
import { backoffDelay, sourceFromContext, stasisArgs } from '../../src/telephony/ari-events.js';

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

describe('stasisArgs', () => {
  it("reads a recovered channel's source and dialled number from the Stasis() it is in", () => {
    expect(stasisArgs({ id: 'c', dialplan: { context: 'to-engine', exten: 's', app_name: 'Stasis', app_data: 'cc-engine,trunk,0200000006' } })).toEqual(['trunk', '0200000006']);
    expect(stasisArgs({ id: 'c', dialplan: { app_name: 'Stasis', app_data: 'cc-engine,trunk,' } })).toEqual(['trunk', '']);
    expect(stasisArgs({ id: 'c', dialplan: { app_name: 'Wait', app_data: '0.5' } })).toEqual([]);
    expect(stasisArgs({ id: 'c' })).toEqual([]);
  });
});
