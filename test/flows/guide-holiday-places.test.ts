import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { italianHolidayPlaces } from '../../src/shared/holidays.js';

describe("the supervisor's guide", () => {
  it('lists exactly the region and city codes the holiday library knows (the ones check accepts)', () => {
    const guide = readFileSync('ivr-flows/README.md', 'utf8');
    const rows = [...guide.matchAll(/^\| `"(\d+)"` \| [^|]+ \| (?:`([A-Z]+)` [^|]+|—) \|$/gm)].map((m) => `${m[1]}/${m[2] ?? ''}`);
    const known = [...italianHolidayPlaces()].flatMap(([code, place]) => {
      const cities = Object.keys(place.cities);
      return cities.length > 0 ? cities.map((c) => `${code}/${c}`) : [`${code}/`];
    });
    expect(rows.sort()).toEqual(known.sort());
  });
});
