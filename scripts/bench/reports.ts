/**
 * bench:reports — Milan's 020202 in the reports' SQLite file (3,000 calls a day, about a million
 * a year; BENCH_DAYS, 30 by default, 365 for a year), fed through the projector's own path
 * (CallRecordStore.apply, batches of events), then what the reports page asks for the last month:
 * the records read back, the summary, the queues by queue and by day, topics, IVR, agents, repeat
 * callers (cold, then warm, then after a batch), and the list of the abandoned. Prints figures,
 * then one JSON line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentRows, topicRows } from '../../src/reports/agent-topic-kpis.js';
import { callList, callListNeedles } from '../../src/reports/call-list.js';
import { ivrRows } from '../../src/reports/ivr-kpis.js';
import { PeriodFigures } from '../../src/reports/period-figures.js';
import { queueRows } from '../../src/reports/queue-kpis.js';
import { CallRecordStore, type StoredEvent } from '../../src/reports/record-store.js';
import { localDate } from '../../src/shared/schedule.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const PER_DAY = Number(process.env.BENCH_CALLS_PER_DAY ?? 3000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BATCH = 2000;

const QUEUES = ['anagrafe', 'tributi', 'polizia-locale', 'servizi-sociali', 'educazione'];
const AGENTS = Array.from({ length: 40 }, (_, i) => `agente-${i + 1}`);
// A deterministic pseudo-random sequence (mulberry32): the same file every run.
let seed = 42;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** One call's events: welcome, menu, then a queue (answered, abandoned, or a callback) or information. */
function callEvents(n: number, startMs: number, seq: { n: number }): StoredEvent[] {
  const callId = `bench-${n}`;
  const events: { type: string; offsetMs: number; data: Record<string, unknown> }[] = [];
  // About one call in seven comes from someone who called in the week before (a pool of 150,000 numbers).
  const caller = Math.floor(rand() * 150_000);
  const queue = pick(QUEUES);
  events.push({ type: 'call.started', offsetMs: 0, data: { flowId: 'milano-020202', flowVersion: '1:bench', dialledNumber: '020202', source: 'trunk', caller: `+39333****${String(caller % 1000).padStart(3, '0')}`, callerKey: `key-${caller}` } });
  events.push({ type: 'ivr.node', offsetMs: 1000, data: { node: 'benvenuto', nodeType: 'play' } });
  events.push({ type: 'ivr.node', offsetMs: 9000, data: { node: 'menu-principale', nodeType: 'menu', choice: String(QUEUES.indexOf(queue) + 1) } });
  events.push({ type: 'call.tagged', offsetMs: 15_000, data: { tags: [queue] } });
  let end = 20_000;
  if (rand() < 0.3) {
    events.push({ type: 'ivr.node', offsetMs: 16_000, data: { node: `info-${queue}`, nodeType: 'play' } });
    events.push({ type: 'ivr.node', offsetMs: 60_000, data: { node: 'fine', nodeType: 'hangup' } });
    end = 61_000;
  } else {
    const waited = Math.floor(rand() * 240_000);
    events.push({ type: 'acd.enter', offsetMs: 16_000, data: { queue } });
    const r = rand();
    if (r < 0.85) {
      const agentId = pick(AGENTS);
      const talk = 120 + Math.floor(rand() * 300);
      events.push({ type: 'acd.answer', offsetMs: 16_000 + waited, data: { queue, agentId, waitedMs: waited } });
      events.push({ type: 'acd.call_ended', offsetMs: 16_000 + waited + talk * 1000, data: { queue, agentId, talkSeconds: talk, wrapUpSeconds: 30, endedBy: 'caller' } });
      end = 16_000 + waited + talk * 1000;
    } else if (r < 0.97) {
      events.push({ type: 'acd.abandon', offsetMs: 16_000 + waited, data: { queue, reason: 'abandoned', waitedMs: waited } });
      end = 16_000 + waited;
    } else {
      events.push({ type: 'acd.callback_chosen', offsetMs: 16_000 + waited, data: { queue, position: 4 } });
      end = 16_000 + waited + 20_000;
    }
  }
  events.push({ type: 'call.ended', offsetMs: end, data: { outcome: 'completed', endedBy: 'caller', durationMs: end } });
  return events.map((e) => {
    const ms = startMs + e.offsetMs;
    return { id: `${ms}-${seq.n++}`, type: e.type, callId, at: new Date(ms).toISOString(), data: e.data };
  });
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}
function median(f: () => unknown): number {
  const times = Array.from({ length: RUNS }, () => timed(f).ms).sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-reports-'));
const path = join(dir, 'reports.sqlite');
try {
  const store = new CallRecordStore(path);
  // The month before today, 08:00–18:00 Rome (roughly), calls spread over the day.
  const firstDay = Date.now() - DAYS * 86_400_000;
  const seq = { n: 0 };
  let events = 0;
  const load = timed(() => {
    for (let d = 0; d < DAYS; d++) {
      // Calls in start order; their events interleave as a live log would (sorted by time within a day).
      const day: StoredEvent[] = [];
      for (let i = 0; i < PER_DAY; i++) day.push(...callEvents(d * PER_DAY + i, firstDay + d * 86_400_000 + Math.floor((i / PER_DAY) * 10 * 3600_000), seq));
      day.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      for (let i = 0; i < day.length; i += BATCH) store.apply(day.slice(i, i + BATCH));
      events += day.length;
    }
  });
  // The report asked: the last 30 days of the history (all of it when shorter), e.g. a month out of a year.
  const to = localDate(new Date(firstDay + (DAYS - 1) * 86_400_000));
  const from = localDate(new Date(firstDay + Math.max(0, DAYS - 30) * 86_400_000));
  const sizeMb = Math.round(statSync(path).size / 1e5) / 10;
  out(`loaded ${DAYS} days × ${PER_DAY} calls (${events} events) through the projector's path in ${Math.round(load.ms / 1000)} s (${Math.round(events / (load.ms / 1000))} events/s); file ${sizeMb} MB`);

  const sl = () => 60;
  /** What the page asks, as the routes answer it: six figures from the period's sums, and the repeat callers. */
  const page = (figures: PeriodFigures) => {
    const sums = figures.sums(from, to, 5000);
    return [queueRows(PeriodFigures.queues(sums, 'all')), figures.repeats(from, to, 7), queueRows(PeriodFigures.queues(sums, 'queue')), queueRows(PeriodFigures.queues(sums, 'day')), topicRows(sums.topics), ivrRows(sums.flows), agentRows(sums.agents)];
  };
  const warm = new PeriodFigures(store, sl);
  const records = store.callsOfDays(from, to).length;
  const figures = {
    readMonthMs: median(() => store.callsOfDays(from, to).length),
    // The first time ever a month is asked for: every day read and summed (the sums kept in the file).
    firstPageMs: Math.round(timed(() => page(new PeriodFigures(store, sl))).ms * 10) / 10,
    // A restarted engine: the days' sums read back from the file.
    restartPageMs: median(() => page(new PeriodFigures(store, sl))),
    warmPageMs: (page(warm), median(() => page(warm))),
    // A batch of the projector touches the last day: that day is summed again.
    afterChangeMs: median(() => {
      store.apply(callEvents(seq.n, firstDay + (DAYS - 1) * 86_400_000 + 12 * 3600_000, seq));
      return page(warm);
    }),
    repeatCallsMs: median(() => store.repeatCalls(from, to, 7)),
    abandonedListMs: median(() => callList(store.callsOfDaysContaining(from, to, callListNeedles({ outcome: 'abandoned', shortAbandonMs: 5000 })), { outcome: 'abandoned', shortAbandonMs: 5000 }).slice(0, 100)),
  };
  const repeat = store.repeatCalls(from, to, 7);
  out(`the last month of ${DAYS} days (${records} calls; ${repeat.repeated} of ${repeat.identified} repeated within 7 days), median of ${RUNS}:`);
  out(`  the month's records read back and parsed: ${figures.readMonthMs} ms (what each figure cost before the per-day sums)`);
  out(`  the page's figures (summary, queues, by day, topics, IVR, agents, repeat callers): the first time ever ${figures.firstPageMs} ms; after a restart ${figures.restartPageMs} ms; then ${figures.warmPageMs} ms; after a batch touched the last day ${figures.afterChangeMs} ms`);
  out(`  repeat callers alone ${figures.repeatCallsMs} ms; the abandoned calls' list ${figures.abandonedListMs} ms`);
  store.close();
  out(JSON.stringify({ bench: 'reports', days: DAYS, callsPerDay: PER_DAY, events, loadSeconds: Math.round(load.ms / 100) / 10, eventsPerSecond: Math.round(events / (load.ms / 1000)), fileMb: sizeMb, ...figures }));
} finally {
  if (process.env.BENCH_KEEP) out(`kept ${path}`); else rmSync(dir, { recursive: true, force: true });
}
