import { describe, expect, it } from 'vitest';
import { parseSchedules } from '../../src/ivr/catalog.js';
import { addClosure, diffSchedules, removeClosure } from '../../src/ivr/versions/schedule-versions.js';

const TEXT = `# Orari (commento che resta)
schedules:
  office:
    hours:
      mon-fri: ["09:00-13:00"]   # mattina
    holidays: { country: IT }
  other:
    hours:
      sat: ["09:00-12:00"]
    closures:
      - { from: "2031-01-10", to: "2031-01-10", name: Neve }
`;

describe('closures added and removed by the console keep the file a supervisor wrote', () => {
  it('adds a closure (quoted dates, comments kept) to a schedule with none, and to one with some', () => {
    const one = addClosure(TEXT, 'office', { from: '2031-01-08', to: '2031-01-09 12:00', name: 'Sciopero', message: 'Chiuso per sciopero.' });
    expect(one).toContain('# Orari (commento che resta)');
    expect(one).toContain('# mattina');
    expect(one).toContain('closures:\n      - { from: "2031-01-08", to: "2031-01-09 12:00", name: Sciopero, message: Chiuso per sciopero. }');
    expect(parseSchedules('s.yaml', one ?? '').get('office')?.closures).toEqual([{ from: '2031-01-08', to: '2031-01-09 12:00', name: 'Sciopero', message: 'Chiuso per sciopero.' }]);
    const two = addClosure(TEXT, 'other', { from: '2031-01-11', to: '2031-01-11', name: 'Gelo' });
    expect(parseSchedules('s.yaml', two ?? '').get('other')?.closures.map((c) => c.name)).toEqual(['Neve', 'Gelo']);
    expect(addClosure(TEXT, 'nowhere', { from: '2031-01-11', to: '2031-01-11', name: 'Gelo' })).toBeUndefined();
  });

  it('removes the closures of that name only; none of that name: undefined', () => {
    const removed = removeClosure(TEXT, 'other', 'Neve');
    expect(parseSchedules('s.yaml', removed ?? '').get('other')?.closures).toEqual([]);
    expect(removed).not.toContain('closures');
    expect(removed).toContain('# mattina');
    expect(removeClosure(TEXT, 'other', 'Sole')).toBeUndefined();
    expect(removeClosure(TEXT, 'office', 'Neve')).toBeUndefined();
  });
});

describe('diffSchedules: what changed, in words', () => {
  it('schedules added and removed; hours, holidays, closures, exceptions and yearly holidays changed', () => {
    const a = parseSchedules('a.yaml', TEXT);
    const b = parseSchedules(
      'b.yaml',
      `schedules:
  office:
    hours:
      mon-fri: ["09:00-13:00", "14:00-17:00"]
      sat: ["09:00-12:00"]
    holidays: { country: IT, region: "25", city: MI }
    local: [{ date: "06-24", name: San Giovanni }]
    exceptions: [{ date: "2031-12-24", name: Vigilia, hours: closed }]
    closures: [{ from: "2031-01-08", to: "2031-01-08", name: Sciopero }]
  third:
    hours: {}
`,
    );
    expect(diffSchedules(a, b)).toEqual([
      'schedule other removed',
      'office: hours mon-fri: 09:00-13:00 → 09:00-13:00, 14:00-17:00',
      'office: hours sat: closed → 09:00-12:00',
      'office: holidays IT → IT/25/MI',
      'office: closure added: Sciopero (2031-01-08 to 2031-01-08)',
      'office: exception added: 2031-12-24 Vigilia closed',
      'office: yearly holiday added: 06-24 San Giovanni',
      'schedule third added',
    ]);
    expect(diffSchedules(a, a)).toEqual([]);
  });
});
