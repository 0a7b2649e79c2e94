/**
 * The Italian codice fiscale (DM 23/12/1976): format, birth date fields and check character,
 * omocodia included (when two people share a code, the Agenzia delle Entrate replaces digits,
 * from the right, with the letters LMNPQRSTUV). Pure.
 *
 * Hand-written rather than a library: the published algorithm is a page long, and the packages on
 * npm bundle a list of municipalities we do not need (and that goes stale) for what is a check digit.
 */

/** Omocodia letters: L stands for 0, M for 1 … V for 9. */
const OMOCODIA = 'LMNPQRSTUV';
/** Positions (0-based) of the fifteen characters that hold digits and may carry omocodia letters. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const MONTHS = 'ABCDEHLMPRST';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Values of characters in odd positions (1st, 3rd … 15th), 0-9 then A-Z. */
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export type FiscalCodeCheck =
  | { readonly valid: true; readonly code: string; readonly omocode: boolean }
  | { readonly valid: false; readonly reason: string };

/** Checks a codice fiscale; spaces and case are forgiven, anything else is a reason. */
export function checkFiscalCode(input: string): FiscalCodeCheck {
  const code = input.replace(/\s+/g, '').toUpperCase();
  if (code.length !== 16) return { valid: false, reason: `a codice fiscale has 16 characters, this has ${code.length}` };
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(code)) {
    return { valid: false, reason: 'not the codice fiscale pattern: 6 letters, 2 digits, a month letter, 2 digits, a letter, 3 digits, a check letter' };
  }
  const plain = [...code];
  let omocode = false;
  for (const p of DIGIT_POSITIONS) {
    const i = OMOCODIA.indexOf(plain[p] as string);
    if (i >= 0) {
      plain[p] = String(i);
      omocode = true;
    }
  }
  const month = MONTHS.indexOf(code[8] as string);
  if (month < 0) return { valid: false, reason: `"${code[8]}" is not a month letter (${MONTHS})` };
  const rawDay = Number(plain[9]! + plain[10]!);
  // Women's days are counted from 41.
  const day = rawDay > 40 ? rawDay - 40 : rawDay;
  if (day < 1 || day > DAYS_IN_MONTH[month]!) return { valid: false, reason: `day ${plain[9]}${plain[10]} does not exist in month ${code[8]}` };
  const expected = checkCharacter(code.slice(0, 15));
  if (code[15] !== expected) return { valid: false, reason: `wrong check character: ${code[15]}, expected ${expected}` };
  return { valid: true, code, omocode };
}

/** The check character of the first fifteen characters (letters and digits, upper case). */
export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15.charCodeAt(i);
    const index = c >= 65 ? c - 65 + 10 : c - 48; // 0-9 then A-Z
    // Odd positions counted from 1 are even indexes.
    sum += i % 2 === 0 ? ODD[index]! : index >= 10 ? index - 10 : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}
