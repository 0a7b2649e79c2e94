/**
 * GET /metrics on the real stack: after one call through Asterisk, the call, its ARI commands and
 * Redis scripts are counted, and `promtool check metrics` (Prometheus's own linter) accepts the page.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { eventually, startEngine, SUNDAY } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';

function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
}

describe('/metrics for Prometheus (real stack)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(SUNDAY);
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts a real call, its ARI commands and Redis scripts; promtool accepts the page', async () => {
    const since = await lastEventId(app.redis.redis);
    expect((await placeCall('uac-hangup-during-prompt-expect-200.xml', '020202').done).exitCode).toBe(0);
    await eventsUntilCallEnded(app.redis.redis, since);
    // The counters follow the event log's tail: the call's end arrives there within moments.
    let text = '';
    await eventually(async () => sample((text = (await app.http.inject({ method: 'GET', url: '/metrics' })).body), 'cc_calls_ended_total{outcome="caller_hung_up"}') >= 1, 10_000, 'the call end was not counted');
    const response = await app.http.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    text = response.body;
    expect(sample(text, 'cc_calls_started_total{flow="milano-020202"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cc_ari_command_seconds_count{command="answer"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cc_ari_command_seconds_count{command="play"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cc_redis_script_seconds_count{script="callStart"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cc_calls_active')).toBe(0);
    // No personal data: no caller number anywhere in the figures.
    expect(text).not.toMatch(/\+39\d{6,}|\b3\d{9}\b/);
    // Prometheus's own linter: names, units, help texts, label style (exit 0 and nothing to say).
    expect(execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' }).trim()).toBe('');
  });
});
