/**
 * A caller in the IVR when the engine dies goes on, with the next engine, from the step they were
 * in: each step is checkpointed in the call's record as it begins; an adopted channel with a
 * checkpoint runs the flow from there (its prompt replays) with its variables and tags.
 * Fake telephony and memory stores, fake timers: no I/O.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallHandler } from '../../src/calls/call-handler.js';
import { buildCatalog, NO_SETTINGS } from '../../src/ivr/catalog.js';
import { checkpointText, readCheckpoint } from '../../src/ivr/checkpoint.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { StaticCatalog } from '../../src/ivr/versions/live-catalog.js';
import { createLogger } from '../../src/logger.js';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { promptMedia } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../src/shared/system-prompts.js';
import { FakeTelephony } from '../../src/telephony/fake-telephony.js';
import { MemoryCallStore, MemoryEventLog } from '../support/memory-stores.js';

const FLOW = `
id: test-resume
numbers: ["020202"]
language: it
prompts:
  welcome: Benvenuto.
  menu: Per l'anagrafe premi 1.
  anagrafe: Anagrafe, arrivederci.
  sorry: Arrivederci.
start: welcome
nodes:
  welcome: { type: play, prompts: [welcome], next: topic }
  topic: { type: set, tags: [Anagrafe], variables: { service: anagrafe }, next: menu }
  menu:
    type: menu
    prompt: menu
    choices: { "1": bye, "0": operator }
    timeoutSeconds: 5
    onFailure: sorry
  bye: { type: hangup, prompt: anagrafe }
  sorry: { type: hangup, prompt: sorry }
  operator: { type: transfer, to: { extension: "201" }, onFailure: sorry }
`;

function setup() {
  const flow = parseFlow('ivr-flows/test-resume.yaml', FLOW);
  const events = new MemoryEventLog();
  const store = new MemoryCallStore(events);
  const telephony = new FakeTelephony(1000);
  const handler = new CallHandler({ catalogs: new StaticCatalog(buildCatalog([flow], NO_SETTINGS)), holidays: new ItalianHolidays(), telephony, store, events, logger: createLogger('silent'), promptTimeoutMs: 60_000 });
  telephony.onCall((c) => handler.handle(c));
  return { events, store, telephony, handler };
}

async function settle(handler: CallHandler): Promise<void> {
  for (let i = 0; i < 50 && handler.activeSessions() > 0; i++) await vi.advanceTimersByTimeAsync(500);
}

function recordOf(callId: string, channelId: string, ivr?: string) {
  return { callId, channelId, callerNumber: '+393331234567', dialledNumber: '020202', source: 'trunk', flowId: 'test-resume', flowVersion: '1:x', startedAt: new Date().toISOString(), engineInstance: 'dead', ...(ivr === undefined ? {} : { ivr }) };
}

describe('IVR checkpoints', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('the call record says which step the caller is in, with the variables and tags so far', async () => {
    const { store, telephony, handler } = setup();
    const call = telephony.placeCall({ dialledNumber: '020202' });
    // The welcome (1 s) is over; the menu prompt is playing.
    await vi.advanceTimersByTimeAsync(1_500);
    const callId = [...store.live.keys()][0] ?? '';
    const { checkpoint } = readCheckpoint(store.live.get(callId)?.ivr);
    expect(checkpoint).toMatchObject({ flowId: 'test-resume', node: 'menu', vars: { service: 'anagrafe' }, tags: ['Anagrafe'] });
    expect(checkpoint?.journey.map((s) => s.node)).toEqual(['welcome', 'topic']);
    call.pressDigit('1');
    await settle(handler);
    expect(store.live.size).toBe(0);
  });

  it('an adopted call goes on from its step: the menu replays, the key is taken, the call ends normally, tagged', async () => {
    const { events, store, telephony, handler } = setup();
    const ivr = checkpointText({ flowId: 'test-resume', node: 'menu', vars: { service: 'anagrafe' }, tags: ['Anagrafe'], journey: [{ node: 'welcome', type: 'play' }] });
    await store.start(recordOf('call-1', 'ch-1', ivr), new Date());
    const updates = vi.spyOn(store, 'update');
    const call = telephony.placeCall({ dialledNumber: '020202', recovered: true, channelId: 'ch-1' });
    await vi.advanceTimersByTimeAsync(1_500);
    call.pressDigit('1');
    await settle(handler);
    expect(call.played).toEqual([promptMedia("Per l'anagrafe premi 1."), promptMedia('Anagrafe, arrivederci.')]);
    expect(events.ofType('ivr.resumed')[0]).toMatchObject({ callId: 'call-1', data: { flowId: 'test-resume', node: 'menu' } });
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'completed', visited: ['menu', 'bye'] });
    // The tags set before the crash are the call's still.
    expect(updates).toHaveBeenCalledWith('call-1', { tags: 'Anagrafe' });
    expect(store.live.size).toBe(0);
  });

  it.each([
    ['a transfer step (the extension may already be ringing)', checkpointText({ flowId: 'test-resume', node: 'operator', vars: {}, tags: [], journey: [] })],
    ['a step the live flow no longer has', checkpointText({ flowId: 'test-resume', node: 'gone', vars: {}, tags: [], journey: [] })],
    ['an unreadable checkpoint', '{"flowId":'],
    ['no checkpoint, and no flow in the record', undefined],
  ])('%s: the caller is apologised to, as before', async (_what, ivr) => {
    const { events, store, telephony, handler } = setup();
    await store.start({ ...recordOf('call-2', 'ch-2', ivr), ...(ivr === undefined ? { flowId: '' } : {}) }, new Date());
    const call = telephony.placeCall({ dialledNumber: '020202', recovered: true, channelId: 'ch-2' });
    await settle(handler);
    expect(call.played).toEqual([promptMedia(SYSTEM_PROMPTS.technicalProblem)]);
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'recovered_after_restart' });
    expect(events.ofType('ivr.resumed')).toEqual([]);
  });
});

describe('a call the dead engine had registered but not begun', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts its flow from the beginning (the caller has heard nothing of it yet), answered', async () => {
    const { events, store, telephony, handler } = setup();
    await store.start(recordOf('call-3', 'ch-3'), new Date());
    const call = telephony.placeCall({ dialledNumber: '020202', recovered: true, channelId: 'ch-3' });
    await vi.advanceTimersByTimeAsync(2_500);
    call.pressDigit('1');
    await settle(handler);
    expect(call.answered).toBe(true);
    expect(call.played).toEqual([promptMedia('Benvenuto.'), promptMedia("Per l'anagrafe premi 1."), promptMedia('Anagrafe, arrivederci.')]);
    expect(events.ofType('ivr.resumed')[0]?.data).toMatchObject({ flowId: 'test-resume', node: 'welcome' });
    expect(events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'completed' });
  });
});

describe('readCheckpoint', () => {
  it('reads what checkpointText wrote, keeping only the latest journey steps', () => {
    const journey = Array.from({ length: 60 }, (_, i) => ({ node: `n${i}`, type: 'play' }));
    const { checkpoint } = readCheckpoint(checkpointText({ flowId: 'f', version: 3, node: 'n', vars: { a: 'b' }, tags: ['T'], journey }));
    expect(checkpoint?.journey).toHaveLength(40);
    expect(checkpoint?.journey[0]?.node).toBe('n20');
    expect(checkpoint).toMatchObject({ flowId: 'f', version: 3, node: 'n', vars: { a: 'b' }, tags: ['T'] });
  });

  it('says what is wrong with a damaged one, and nothing of an absent one', () => {
    expect(readCheckpoint(undefined)).toEqual({});
    expect(readCheckpoint('nope').problem).toMatch(/^not JSON: /);
    expect(readCheckpoint('{"flowId":"f"}').problem).toMatch(/node: /);
  });
});
