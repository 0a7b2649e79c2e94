/**
 * The survey's scales, pure: which keys answer a question, and which answers are low (they open
 * a ticket for review). Higher is better on every scale.
 * - `1-5`: one key, 1 (very bad) … 5 (very good); low: 1 or 2.
 * - `faces`: the three faces of "Mettiamoci la faccia", one key: 1 unhappy, 2 so-so, 3 happy;
 *   low: 1 (the negative face, which asks for one of the reasons).
 * - `0-10`: "would you recommend" — 0 … 10, one or two keys (1 then 0 for ten; # ends early);
 *   low: 0 … 6 (a detractor, as in the Net Promoter Score).
 */
export const SURVEY_SCALES = ['1-5', 'faces', '0-10'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** The most keys an answer on this scale takes. */
export function scaleKeys(scale: SurveyScale): number {
  return scale === '0-10' ? 2 : 1;
}

/** The answer the keys give on this scale, or undefined when they are not one. */
export function scaleValue(scale: SurveyScale, keys: string): number | undefined {
  if (!/^\d{1,2}$/.test(keys)) return undefined;
  const value = Number(keys);
  if (keys.length === 2 && keys.startsWith('0')) return undefined;
  const [min, max] = scale === '1-5' ? [1, 5] : scale === 'faces' ? [1, 3] : [0, 10];
  return value >= min && value <= max ? value : undefined;
}

/** A low answer: it asks for a reason (when the question lists them) and flags the call for review. */
export function isLow(scale: SurveyScale, value: number): boolean {
  return scale === '1-5' ? value <= 2 : scale === 'faces' ? value === 1 : value <= 6;
}

/** A high answer (reports): 4–5 of 5, the happy face, 9–10 of 10 (a promoter). */
export function isHigh(scale: SurveyScale, value: number): boolean {
  return scale === '1-5' ? value >= 4 : scale === 'faces' ? value === 3 : value >= 9;
}

/** Words for a ticket or a report: "2 su 5", "faccia negativa", "6 su 10". */
export function valueInWords(scale: SurveyScale, value: number): string {
  if (scale === 'faces') return ['faccia negativa', 'faccia neutra', 'faccia positiva'][value - 1] ?? String(value);
  return `${value} su ${scale === '1-5' ? 5 : 10}`;
}
