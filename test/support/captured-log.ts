/** A logger whose JSON lines a unit test can read back (no file, no I/O). */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export function capturedLog(level = 'info'): { readonly lines: Record<string, unknown>[]; readonly log: Logger } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger(level, sink) };
}
