/**
 * kill -9 of the engine with a caller waiting in a queue: the caller stays in Asterisk on music
 * on hold, the next engine adopts them in their place, and an agent who becomes free is offered
 * the call and talks with them. Then that engine is killed too, mid-conversation: the third one
 * adopts the conversation, which goes on until the caller hangs up.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsAfter, eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { darioOnBreak, eventually, MONDAY_MORNING, spawnEngine, startEngine } from '../support/engine.js';
import { answerCall, dtmfScenario, placeCall } from '../support/sipp.js';
import { testEnv } from '../support/test-env.js';

const TOKEN = 'Bearer demo-supervisor-token';

describe('engine killed with a caller waiting in a queue, then while they talk with the agent', () => {
  let app: App | undefined;
  afterAll(async () => {
    if (app) {
      await app.http.inject({ method: 'POST', url: '/api/agents/dario/state', headers: { authorization: TOKEN }, payload: { action: 'wrapup_done' } });
      await app.http.inject({ method: 'POST', url: '/api/agents/dario/state', headers: { authorization: TOKEN }, payload: { action: 'logout' } });
      await app.close();
    }
  });

  it('the next engine keeps the agent logged in and the caller in place and serves them; the one after keeps their conversation', async () => {
    const engineA = await spawnEngine(3902, MONDAY_MORNING);
    let engineB: Awaited<ReturnType<typeof spawnEngine>> | undefined;
    const watcher = new Redis(testEnv().CC_REDIS_URL as string);
    const apiA = engineA.api;
    try {
      // Logged in but on a break: the caller has to wait.
      await darioOnBreak(apiA);

      const since = await lastEventId(watcher);
      const caller = placeCall(dtmfScenario('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', '2', 45), '020202');
      await eventually(async () => (await eventsAfter(watcher, since)).some((e) => e.type === 'acd.enter'), 40_000, 'the caller did not reach the queue');
      engineA.child.kill('SIGKILL');
      await engineA.exited;

      // Engine B: the agent is still logged in (paused); the caller is still queued.
      engineB = await spawnEngine(3908, MONDAY_MORNING);
      const agents = (await (await fetch('http://127.0.0.1:3908/api/agents', { headers: { authorization: TOKEN } })).json()) as { id: string; status: string }[];
      expect(agents.find((a) => a.id === 'dario')).toMatchObject({ status: 'paused' });
      await eventually(async () => (await eventsAfter(watcher, since)).some((e) => e.type === 'acd.resumed'), 20_000, 'engine B did not resume the queued caller');

      const phone = answerCall('uas-agent-answer-expect-bye.xml', 5093);
      const ready = await engineB.api('/api/agents/dario/state', { action: 'ready' });
      expect(ready.status, await ready.text()).toBe(200);
      await eventually(async () => (await eventsAfter(watcher, since)).some((e) => e.type === 'acd.answer'), 20_000, 'the agent did not answer');

      // Engine B dies mid-conversation; engine C adopts it. The caller hangs up 45 s after calling:
      // a conversation cut meanwhile would send them the engine's BYE first, and their SIPp fail.
      engineB.child.kill('SIGKILL');
      await engineB.exited;
      app = await startEngine(MONDAY_MORNING);
      const [c, a] = await Promise.all([caller.done, phone.done]);
      expect(c.exitCode, c.output).toBe(0);
      expect(a.exitCode, a.output).toBe(0);

      const events = await eventsUntilCallEnded(watcher, since, 20_000);
      const acd = events.filter((e) => e.type.startsWith('acd.') && e.type !== 'acd.announcement').map((e) => e.type);
      expect(acd).toEqual(['acd.enter', 'acd.resumed', 'acd.offer', 'acd.answer', 'acd.resumed', 'acd.call_ended']);
      expect(events.find((e) => e.type === 'acd.offer')?.data).toMatchObject({ agentId: 'dario' });
      expect(events.find((e) => e.type === 'call.ended')?.data).toMatchObject({ outcome: 'completed', endedBy: 'caller' });
    } finally {
      if (engineA.child.exitCode === null) engineA.child.kill('SIGKILL');
      if (engineB && engineB.child.exitCode === null) engineB.child.kill('SIGKILL');
      watcher.disconnect();
    }
  });
});
