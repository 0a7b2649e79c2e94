import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { answerCall, dtmfScenario, placeCall } from '../support/sipp.js';
import { leaveService, setUpAgent, SUPERVISOR } from '../support/agents.js';

describe('probe', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await setUpAgent(app, { id: 'sara', name: 'Sara Bianchi', endpoint: '1015', skills: { tributi: 3 }, queues: ['tributi'], phonePort: 5095 });
  });
  afterAll(async () => {
    try { await leaveService(app, ['sara']); } finally { await app.close(); }
  });
  it('timeline', async () => {
    await app.http.inject({ method: 'POST', url: '/api/agents/sara/state', headers: SUPERVISOR, payload: { action: 'login' } });
    const phone = answerCall('uas-agent-answer-talk-then-hangup-expect-200.xml', 5095, ['-d', '2000']);
    const since = await lastEventId(app.redis.redis);
    const caller = placeCall(dtmfScenario('uac-dtmf-sequence-expect-engine-bye.xml', '2'), '020202');
    const [c, a] = await Promise.all([caller.done, phone.done]);
    const events = await eventsUntilCallEnded(app.redis.redis, since, 60_000);
    const t0 = Number(events[0]!.id.split('-')[0]);
    (await import('node:fs')).writeFileSync('/tmp/timeline.txt', events.map((e) => `${Number(e.id.split('-')[0]) - t0} ${e.type} ${JSON.stringify(e.data).slice(0, 100)}`).join('\n'));
    expect(c.exitCode, c.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);
  }, 90_000);
});
