/** The toll-fraud guard on every number the engine dials out: a table of what passes and why the rest does not. */
import { describe, expect, it } from 'vitest';
import { checkNumber } from '../../src/callbacks/number-policy.js';

describe('numbers the engine may dial back', () => {
  it.each([
    ['3331234567', '+393331234567', 'mobile'],
    ['+39 333 123 4567', '+393331234567', 'mobile'],
    ['0039 347 765 4321', '+393477654321', 'mobile'],
    ['0288451234', '+390288451234', 'geographic'],
    ['02 8845 1234', '+390288451234', 'geographic'],
    ['+39 06 6710 1', '+390667101', 'geographic'],
    ['0971 123456', '+390971123456', 'geographic'],
  ])('%s → %s (%s)', (raw, e164, kind) => {
    expect(checkNumber(raw)).toEqual({ allowed: true, e164, kind });
  });
});

describe('numbers refused, with the reason audited', () => {
  it.each([
    ['899123456', 'premium_rate'],
    ['+39 899 123456', 'premium_rate'],
    ['892424', 'premium_rate'],
    ['894000111', 'premium_rate'],
    ['895123456', 'premium_rate'],
    ['1441234', 'premium_rate'],
    ['166123456', 'premium_rate'],
    ['163123456', 'special_service'],
    ['164123456', 'special_service'],
    ['4000', 'network_service'],
    ['456789', 'network_service'],
    ['1254', 'directory_enquiries'],
    ['1240', 'directory_enquiries'],
    ['112', 'emergency'],
    ['118', 'emergency'],
    ['800123456', 'toll_free'],
    ['848123456', 'special_service'],
    ['199123456', 'special_service'],
    ['+8816 1234 5678', 'satellite'],
    ['+870 7612 3456', 'satellite'],
    ['00881 612345678', 'satellite'],
    ['+41 44 668 18 00', 'international'],
    ['0033 1 23 45 67 89', 'international'],
    ['123&PJSIP/evil@trunk', 'not_a_number'],
    ['3331234567;x', 'not_a_number'],
    ['SIP/3331234567', 'not_a_number'],
    ['3331234567\n', 'allowed'],
    ['', 'not_a_number'],
    ['+', 'not_a_number'],
    ['0', 'not_a_number'],
    ['9123456', 'not_geographic_or_mobile'],
    ['333', 'invalid'],
  ])('%j → %s', (raw, reason) => {
    const d = checkNumber(raw);
    if (reason === 'allowed') expect(d.allowed).toBe(true);
    else expect(d).toMatchObject({ allowed: false, reason });
  });

  it('international numbers pass only when allow-listed; satellites never', () => {
    const policy = { internationalAllowList: ['+41'] };
    expect(checkNumber('+41 44 668 18 00', policy)).toEqual({ allowed: true, e164: '+41446681800', kind: 'international' });
    expect(checkNumber('+33 1 23 45 67 89', policy)).toMatchObject({ allowed: false, reason: 'international' });
    expect(checkNumber('+8816 1234 5678', { internationalAllowList: ['+88'] })).toMatchObject({ allowed: false, reason: 'satellite' });
  });
});

describe('toll fraud through the Italian prefix or an allowed country', () => {
  it.each(['+39 0044 20 7946 0000', '0039 0041 44 668 18 00', '+39 001 212 555 0100', '0039 0053 7 123 4567'])(
    '%s: the national part dials abroad, so it is judged as the foreign number it dials',
    (number) => {
      const d = checkNumber(number);
      expect(d).toMatchObject({ allowed: false, reason: 'international' });
    },
  );

  it('"+39 0041…" with Switzerland allowed is the Swiss number, dialled as such, never an Italian one', () => {
    expect(checkNumber('+39 0041 44 668 18 00', { internationalAllowList: ['+41'] })).toEqual({ allowed: true, e164: '+41446681800', kind: 'international' });
  });

  it.each([
    ['+41 900 123 456', 'premium_rate'],
    ['+33 8 99 12 34 56', 'premium_rate'],
    ['+44 909 879 0000', 'premium_rate'],
    ['+44 870 123 4567', 'premium_rate'],
    ['+41 840 123 456', 'not_fixed_or_mobile'],
    ['+33 8 10 12 34 56', 'not_fixed_or_mobile'],
    ['+44 70 1234 5678', 'not_fixed_or_mobile'],
  ])('an allowed country\'s premium, shared-cost or personal number %s is refused (%s)', (number, reason) => {
    expect(checkNumber(number, { internationalAllowList: ['+41', '+33', '+44'] })).toMatchObject({ allowed: false, reason });
  });

  it('never repeats what was typed in a refusal (it is logged): a name, a fiscal code, a dial string', () => {
    for (const raw of ['Mario Rossi 3331234567', 'RSSMRA80A01F205X', '123&PJSIP/evil@trunk']) {
      const d = checkNumber(raw);
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.detail).not.toMatch(/Mario|RSSMRA|PJSIP|3331234567/);
    }
  });
});
