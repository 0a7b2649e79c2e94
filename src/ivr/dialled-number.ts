/**
 * Carriers present the same service number in several forms (020202, +39020202, 0039020202).
 * Flows list numbers in the national form; this brings a dialled number to that form.
 */
export function normaliseDialledNumber(raw: string): string {
  const digits = raw.trim().replace(/[\s.-]/g, '');
  if (digits.startsWith('+39')) return digits.slice(3);
  if (digits.startsWith('0039')) return digits.slice(4);
  return digits;
}
