import { describe, expect, it } from 'vitest';
import { queuesFileSchema, toAcdConfig } from '../../src/acd/queue-config.js';
import { buildCatalog, parseSchedules } from '../../src/ivr/catalog.js';
import { callbackHours, isOpenAt, queueFreeSlots, queueSlotRules } from '../../src/callbacks/queue-slots.js';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { FlowInvalidError } from '../../src/shared/yaml-document.js';

const holidays = new ItalianHolidays();
const schedules = parseSchedules(
  'schedules.yaml',
  `schedules:
  cc:
    hours: { mon-sat: ["08:00-20:00"] }
    closures:
      - { from: "2031-01-14", to: "2031-01-14", name: Sciopero }
`,
);
const acd = toAcdConfig(
  queuesFileSchema.parse({
    queues: {
      generale: {
        name: 'Generale',
        callbacks: { schedule: 'cc', slots: { slotMinutes: 60, handleSeconds: 300, leadMinutes: 0, horizonDays: 3, staffing: { week: { 'mon-sat': [{ from: '08:00', to: '20:00', agents: 10 }] } } } },
      },
      anagrafe: { name: 'Anagrafe', callbacks: { hours: { hours: { 'mon-fri': ['09:00-12:00'] } } } },
      tributi: { name: 'Tributi' },
    },
  }),
);
const def = (id: string) => {
  const d = acd.queues.get(id);
  if (!d) throw new Error(id);
  return d;
};

describe('the hours callbacks follow', () => {
  it('a queue naming a schedule follows it, closures included; one with its own hours, those; one with neither, any time', () => {
    const hours = callbackHours(def('generale'), schedules);
    // Monday 13 January 2031, 10:00 in Rome: open; Tuesday 14 (the strike): closed all day.
    expect(isOpenAt(hours, new Date('2031-01-13T09:00:00Z'), holidays)).toBe(true);
    expect(isOpenAt(hours, new Date('2031-01-14T09:00:00Z'), holidays)).toBe(false);
    expect(callbackHours(def('anagrafe'), schedules)?.hours).toEqual({ 'mon-fri': ['09:00-12:00'] });
    expect(callbackHours(def('tributi'), schedules)).toBeUndefined();
  });

  it('no slot is offered on a closure day: from Monday evening the next slots are on Wednesday', () => {
    const rules = queueSlotRules(def('generale'));
    if (!rules) throw new Error('generale has slots');
    const slots = queueFreeSlots(callbackHours(def('generale'), schedules), rules, new Date('2031-01-13T17:30:00Z'), holidays, new Map(), 3); // Mon 18:30
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2031-01-13T18:00:00.000Z', '2031-01-15T07:00:00.000Z', '2031-01-15T08:00:00.000Z']);
  });

  it('queues.yaml cannot name a schedule schedules.yaml lacks, nor give hours and a schedule together', () => {
    expect(() => buildCatalog([], { schedules: new Map(), acd, queues: acd.queues })).toThrow(FlowInvalidError);
    try {
      buildCatalog([], { schedules: new Map(), acd, queues: acd.queues });
    } catch (error) {
      expect((error as FlowInvalidError).problems).toEqual(['queues.generale.callbacks.schedule: "cc" is not defined in schedules.yaml']);
    }
    const both = queuesFileSchema.safeParse({ queues: { x: { name: 'X', callbacks: { schedule: 'cc', hours: { hours: {} } } } } });
    expect(both.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['queues.x.callbacks.schedule: give hours or schedule, not both']);
  });
});
