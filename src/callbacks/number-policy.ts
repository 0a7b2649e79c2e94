/**
 * The toll-fraud and abuse guard for every number the engine dials out (pure): applied before
 * any originate, for callbacks booked by callers and through the API alike. By default only
 * Italian geographic (0…) and mobile (3…) numbers; premium and special ranges are refused by name
 * (so an audit says why), international numbers only when allow-listed, and anything that is not
 * a plain number (a dial-string injection such as "123&PJSIP/…") never gets further.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NumberRefusal =
  | 'not_a_number'
  | 'premium_rate'
  | 'special_service'
  | 'directory_enquiries'
  | 'network_service'
  | 'satellite'
  | 'international'
  | 'emergency'
  | 'toll_free'
  | 'not_fixed_or_mobile'
  | 'not_geographic_or_mobile'
  | 'invalid';

export type NumberDecision =
  | { readonly allowed: true; readonly e164: string; readonly kind: 'mobile' | 'geographic' | 'international' }
  | { readonly allowed: false; readonly reason: NumberRefusal; readonly detail: string };

export interface NumberPolicy {
  /** E.164 prefixes (e.g. "+41", "+33123") or whole numbers allowed abroad; nothing else abroad is. */
  readonly internationalAllowList: readonly string[];
}

export const DEFAULT_NUMBER_POLICY: NumberPolicy = { internationalAllowList: [] };

/** Italian national ranges refused by their first digits, with why (the longest prefix wins). */
const ITALIAN_REFUSED: ReadonlyArray<readonly [string, NumberRefusal, string]> = [
  ['899', 'premium_rate', '899: premium-rate services'],
  ['892', 'premium_rate', '892: premium-rate information services'],
  ['894', 'premium_rate', '894: premium-rate services'],
  ['895', 'premium_rate', '895: premium-rate adult services'],
  ['144', 'premium_rate', '144: premium-rate services (old range)'],
  ['166', 'premium_rate', '166: premium-rate services (old range)'],
  ['163', 'special_service', '163: special services'],
  ['164', 'special_service', '164: special services'],
  ['12', 'directory_enquiries', '12xx: directory enquiries'],
  ['4', 'network_service', '4xx: network operators’ internal services'],
  ['112', 'emergency', '112: emergency number'],
  ['113', 'emergency', '113: emergency number'],
  ['115', 'emergency', '115: emergency number'],
  ['118', 'emergency', '118: emergency number'],
  ['1', 'special_service', '1xx: short and special service numbers'],
  ['800', 'toll_free', '800: toll-free numbers are not called back'],
  ['803', 'toll_free', '803: toll-free numbers are not called back'],
  ['84', 'special_service', '84x: shared-cost numbers'],
  ['178', 'special_service', '178: shared-cost numbers'],
  ['199', 'special_service', '199: non-geographic numbers'],
  ['70', 'special_service', '70: internet access numbers'],
  ['55', 'special_service', '55: VoIP / non-geographic numbers'],
];

/** Satellite and international-network country codes: never, allow-list or not. */
const SATELLITE = ['+870', '+8816', '+8817', '+881', '+882', '+883'];

export function checkNumber(raw: string, policy: NumberPolicy = DEFAULT_NUMBER_POLICY): NumberDecision {
  const trimmed = raw.trim();
  // A plain number only: digits, one leading +, and the usual separators. Nothing that could be a dial string.
  if (!/^\+?[0-9][0-9 ./()-]{2,24}$/.test(trimmed) || /[^+0-9 ./()-]/.test(trimmed)) {
    return { allowed: false, reason: 'not_a_number', detail: 'not a plain telephone number: digits, an optional leading + and spaces, 3 to 25 characters' };
  }
  const digits = trimmed.replace(/[^0-9+]/g, '');
  const international = digits.startsWith('+') ? digits : digits.startsWith('00') ? `+${digits.slice(2)}` : undefined;
  if (international !== undefined && !international.startsWith('+39')) {
    const sat = SATELLITE.find((p) => international.startsWith(p));
    if (sat) return { allowed: false, reason: 'satellite', detail: `${sat}: satellite and international networks are never dialled` };
    if (!policy.internationalAllowList.some((p) => international.startsWith(p))) return { allowed: false, reason: 'international', detail: `${international.slice(0, 4)}…: international numbers only when allow-listed` };
    const parsed = parsePhoneNumberFromString(international);
    if (!parsed?.isValid()) return { allowed: false, reason: 'invalid', detail: 'not a valid international number' };
    // An allowed country's premium, shared-cost, personal, UAN, VoIP… ranges are as costly as Italy's.
    const type = parsed.getType();
    if (type !== 'FIXED_LINE' && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
      return { allowed: false, reason: type === 'PREMIUM_RATE' ? 'premium_rate' : 'not_fixed_or_mobile', detail: `${international.slice(0, 4)}…: a ${String(type ?? 'unknown').toLowerCase().replace(/_/g, ' ')} number abroad` };
    }
    return { allowed: true, e164: parsed.number, kind: 'international' };
  }
  const national = international !== undefined ? international.slice(3) : digits;
  // "+39 00…" / "0039 00…": the national part would dial abroad. It is judged as the number it dials.
  if (national.startsWith('00')) return checkNumber(`+${national.slice(2)}`, policy);
  const refused = ITALIAN_REFUSED.filter(([prefix]) => national.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  if (refused) return { allowed: false, reason: refused[1], detail: refused[2] };
  if (!/^[03]/.test(national)) return { allowed: false, reason: 'not_geographic_or_mobile', detail: `numbers starting with ${national[0] ?? ''} are neither geographic (0…) nor mobile (3…)` };
  const parsed = parsePhoneNumberFromString(national, 'IT');
  if (!parsed?.isValid()) return { allowed: false, reason: 'invalid', detail: 'not a valid number in the Italian numbering plan' };
  // An Italian number stays Italian: never one the parser read as another country's.
  if (parsed.countryCallingCode !== '39') return { allowed: false, reason: 'international', detail: `${national.slice(0, 4)}…: dials abroad` };
  const type = parsed.getType();
  if (national.startsWith('3') && (type === 'MOBILE' || type === undefined)) return { allowed: true, e164: parsed.number, kind: 'mobile' };
  if (national.startsWith('0') && (type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined)) return { allowed: true, e164: parsed.number, kind: 'geographic' };
  return { allowed: false, reason: 'not_geographic_or_mobile', detail: `a ${String(type).toLowerCase().replace(/_/g, ' ')} number` };
}

/** The digits the trunk dials and the IVR reads back: national numbers as they are, others with 00. */
export function dialDigits(e164: string): string {
  return e164.startsWith('+39') ? e164.slice(3) : `00${e164.slice(1)}`;
}
