/**
 * Phone numbers to E.164 with libphonenumber-js (Google's metadata, full "max" set, so that
 * validity follows the Italian numbering plan and not just the length). Pure.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneCheck = { readonly valid: true; readonly e164: string } | { readonly valid: false; readonly reason: string };

/** Normalises a number written or presented any usual way (spaces, dots, 0039, +39, national). */
export function normalisePhone(input: string): PhoneCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { valid: false, reason: 'empty' };
  if (!/^[+0-9 ./()-]+$/.test(trimmed)) return { valid: false, reason: 'only digits, spaces, + . / ( ) - are allowed' };
  const parsed = parsePhoneNumberFromString(trimmed, 'IT');
  if (!parsed) return { valid: false, reason: 'not a phone number' };
  if (!parsed.isValid()) return { valid: false, reason: `not a valid number in the ${parsed.country ?? parsed.countryCallingCode} numbering plan` };
  return { valid: true, e164: parsed.number };
}

/** The caller's number as E.164, or undefined (anonymous, internal extension, malformed). */
export function callerE164(callerNumber: string): string | undefined {
  if (!/^\+?[0-9]{6,15}$/.test(callerNumber)) return undefined;
  const checked = normalisePhone(callerNumber);
  return checked.valid ? checked.e164 : undefined;
}
