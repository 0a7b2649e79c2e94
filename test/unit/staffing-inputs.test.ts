/** What the forecast and the plan learn from call records: arrivals per Rome half hour, handle time, patience (pure). */
import { describe, expect, it } from 'vitest';
import type { CallRecord, QueueVisit } from '../../src/reports/call-record.js';
import { arrivals, handling } from '../../src/reports/staffing-inputs.js';
import { romeInstant } from '../../src/shared/schedule.js';

const visit = (queue: string, local: string, v: Partial<QueueVisit>): QueueVisit => ({ queue, enteredAt: romeInstant(local).toISOString(), outcome: 'answered', ...v });
const record = (callId: string, topics: string[], queues: QueueVisit[]): CallRecord => ({ callId, path: [], topics, queues, tickets: [], callbacks: [], recovered: false, complete: true });

const RECORDS = [
  record('a', ['Tributi'], [visit('tributi', '2031-03-03 10:05', { waitedMs: 20_000, talkSeconds: 200, wrapUpSeconds: 40 })]),
  record('b', ['Tributi', 'Anagrafe'], [visit('tributi', '2031-03-03 10:29', { outcome: 'abandoned', waitedMs: 60_000 }), visit('anagrafe', '2031-03-03 10:40', { waitedMs: 10_000, talkSeconds: 100, wrapUpSeconds: 20 })]),
  record('c', [], [visit('tributi', '2031-03-03 10:30', { outcome: 'callback', waitedMs: 110_000 })]),
  // The next day, in the evening.
  record('d', ['Tributi'], [visit('tributi', '2031-03-04 19:59', { outcome: 'abandoned', waitedMs: 10_000 })]),
];

describe('staffing inputs from call records', () => {
  it('offered calls per queue in the Rome half hour each entered it', () => {
    const tributi = arrivals(RECORDS, 'queue').get('tributi') ?? [];
    expect(tributi.map((d) => d.day)).toEqual(['2031-03-03', '2031-03-04']);
    expect(tributi[0]?.slots[20]).toBe(2); // 10:05 and 10:29
    expect(tributi[0]?.slots[21]).toBe(1); // 10:30
    expect(tributi[1]?.slots[39]).toBe(1); // 19:59
    expect(tributi[0]?.slots.reduce((a, b) => a + b, 0)).toBe(3);
    expect(arrivals(RECORDS, 'queue').get('anagrafe')?.[0]?.slots[21]).toBe(1);
  });

  it('per topic a call counts once in each of its topics, at its first queue; no topic is "—"', () => {
    const byTopic = arrivals(RECORDS, 'topic');
    expect(byTopic.get('Anagrafe')?.[0]?.slots[20]).toBe(1);
    expect(byTopic.get('Tributi')?.[0]?.slots.reduce((a, b) => a + b, 0)).toBe(2);
    expect(byTopic.get('—')?.[0]?.slots[21]).toBe(1);
  });

  it('handle time of the answered; patience = every wait over the abandons (maximum likelihood)', () => {
    expect(handling(RECORDS).get('tributi')).toEqual({ answered: 1, abandoned: 2, ahtSeconds: 240, patienceSeconds: (20 + 60 + 110 + 10) / 2 });
    expect(handling(RECORDS).get('anagrafe')).toEqual({ answered: 1, abandoned: 0, ahtSeconds: 120, patienceSeconds: Infinity });
  });
});
