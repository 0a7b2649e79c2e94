/**
 * The engine's figures for Prometheus (`GET /metrics`), through prom-client (the maintained
 * client everyone uses): one registry per engine, names `cc_*` in base units (seconds), labels of
 * low cardinality only (flow, queue, outcome, state, command, script: never a call, caller or
 * agent id).
 *
 * - Counters of calls and queue waits are read from the shared event log as it arrives, so every
 *   engine reports the deployment's totals (with several engines, take max() across them, not sum()).
 * - Gauges of queues and agents are read at scrape time from the ACD's routing mirror.
 * - ARI command and Redis script latencies, the event loop, memory and GC are this process's own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Read at each scrape: what waits in each queue and what each agent is doing now. */
export interface MetricsSources {
  readonly activeCalls: () => number;
  readonly queues: () => readonly { readonly id: string; readonly waiting: number }[];
  readonly agentStates: () => ReadonlyMap<string, number>;
}

/** An event as the log's tail hands it over (only what the metrics read). */
export interface MetricsEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** The event types the metrics read (by name from the catalogue). */
export const METRICS_READS = ['call.started', 'call.ended', 'acd.answer', 'acd.abandon', 'acd.leave', 'ivr.resumed'] as const;

const AGENT_STATES = ['logged_out', 'available', 'reserved', 'on_call', 'wrap_up', 'paused'] as const;
/** Queue waits: from seconds to the 15-minute default maximum. */
const WAIT_BUCKETS = [5, 10, 20, 30, 60, 120, 180, 300, 600, 900, 1800];
/** Commands to Asterisk and Redis scripts: from a millisecond to the 10 s ARI timeout. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const label = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

export class EngineMetrics {
  readonly registry = new Registry();
  private readonly callsStarted: Counter<'flow'>;
  private readonly callsEnded: Counter<'outcome'>;
  private readonly callsResumed: Counter<'flow'>;
  private readonly queueWait: Histogram<'queue' | 'outcome'>;
  private readonly ariCommand: Histogram<'command'>;
  private readonly ariErrors: Counter<'command' | 'code'>;
  private readonly redisScript: Histogram<'script'>;
  private readonly acdDecision: Histogram;
  /** Until the engine is wired (readFrom): nothing active, nothing waiting. */
  private sources: MetricsSources = { activeCalls: () => 0, queues: () => [], agentStates: () => new Map() };

  constructor() {
    const registers = [this.registry];
    const now = () => this.sources;
    // Process figures: CPU, memory, GC, and the event loop's delay (p50/p90/p99 and more).
    collectDefaultMetrics({ register: this.registry, prefix: 'cc_', eventLoopMonitoringPrecision: 10 });
    // Three of prom-client's gauges are named like counters (…_total), which promtool refuses;
    // they count handles and requests, of no use to an operator here.
    for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total']) this.registry.removeSingleMetric(`cc_nodejs_${name}`);
    this.callsStarted = new Counter({ name: 'cc_calls_started_total', help: 'Calls that entered the engine, by flow', labelNames: ['flow'], registers });
    this.callsEnded = new Counter({ name: 'cc_calls_ended_total', help: 'Calls that left the engine, by outcome (completed, caller_hung_up, channel_lost, ...)', labelNames: ['outcome'], registers });
    this.callsResumed = new Counter({ name: 'cc_ivr_resumed_total', help: 'IVR callers an engine went on with after another engine crashed, by flow', labelNames: ['flow'], registers });
    this.queueWait = new Histogram({ name: 'cc_queue_wait_seconds', help: 'How long callers waited in a queue, by how the wait ended (answered, abandoned, timeout, lost, ...)', labelNames: ['queue', 'outcome'], buckets: WAIT_BUCKETS, registers });
    this.ariCommand = new Histogram({ name: 'cc_ari_command_seconds', help: 'Time for Asterisk to reply to an ARI command', labelNames: ['command'], buckets: LATENCY_BUCKETS, registers });
    this.ariErrors = new Counter({ name: 'cc_ari_command_errors_total', help: 'ARI commands that failed or timed out, by error code', labelNames: ['command', 'code'], registers });
    this.redisScript = new Histogram({ name: 'cc_redis_script_seconds', help: 'Time for Redis to run one of the engine\'s atomic scripts', labelNames: ['script'], buckets: LATENCY_BUCKETS, registers });
    this.acdDecision = new Histogram({ name: 'cc_acd_decision_seconds', help: 'Time the routing core takes to choose an agent or a call', buckets: [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.005], registers });
    new Gauge({ name: 'cc_calls_active', help: 'Calls this engine is handling now', registers, collect() { this.set(now().activeCalls()); } });
    new Gauge({
      name: 'cc_queue_waiting_calls',
      help: 'Callers waiting in each queue now',
      labelNames: ['queue'],
      registers,
      collect() {
        this.reset();
        for (const q of now().queues()) this.set({ queue: q.id }, q.waiting);
      },
    });
    new Gauge({
      name: 'cc_agents',
      help: 'Agents in each state now',
      labelNames: ['state'],
      registers,
      collect() {
        const states = now().agentStates();
        for (const state of AGENT_STATES) this.set({ state }, states.get(state) ?? 0);
      },
    });
  }

  /** Where the gauges read the engine's state at each scrape. */
  readFrom(sources: MetricsSources): void {
    this.sources = sources;
  }

  /** One event of METRICS_READS, as it arrives from the log. */
  onEvent(event: MetricsEvent): void {
    const d = event.data;
    switch (event.type) {
      case 'call.started':
        this.callsStarted.inc({ flow: label(d.flowId, 'none') });
        break;
      case 'call.ended':
        this.callsEnded.inc({ outcome: label(d.outcome, 'unknown') });
        break;
      case 'ivr.resumed':
        this.callsResumed.inc({ flow: label(d.flowId, 'none') });
        break;
      case 'acd.answer':
      case 'acd.abandon':
      case 'acd.leave':
        if (typeof d.waitedMs === 'number') this.queueWait.observe({ queue: label(d.queue, 'unknown'), outcome: event.type === 'acd.answer' ? 'answered' : label(d.reason, 'left') }, d.waitedMs / 1000);
        break;
    }
  }

  /** An ARI command's reply came (or failed: `code`) after `seconds`. */
  ariCommandDone(command: string, seconds: number, code?: string): void {
    this.ariCommand.observe({ command }, seconds);
    if (code !== undefined) this.ariErrors.inc({ command, code });
  }

  redisScriptDone(script: string, seconds: number): void {
    this.redisScript.observe({ script }, seconds);
  }

  acdDecisionDone(seconds: number): void {
    this.acdDecision.observe(seconds);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
