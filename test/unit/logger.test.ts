import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskNumber } from '../../src/logger.js';

describe('maskNumber', () => {
  it('keeps the prefix and the last three digits of a mobile number', () => {
    expect(maskNumber('+393331234567')).toBe('+39333****567');
    expect(maskNumber('3331234567')).toBe('333****567');
  });
  it('keeps only the last two digits of a short number', () => {
    expect(maskNumber('1001')).toBe('**01');
  });
  it('says when there is no number', () => {
    expect(maskNumber('')).toBe('(none)');
  });
});

describe('createLogger', () => {
  it('removes caller numbers from log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger('info', sink).info({ callerNumber: '+393331234567', call: { callerNumber: '+393339999999' } }, 'x');
    expect(lines.join('')).not.toMatch(/3331234567|3339999999/);
    expect(lines.join('')).toMatch(/\[redacted\]/);
  });
});
