import { StaticCatalog } from '../../src/ivr/versions/live-catalog.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallHandler } from '../../src/calls/call-handler.js';
import { createLogger } from '../../src/logger.js';
import { buildCatalog, NO_SETTINGS } from '../../src/ivr/catalog.js';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { promptMedia } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../src/shared/system-prompts.js';
import { FakeTelephony } from '../../src/telephony/fake-telephony.js';
import { WELCOME_FLOW } from '../support/flows.js';
import { MemoryCallStore, MemoryEventLog } from '../support/memory-stores.js';

function setupHandler() {
  const flow = parseFlow('ivr-flows/test.yaml', WELCOME_FLOW);
  const events = new MemoryEventLog();
  const store = new MemoryCallStore(events);
  const telephony = new FakeTelephony(1000);
  const handler = new CallHandler({
    catalogs: new StaticCatalog(buildCatalog([flow], NO_SETTINGS)),
    holidays: new ItalianHolidays(),
    telephony,
    store,
    events,
    logger: createLogger('silent'),
    promptTimeoutMs: 60_000,
  });
  telephony.onCall((c) => handler.handle(c));
  return { flow, events, store, telephony, handler };
}

/** Lets the session's promise chain run to its end under fake time. */
async function settle(handler: CallHandler): Promise<void> {
  for (let i = 0; i < 50 && handler.activeSessions() > 0; i++) await vi.advanceTimersByTimeAsync(500);
}

describe('CallHandler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('plays the flow to a call to its number, hangs up, and removes the live call', async () => {
    const { events, store, telephony, handler, flow } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: '+39020202' });
    await settle(handler);
    expect(call.answered).toBe(true);
    expect(call.played).toEqual([promptMedia('Benvenuto.'), promptMedia('Arrivederci.')]);
    expect(call.hangupReason).toBe('normal');
    expect(events.ofType('call.started')[0]?.data).toMatchObject({ flowId: 'test-welcome' });
    expect(events.ofType('prompt.played')[0]?.data).toMatchObject({ prompts: ['welcome', 'bye'], outcome: 'finished', flowVersion: flow.version });
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'completed', endedBy: 'engine', visited: ['welcome', 'end'] });
    expect(store.live.size).toBe(0);
    expect(telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
  });

  it('tells a caller of a number no flow serves that it is not active, and releases the call', async () => {
    const { events, telephony, handler } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: '0299999999' });
    await settle(handler);
    expect(call.played).toEqual([promptMedia(SYSTEM_PROMPTS.numberNotServed)]);
    expect(call.ended.aborted).toBe(true);
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'number_not_served', endedBy: 'engine' });
  });

  it('cleans up when the caller hangs up in the middle of the welcome', async () => {
    const { events, store, telephony, handler } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: '020202' });
    await vi.advanceTimersByTimeAsync(500);
    call.callerHangsUp();
    await settle(handler);
    expect(call.played).toEqual([]);
    expect(call.hangupReason).toBeUndefined();
    expect(events.ofType('prompt.played')).toEqual([]);
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'caller_hung_up', endedBy: 'caller', visited: ['welcome'] });
    expect(store.live.size).toBe(0);
    expect(telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a call found in Stasis after a restart that the dead engine never registered is a new call: its flow runs', async () => {
    const { events, telephony, handler } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: '020202', recovered: true });
    await settle(handler);
    expect(call.played).toEqual([promptMedia('Benvenuto.'), promptMedia('Arrivederci.')]);
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'completed' });
  });

  it('apologises to a call found in Stasis whose number is unknown, instead of leaving it in silence', async () => {
    const { events, telephony, handler } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: 's', recovered: true });
    await settle(handler);
    expect(call.played).toEqual([promptMedia(SYSTEM_PROMPTS.technicalProblem)]);
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'recovered_after_restart' });
  });

  it('while draining, refuses new calls with the unavailable message and waits for calls in progress', async () => {
    const { events, telephony, handler } = setupHandler();
    const first = telephony.placeCall({ dialledNumber: '020202' });
    await vi.advanceTimersByTimeAsync(100);
    const drained = handler.drain(60_000);
    const late = telephony.placeCall({ dialledNumber: '020202' });
    await settle(handler);
    await drained;
    expect(first.played).toHaveLength(2);
    expect(late.played).toEqual([promptMedia(SYSTEM_PROMPTS.engineUnavailable)]);
    expect(events.ofType('call.ended').map((e) => e.data?.outcome).sort()).toEqual(['completed', 'refused_shutting_down']);
  });

  it('hangs up calls still in progress when the drain grace period runs out', async () => {
    const { events, telephony, handler } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: '020202' });
    await vi.advanceTimersByTimeAsync(100);
    const drained = handler.drain(300);
    await vi.advanceTimersByTimeAsync(400);
    await drained;
    expect(call.hangupReason).toBe('normal');
    expect(events.ofType('call.ended')).toHaveLength(1);
  });

  it('a channel adopted after an engine restart continues the call record it already had', async () => {
    const { events, store, telephony, handler } = setupHandler();
    await store.start({ ...record('call-before-restart', 'ch-42'), playbackId: 'welcome-of-the-dead-engine' }, new Date());
    const call = telephony.placeCall({ dialledNumber: '020202', recovered: true, channelId: 'ch-42' });
    await settle(handler);
    // The old playback is stopped first: Asterisk would hold our commands until it ended.
    expect(call.stoppedPlaybacks).toEqual(['welcome-of-the-dead-engine']);
    // Its flow had not begun a step (no checkpoint): it runs from the start, under the same call id.
    expect(events.events.map((e) => [e.type, e.callId])).toEqual([
      ['call.started', 'call-before-restart'],
      ['call.recovered', 'call-before-restart'],
      ['ivr.resumed', 'call-before-restart'],
      ['prompt.played', 'call-before-restart'],
      ['ivr.node', 'call-before-restart'],
      ['ivr.node', 'call-before-restart'],
      ['call.ended', 'call-before-restart'],
    ]);
    expect(store.live.size).toBe(0);
  });

  it('after a reconnect, ends live calls whose channel vanished, and only those', async () => {
    const { events, store, telephony, handler } = setupHandler();
    await store.start(record('lost', 'ch-gone'), new Date());
    await store.start(record('still-there', 'ch-present'), new Date());
    const own = telephony.placeCall({ dialledNumber: '020202' });
    await vi.advanceTimersByTimeAsync(10);
    expect(await handler.endLostCalls(new Set(['ch-present']))).toBe(1);
    expect([...store.live.keys()].sort()).toEqual(['still-there', (await store.findByChannel(own.info.channelId)) ?? 'missing'].sort());
    expect(events.ofType('call.ended').map((e) => [e.callId, e.data?.outcome])).toEqual([['lost', 'channel_lost']]);
  });
});

function record(callId: string, channelId: string) {
  return { callId, channelId, callerNumber: '+393331234567', dialledNumber: '020202', source: 'trunk', flowId: 'test-welcome', flowVersion: 'v1', startedAt: new Date().toISOString(), engineInstance: 'old' };
}

describe('CallHandler.drain with a stuck call', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives up after twice the grace period instead of blocking shutdown', async () => {
    const { telephony, handler } = setupHandler();
    const call = telephony.placeCall({ dialledNumber: '020202' });
    // A channel whose hang-up never takes effect (Asterisk not answering).
    call.hangup = () => new Promise(() => undefined);
    await vi.advanceTimersByTimeAsync(100);
    let drained = false;
    void handler.drain(300).then(() => (drained = true));
    await vi.advanceTimersByTimeAsync(599);
    expect(drained).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(drained).toBe(true);
  });
});
