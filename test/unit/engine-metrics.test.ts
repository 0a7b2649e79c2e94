/** The engine's figures for Prometheus, from the events and hooks that feed them (no I/O: prom-client in memory). */
import { describe, expect, it } from 'vitest';
import { EngineMetrics } from '../../src/metrics/engine-metrics.js';

/** The value of one sample line of the exposition, e.g. value(text, 'cc_calls_started_total{flow="x"}'). */
function value(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('EngineMetrics', () => {
  it('counts calls by flow and outcome, and queue waits by how they ended, from the events', async () => {
    const m = new EngineMetrics();
    m.onEvent({ type: 'call.started', data: { flowId: 'milano-020202' } });
    m.onEvent({ type: 'call.started', data: { flowId: 'milano-020202' } });
    m.onEvent({ type: 'call.started', data: { flowId: '' } });
    m.onEvent({ type: 'call.ended', data: { outcome: 'caller_hung_up' } });
    m.onEvent({ type: 'ivr.resumed', data: { flowId: 'milano-020202' } });
    m.onEvent({ type: 'acd.answer', data: { queue: 'tributi', waitedMs: 42_000 } });
    m.onEvent({ type: 'acd.abandon', data: { queue: 'tributi', reason: 'abandoned', waitedMs: 3_000 } });
    m.onEvent({ type: 'acd.leave', data: { queue: 'tributi', reason: 'lost', waitedMs: 700_000 } });
    const text = await m.text();
    expect(value(text, 'cc_calls_started_total{flow="milano-020202"}')).toBe(2);
    expect(value(text, 'cc_calls_started_total{flow="none"}')).toBe(1);
    expect(value(text, 'cc_calls_ended_total{outcome="caller_hung_up"}')).toBe(1);
    expect(value(text, 'cc_ivr_resumed_total{flow="milano-020202"}')).toBe(1);
    expect(value(text, 'cc_queue_wait_seconds_bucket{le="60",queue="tributi",outcome="answered"}')).toBe(1);
    expect(value(text, 'cc_queue_wait_seconds_bucket{le="30",queue="tributi",outcome="answered"}')).toBe(0);
    expect(value(text, 'cc_queue_wait_seconds_sum{queue="tributi",outcome="abandoned"}')).toBe(3);
    expect(value(text, 'cc_queue_wait_seconds_count{queue="tributi",outcome="lost"}')).toBe(1);
  });

  it('reads queues and agents at scrape time; every agent state is present, zero or not', async () => {
    const m = new EngineMetrics();
    let waiting = 3;
    m.readFrom({ activeCalls: () => 7, queues: () => [{ id: 'tributi', waiting }], agentStates: () => new Map([['available', 2], ['on_call', 5]]) });
    let text = await m.text();
    expect(value(text, 'cc_calls_active')).toBe(7);
    expect(value(text, 'cc_queue_waiting_calls{queue="tributi"}')).toBe(3);
    expect(value(text, 'cc_agents{state="on_call"}')).toBe(5);
    expect(value(text, 'cc_agents{state="paused"}')).toBe(0);
    waiting = 0;
    text = await m.text();
    expect(value(text, 'cc_queue_waiting_calls{queue="tributi"}')).toBe(0);
  });

  it('times ARI commands (errors by code), Redis scripts and routing decisions; the process figures are there', async () => {
    const m = new EngineMetrics();
    m.ariCommandDone('answer', 0.004);
    m.ariCommandDone('play', 10, 'TIMEOUT');
    m.redisScriptDone('callStart', 0.0008);
    m.acdDecisionDone(0.00002);
    const text = await m.text();
    expect(value(text, 'cc_ari_command_seconds_count{command="answer"}')).toBe(1);
    expect(value(text, 'cc_ari_command_errors_total{command="play",code="TIMEOUT"}')).toBe(1);
    expect(value(text, 'cc_ari_command_errors_total{command="answer",code="TIMEOUT"}')).toBeUndefined();
    expect(value(text, 'cc_redis_script_seconds_bucket{le="0.001",script="callStart"}')).toBe(1);
    expect(value(text, 'cc_acd_decision_seconds_count')).toBe(1);
    expect(text).toMatch(/^cc_nodejs_eventloop_lag_p99_seconds /m);
    expect(text).toMatch(/^cc_process_resident_memory_bytes /m);
  });
});
