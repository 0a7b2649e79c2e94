import { StaticCatalog } from '../../src/ivr/versions/live-catalog.js';
/** Runs flows on the fake telephony under fake timers: the simulator's engine, for unit tests. */
import { vi } from 'vitest';
import { CallHandler } from '../../src/calls/call-handler.js';
import { buildCatalog, parseSchedules } from '../../src/ivr/catalog.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { promptMedia } from '../../src/shared/prompts.js';
import { createLogger } from '../../src/logger.js';
import { FakeTelephony, type FakeCallChannel } from '../../src/telephony/fake-telephony.js';
import { MemoryCallStore, MemoryEventLog } from './memory-stores.js';

export interface Harness {
  readonly telephony: FakeTelephony;
  readonly events: MemoryEventLog;
  readonly store: MemoryCallStore;
  readonly handler: CallHandler;
  /** Places a call and returns its fake channel. */
  call(dialled?: string, caller?: string): FakeCallChannel;
  /** Advances fake time until every session has ended (bounded). */
  settle(): Promise<void>;
  /** The prompt ids of `flowText` a call heard, in order (other media as they are). */
  heard(call: FakeCallChannel): string[];
  /** The journey: node ids left, in order. */
  journey(): string[];
}

export function harness(flowTexts: readonly string[], opts: { schedules?: string; emergency?: boolean; playMs?: number } = {}): Harness {
  const flows = flowTexts.map((t, i) => parseFlow(`flow-${i}.yaml`, t));
  const schedules = opts.schedules === undefined ? new Map() : parseSchedules('schedules.yaml', opts.schedules);
  const events = new MemoryEventLog();
  const store = new MemoryCallStore(events);
  const telephony = new FakeTelephony(opts.playMs ?? 1000);
  const handler = new CallHandler({
    catalogs: new StaticCatalog(buildCatalog(flows, { schedules })),
    holidays: new ItalianHolidays(),
    telephony,
    store,
    events,
    logger: createLogger('silent'),
    promptTimeoutMs: 120_000,
    announcements: {
      list: () => Promise.resolve(opts.emergency ? [{ id: 'neve', kind: 'emergency' as const, text: 'Emergenza neve.', flows: ['*'], updatedBy: 'test', updatedAt: '2026-01-01T00:00:00Z' }] : []),
      history: () => Promise.resolve([]),
      put: () => Promise.resolve(),
      remove: () => Promise.resolve(false),
    },
    externalDialString: 'PJSIP/{number}@trunk',
  });
  telephony.onCall((c) => handler.handle(c));
  const byMedia = new Map<string, string>();
  for (const f of flows) for (const [id, text] of Object.entries(f.definition.prompts)) byMedia.set(promptMedia(text), id);
  return {
    telephony,
    events,
    store,
    handler,
    call: (dialled = '020202', caller = '+393331234567') => telephony.placeCall({ dialledNumber: dialled, callerNumber: caller }),
    async settle() {
      for (let i = 0; i < 400 && handler.activeSessions() > 0; i++) await vi.advanceTimersByTimeAsync(250);
    },
    heard: (call) => call.played.map((m) => byMedia.get(m) ?? m),
    journey: () => events.ofType('ivr.node').map((e) => String(e.data?.node)),
  };
}
