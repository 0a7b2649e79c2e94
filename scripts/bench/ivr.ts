import { StaticCatalog } from '../../src/ivr/versions/live-catalog.js';
/**
 * `npm run bench:ivr`: figures for the IVR runtime, then one JSON line.
 *   - parse + validate + compile time of a generated 500-node flow (target < 50 ms);
 *   - heap per active call session waiting in a menu (target < 30 KB);
 *   - journey events per second through the runtime (flows of play nodes with instant audio).
 * In-process on the fake telephony: it measures the engine's own cost, not Asterisk's.
 */
import { performance } from 'node:perf_hooks';
import { CallHandler } from '../../src/calls/call-handler.js';
import type { EventLog } from '../../src/events/event-log.js';
import { buildCatalog, NO_SETTINGS } from '../../src/ivr/catalog.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { ItalianHolidays } from '../../src/shared/holidays.js';
import { createLogger } from '../../src/logger.js';
import { FakeTelephony } from '../../src/telephony/fake-telephony.js';
import type { CallRecord, CallStore } from '../../src/calls/call-store.js';

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

/** A flow of `n` nodes: menus that go forward, plays between them, a hangup at the end. */
function bigFlow(n: number): string {
  const lines = ['id: big', 'numbers: ["0299000000"]', 'language: it', 'prompts:', '  p: Premi uno.', 'start: n0', 'nodes:'];
  for (let i = 0; i < n - 1; i++) {
    const next = `n${i + 1}`;
    if (i % 2 === 0) lines.push(`  n${i}: { type: menu, prompt: p, choices: { "1": ${next}, "2": ${next} }, onFailure: ${next} }`);
    else lines.push(`  n${i}: { type: play, prompts: [p], next: ${next} }`);
  }
  lines.push(`  n${n - 1}: { type: hangup }`);
  return lines.join('\n');
}

class NullStore implements CallStore {
  private readonly live = new Map<string, CallRecord>();
  start(c: CallRecord): Promise<void> {
    this.live.set(c.callId, c);
    return Promise.resolve();
  }
  update(): Promise<boolean> {
    return Promise.resolve(true);
  }
  end(callId: string): Promise<boolean> {
    return Promise.resolve(this.live.delete(callId));
  }
  get(callId: string): Promise<CallRecord | undefined> {
    return Promise.resolve(this.live.get(callId));
  }
  findByChannel(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  active(): Promise<string[]> {
    return Promise.resolve([...this.live.keys()]);
  }
}

async function main(): Promise<void> {
  // 1. Compile and load time of a 500-node flow.
  const text = bigFlow(500);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    buildCatalog([parseFlow('big.yaml', text)], NO_SETTINGS);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const compileMs = Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;

  // 2. Memory per call session waiting in a menu.
  const flow = parseFlow('big.yaml', text);
  const catalog = buildCatalog([flow], NO_SETTINGS);
  let events = 0;
  const log: EventLog = {
    append: () => {
      events++;
      return Promise.resolve('');
    },
  };
  const sessions = 2000;
  const telephony = new FakeTelephony(3_600_000); // prompts "play" for an hour: every call waits
  const handler = new CallHandler({ catalogs: new StaticCatalog(catalog), holidays: new ItalianHolidays(), telephony, store: new NullStore(), events: log, logger: createLogger('silent'), promptTimeoutMs: 7_200_000 });
  telephony.onCall((c) => handler.handle(c));
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < sessions; i++) telephony.placeCall({ dialledNumber: '0299000000' });
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
  const perSessionKb = Math.round((process.memoryUsage().heapUsed - before) / sessions / 102.4) / 10;
  for (const c of telephony.calls) c.callerHangsUp();
  await new Promise((r) => setTimeout(r, 200));

  // 3. Journey events per second: calls through 250 play nodes with instant audio.
  const chain = ['id: chain', 'numbers: ["0299000001"]', 'language: it', 'prompts:', '  p: Ciao.', 'start: n0', 'nodes:'];
  for (let i = 0; i < 249; i++) chain.push(`  n${i}: { type: play, prompts: [p], next: n${i + 1} }`);
  chain.push('  n249: { type: hangup }');
  const fast = new FakeTelephony(0);
  const fastHandler = new CallHandler({ catalogs: new StaticCatalog(buildCatalog([parseFlow('chain.yaml', chain.join('\n'))], NO_SETTINGS)), holidays: new ItalianHolidays(), telephony: fast, store: new NullStore(), events: log, logger: createLogger('silent'), promptTimeoutMs: 60_000 });
  fast.onCall((c) => fastHandler.handle(c));
  events = 0;
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) fast.placeCall({ dialledNumber: '0299000001' });
  while (fastHandler.activeSessions() > 0) await new Promise((r) => setImmediate(r));
  const seconds = (performance.now() - t0) / 1000;
  const eventsPerSecond = Math.round(events / seconds);

  const result = { bench: 'ivr', flowNodes: 500, compileAndLoadMedianMs: compileMs, sessions, heapPerSessionKb: perSessionKb, gcExposed: gc !== undefined, journeyEvents: events, journeyEventsPerSecond: eventsPerSecond };
  out(`500-node flow: parse, validate and compile in ${compileMs} ms (median of 30; target < 50 ms)`);
  out(`${sessions} calls waiting in a menu: ${perSessionKb} KB of heap per call session (target < 30 KB)`);
  out(`runtime: ${events} journey events in ${seconds.toFixed(2)} s = ${eventsPerSecond} events/s`);
  out(JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
