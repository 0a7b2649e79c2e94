/**
 * CSV for the spreadsheets people already use: by default as Italian Excel and LibreOffice read it
 * without an import dialog — UTF-8 with a byte-order mark, ";" between fields, a decimal comma,
 * CRLF line ends, Italian headers; or, for other tools, RFC 4180 as written (",", a decimal point,
 * CRLF, the same byte-order mark). A field holding the separator, a quote or a line break is
 * quoted. Rates are written as percentages with one decimal, durations as seconds with one
 * decimal, a figure with nothing to measure (no calls) as an empty field. Pure.
 */

/** `semicolon`: Italian spreadsheets (the default); `comma`: RFC 4180. */
export type CsvStyle = 'semicolon' | 'comma';

export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | null | undefined;
  /** 'percent': a 0..1 ratio written as a percentage. */
  readonly format?: 'percent' | 'decimal' | 'integer';
}

function cell(value: string | number | null | undefined, format: CsvColumn<unknown>['format'], style: CsvStyle): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    const n = format === 'percent' ? value * 100 : value;
    const text = format === 'integer' ? String(Math.round(n)) : (Math.round(n * 10) / 10).toFixed(1);
    return style === 'semicolon' ? text.replace('.', ',') : text;
  }
  const special = style === 'semicolon' ? /[;"\r\n]/ : /[,"\r\n]/;
  return special.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[], style: CsvStyle = 'semicolon'): string {
  const sep = style === 'semicolon' ? ';' : ',';
  const lines = [columns.map((c) => cell(c.header, undefined, style)).join(sep), ...rows.map((r) => columns.map((c) => cell(c.value(r), c.format, style)).join(sep))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
