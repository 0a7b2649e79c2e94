/**
 * SIPp's statistics file (`-trace_stat -stf FILE`): a header line, then one line of counters per
 * period, `;`-separated. The benches and the chaos read the latest line's columns from it.
 */
import { readFileSync } from 'node:fs';

/** The latest value of each column by name ('' for a column not there), or undefined before SIPp has written a period. */
export function latestSippStats(text: string): ((column: string) => string) | undefined {
  const lines = text.trim().split('\n');
  if (lines.length < 2) return undefined;
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  return (column) => {
    const i = header.indexOf(column);
    return i < 0 ? '' : (last[i] ?? '');
  };
}

/** The same, read from the file. */
export function readSippStats(file: string): ((column: string) => string) | undefined {
  return latestSippStats(readFileSync(file, 'utf8'));
}
