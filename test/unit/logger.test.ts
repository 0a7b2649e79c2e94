import { Writable } from 'node:stream';
import { z } from 'zod';
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

describe('HTTP request log lines', () => {
  it('keep the method and path, never the query string with its personal data', async () => {
    const { requestForLog } = await import('../../src/http/server.js');
    expect(requestForLog({ method: 'GET', url: '/api/crm/citizens?fiscalCode=RSSMRA80A01F205X&phone=3331234567', ip: '127.0.0.1' })).toEqual({ method: 'GET', url: '/api/crm/citizens', remoteAddress: '127.0.0.1' });
  });
});

describe('the HTTP server\'s log', () => {
  it('has no query string in any line of a request', async () => {
    const { createHttpServer } = await import('../../src/http/server.js');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const http = createHttpServer(createLogger('info', sink), { check: () => ({}) });
    http.get('/api/crm/citizens', { schema: { response: { 200: z.object({ found: z.number() }) } } }, () => ({ found: 0 }));
    await http.inject({ method: 'GET', url: '/api/crm/citizens?fiscalCode=RSSMRA80A01F205X&phone=3331234567' });
    await http.close();
    expect(lines.join('')).toContain('/api/crm/citizens');
    expect(lines.join('')).not.toMatch(/RSSMRA80A01F205X|3331234567|fiscalCode/);
  });
});
