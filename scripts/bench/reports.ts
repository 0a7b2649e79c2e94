/**
 * bench:reports — a month of Milan's 020202 in the reports' SQLite file (3,000 calls a day, about
 * a million a year), fed through the projector's own path (CallRecordStore.apply, batches of
 * events), then what the reports page asks for a month: the records read back, the summary, the
 * queues by queue and by day, topics, IVR, agents, repeat callers, and the list of the abandoned.
 * Prints figures, then one JSON line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentKpis, topicKpis } from '../../src/reports/agent-topic-kpis.js';
import { callList } from '../../src/reports/call-list.js';
import { hourlyProfile, ivrKpis } from '../../src/reports/ivr-kpis.js';
import { queueKpis } from '../../src/reports/queue-kpis.js';
import { CallRecordStore, type StoredEvent } from '../../src/reports/record-store.js';
import { localDate } from '../../src/shared/schedule.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const PER_DAY = Number(process.env.BENCH_CALLS_PER_DAY ?? 3000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BATCH = 2000;

const QUEUES = ['anagrafe', 'tributi', 'polizia-locale', 'servizi-sociali', 'educazione'];
const AGENTS = Array.from({ length: 40 }, (_, i) => `agente-${i + 1}`);
// A deterministic pseudo-random sequence: the same file every run.
let seed = 42;
const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** One call's events: welcome, menu, then a queue (answered, abandoned, or a callback) or information. */
function callEvents(n: number, startMs: number, seq: { n: number }): StoredEvent[] {
  const callId = `bench-${n}`;
  const events: { type: string; offsetMs: number; data: Record<string, unknown> }[] = [];
  const caller = Math.floor(rand() * 60_000);
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
  const from = localDate(new Date(firstDay));
  const to = localDate(new Date(firstDay + (DAYS - 1) * 86_400_000));
  const sizeMb = Math.round(statSync(path).size / 1e5) / 10;
  out(`loaded ${DAYS} days × ${PER_DAY} calls (${events} events) through the projector's path in ${Math.round(load.ms / 1000)} s (${Math.round(events / (load.ms / 1000))} events/s); file ${sizeMb} MB`);

  const records = store.callsOfDays(from, to);
  const sl = () => 60;
  const figures = {
    readMonthMs: median(() => store.callsOfDays(from, to)),
    summaryMs: median(() => { const r = store.callsOfDays(from, to); queueKpis(r, 'all', { slSeconds: sl }); return store.repeatCalls(from, to, 7); }),
    queuesMs: median(() => queueKpis(store.callsOfDays(from, to), 'queue', { slSeconds: sl })),
    queuesByDayMs: median(() => queueKpis(store.callsOfDays(from, to), 'day', { slSeconds: sl })),
    topicsMs: median(() => topicKpis(store.callsOfDays(from, to))),
    ivrMs: median(() => { const r = store.callsOfDays(from, to); return [ivrKpis(r), hourlyProfile(r)]; }),
    agentsMs: median(() => agentKpis(store.callsOfDays(from, to))),
    repeatCallsMs: median(() => store.repeatCalls(from, to, 7)),
    abandonedListMs: median(() => callList(store.callsOfDays(from, to), { outcome: 'abandoned', shortAbandonMs: 5000 }).slice(0, 100)),
    oneDayQueuesMs: median(() => queueKpis(store.callsOfDays(to, to), 'queue', { slSeconds: sl })),
  };
  const repeat = store.repeatCalls(from, to, 7);
  out(`a month (${records.length} calls; ${repeat.repeated} of ${repeat.identified} repeated within 7 days), median of ${RUNS}:`);
  out(`  records read back ${figures.readMonthMs} ms; summary ${figures.summaryMs} ms; queues ${figures.queuesMs} ms, by day ${figures.queuesByDayMs} ms`);
  out(`  topics ${figures.topicsMs} ms; IVR and hourly profile ${figures.ivrMs} ms; agents ${figures.agentsMs} ms; repeat callers ${figures.repeatCallsMs} ms`);
  out(`  the abandoned calls' list ${figures.abandonedListMs} ms; one day's queues ${figures.oneDayQueuesMs} ms`);
  out(`  the page's six requests, one after another: ${Math.round((figures.summaryMs + figures.queuesMs + figures.queuesByDayMs + figures.topicsMs + figures.ivrMs + figures.agentsMs) * 10) / 10} ms`);
  store.close();
  out(JSON.stringify({ bench: 'reports', days: DAYS, callsPerDay: PER_DAY, events, loadSeconds: Math.round(load.ms / 100) / 10, eventsPerSecond: Math.round(events / (load.ms / 1000)), fileMb: sizeMb, ...figures }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
