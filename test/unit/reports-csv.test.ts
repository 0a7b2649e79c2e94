import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/shared/csv.js';

describe('CSV for Italian spreadsheets', () => {
  const rows = [
    { queue: 'tributi', offered: 120, rate: 0.8754, asa: 61.26 },
    { queue: 'anagrafe; stato civile "A"', offered: 0, rate: null, asa: null },
  ];
  const csv = toCsv(rows, [
    { header: 'Coda', value: (r) => r.queue },
    { header: 'Offerte', value: (r) => r.offered, format: 'integer' },
    { header: 'Risposte %', value: (r) => r.rate, format: 'percent' },
    { header: 'Attesa media (s)', value: (r) => r.asa, format: 'decimal' },
  ]);

  it('starts with a byte-order mark and ends each line with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('separates with ";", writes a decimal comma and percentages, leaves nothing-to-measure empty, quotes what needs it', () => {
    expect(csv.slice(1).split('\r\n').slice(0, 3)).toEqual(['Coda;Offerte;Risposte %;Attesa media (s)', 'tributi;120;87,5;61,3', '"anagrafe; stato civile ""A""";0;;']);
  });

  it('writes RFC 4180 when asked: "," between fields, a decimal point, quotes around a field holding a comma', () => {
    const rfc = toCsv([{ queue: 'tributi, TARI', rate: 0.8754 }], [
      { header: 'Coda', value: (r) => r.queue },
      { header: 'Risposte %', value: (r) => r.rate, format: 'percent' },
    ], 'comma');
    expect(rfc).toBe('\uFEFFCoda,Risposte %\r\n"tributi, TARI",87.5\r\n');
  });
});
