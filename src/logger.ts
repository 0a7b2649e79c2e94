import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values are personal data: removed from every log line. */
const REDACT = ['callerNumber', '*.callerNumber', 'fiscalCode', '*.fiscalCode', 'req.headers.authorization', 'password', '*.password'];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'cc-engine' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/**
 * A caller number as logs may show it: enough to tell two callers apart, not to call them back.
 * "+393331234567" → "+39333****567"; short numbers keep only their last two digits.
 */
export function maskNumber(number: string): string {
  if (number.length === 0) return '(none)';
  if (number.length <= 6) return '*'.repeat(Math.max(0, number.length - 2)) + number.slice(-2);
  const head = number.startsWith('+') ? 6 : 3;
  return number.slice(0, head) + '*'.repeat(Math.max(0, number.length - head - 3)) + number.slice(-3);
}
