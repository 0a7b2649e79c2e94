import { describe, expect, it } from 'vitest';
import { slotDays, slotForKeys } from '../../src/ivr/nodes/slot-choice.js';
import { romeInstant } from '../../src/shared/schedule.js';

const slot = (local: string) => ({ start: romeInstant(local), spoken: local });
const NOW = romeInstant('2031-03-03 21:00'); // a Monday evening
const SLOTS = ['2031-03-04 08:00', '2031-03-04 08:30', '2031-03-04 15:00', '2031-03-05 09:00', '2031-03-12 10:30'].map(slot);

describe('choosing a callback slot on the keypad', () => {
  it('groups the free slots by Rome day, told as a caller hears them', () => {
    expect(slotDays(SLOTS, NOW).map((d) => [d.label, d.slots.length])).toEqual([
      ['domani', 3],
      ['mercoledì 5 marzo', 1],
      ['mercoledì 12 marzo', 1],
    ]);
  });

  it('keys for a day and an hour: the first free slot that day from that hour; none, or not a day and hour', () => {
    const days = slotDays(SLOTS, NOW);
    expect(slotForKeys(days, '412')).toMatchObject({ spoken: '2031-03-04 15:00' }); // the 4th at 12 → 15:00, the first from 12
    expect(slotForKeys(days, '48')).toMatchObject({ spoken: '2031-03-04 08:00' }); // two keys: the 4th at 8
    expect(slotForKeys(days, '1210')).toMatchObject({ spoken: '2031-03-12 10:30' });
    expect(slotForKeys(days, '416')).toBeUndefined(); // nothing from 16 that day
    expect(slotForKeys(days, '610')).toBeUndefined(); // nothing on the 6th
    for (const bad of ['4', '12345', '3210', '4 8', '024']) expect(slotForKeys(days, bad), bad).toBe('invalid');
  });
});
