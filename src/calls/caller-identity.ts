/**
 * How reports know a caller without knowing their number: the number masked for people to read
 * (the logs' mask, "+39333****567") and a pseudonymous key — an HMAC of the number in E.164 under
 * the installation's secret (CC_CALLER_KEY_SECRET) — that is the same for every call from that
 * number, so repeat callers can be counted (first-contact resolution), and that cannot be turned
 * back into the number without the secret. Pure.
 *
 * A number that is not a phone number (anonymous, withheld, an internal extension) has no key.
 * Changing the secret starts new keys: calls before and after no longer match.
 */
import { createHmac } from 'node:crypto';
import { callerE164 } from '../crm/index.js';
import { maskNumber } from '../logger.js';

export interface CallerIdentity {
  /** For people: the number with its middle hidden; null when there is no number (withheld, anonymous). */
  readonly masked: string | null;
  /** For matching calls of one caller: 22 characters, or null when the number identifies nobody. */
  readonly key: string | null;
}

export function callerIdentity(callerNumber: string, secret: string): CallerIdentity {
  const e164 = callerE164(callerNumber);
  return {
    masked: /\d{3}/.test(callerNumber) ? maskNumber(callerNumber) : null,
    key: e164 === undefined ? null : createHmac('sha256', secret).update(e164).digest('base64url').slice(0, 22),
  };
}
