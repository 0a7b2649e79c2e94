import { describe, expect, it } from 'vitest';
import { parseSchedules } from '../../src/ivr/catalog.js';
import { FlowInvalidError } from '../../src/shared/yaml-document.js';

const FILE = 'ivr-flows/schedules.yaml';

function problemsOf(text: string): string[] {
  try {
    parseSchedules(FILE, text);
  } catch (error) {
    if (error instanceof FlowInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected schedules.yaml to be refused');
}

const office = (hours: string, extra = '') => `schedules:\n  office:\n    hours:\n${hours}${extra}`;

describe('schedules.yaml is refused where it is wrong, with file:line:column', () => {
  it('accepts the shipped shape: Milan (Lombardia, Milano), a day ending at 24:00, a closed exception', () => {
    const parsed = parseSchedules(FILE, office('      mon-fri: ["08:00-13:00", "14:00-24:00"]\n', '    holidays: { country: IT, region: "25", city: MI }\n    exceptions:\n      - { date: "2031-12-24", name: Vigilia, hours: closed }\n'));
    expect(parsed.get('office')?.holidays).toEqual({ country: 'IT', region: '25', city: 'MI' });
  });

  it('reversed hours (17:00-09:00): a range cannot end before it starts or cross midnight', () => {
    expect(problemsOf(office('      mon-fri: ["17:00-09:00"]\n'))).toEqual([expect.stringMatching(/^ivr-flows\/schedules\.yaml:4:\d+: schedules\.office\.hours\.mon-fri\.0: the end is not after the start/)]);
    expect(problemsOf(office('      sat: ["10:00-10:00"]\n'))[0]).toContain('the end is not after the start');
  });

  it('overlapping hours, in one list or from two keys covering the same day', () => {
    expect(problemsOf(office('      mon-fri: ["08:00-13:00", "12:00-17:00"]\n'))).toEqual([
      expect.stringMatching(/^ivr-flows\/schedules\.yaml:4:7: schedules\.office\.hours\.mon-fri: mon: 08:00-13:00 and 12:00-17:00 overlap$/),
      expect.stringContaining('tue: 08:00-13:00 and 12:00-17:00 overlap'),
      expect.stringContaining('wed:'),
      expect.stringContaining('thu:'),
      expect.stringContaining('fri:'),
    ]);
    expect(problemsOf(office('      mon-fri: ["08:00-13:00"]\n      wed: ["09:00-10:00"]\n'))).toEqual([
      expect.stringMatching(/^ivr-flows\/schedules\.yaml:5:7: schedules\.office\.hours\.wed: wed: 08:00-13:00 and 09:00-10:00 overlap \(mon-fri and wed both cover wed\)$/),
    ]);
    // Touching ranges are not an overlap: 13:00 is both an end and a start.
    expect(parseSchedules(FILE, office('      mon: ["08:00-13:00", "13:00-14:00"]\n')).size).toBe(1);
  });

  it('unknown region and city codes, naming the valid ones', () => {
    const [region] = problemsOf(office('      mon: ["08:00-13:00"]\n', '    holidays: { country: IT, region: "03" }\n'));
    expect(region).toMatch(/^ivr-flows\/schedules\.yaml:5:\d+: schedules\.office\.holidays\.region: "03" is not a region with holidays of its own; known: .*25 \(Lombardy\)/);
    const [city] = problemsOf(office('      mon: ["08:00-13:00"]\n', '    holidays: { country: IT, region: "25", city: BG }\n'));
    expect(city).toMatch(/schedules\.office\.holidays\.city: "BG" is not a city with holidays of its own in region 25 \(Lombardy\); known: MI \(Milan\)$/);
    expect(problemsOf(office('      mon: ["08:00-13:00"]\n', '    holidays: { country: IT, city: MI }\n'))[0]).toContain('schedules.office.holidays.city: a city needs its region');
  });

  it('two exceptions on one day, and overlapping hours in an exception', () => {
    const problems = problemsOf(
      office('      mon: ["08:00-13:00"]\n', '    exceptions:\n      - { date: "2031-12-24", name: Vigilia, hours: ["08:00-12:00", "11:00-13:00"] }\n      - { date: "2031-12-24", name: Sciopero, hours: closed }\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/:6:\d+: schedules\.office\.exceptions\.0\.hours: 08:00-12:00 and 11:00-13:00 overlap$/),
      expect.stringMatching(/:7:\d+: schedules\.office\.exceptions\.1\.date: 2031-12-24 already has an exception \(number 1, "Vigilia"\): one per day$/),
    ]);
  });
});
