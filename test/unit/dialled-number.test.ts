import { describe, expect, it } from 'vitest';
import { normaliseDialledNumber } from '../../src/ivr/dialled-number.js';

describe('normaliseDialledNumber', () => {
  it.each([
    ['020202', '020202'],
    ['+39020202', '020202'],
    ['0039020202', '020202'],
    ['+39 02 02 02', '020202'],
    ['800.123.456', '800123456'],
    ['', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseDialledNumber(raw)).toBe(expected);
  });
});
