import { describe, expect, it } from 'vitest';
import { NO_COUNTERS, type QueueNow } from '../../src/acd/index.js';
import { liveView, type AgentNow } from '../../src/supervisor/live-view.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const queue = (over: Partial<QueueNow> = {}): QueueNow => ({ id: 'tributi', name: 'Tributi', serviceLevel: { percent: 80, seconds: 60 }, waiting: 0, oldestEnteredAt: undefined, counters: NO_COUNTERS, ...over });
const agent = (id: string, status: AgentNow['status'], since = NOW - 90_000, queues = ['tributi']): AgentNow => ({ id, name: id, status, since, reason: '', queues });

describe('live view', () => {
  it('computes service level, ASA, abandon rate and average talk from the counters', () => {
    const view = liveView([queue({ counters: { ...NO_COUNTERS, entered: 12, answered: 8, answeredInSl: 6, waitMs: 8 * 45_000, abandoned: 2, timedOut: 1, lost: 1, handled: 8, talkSeconds: 8 * 277 } })], [], NOW);
    expect(view.queues[0]?.today).toMatchObject({ serviceLevel: 60, asaSeconds: 45, abandonRate: 20, averageTalkSeconds: 277, serviceLevelTarget: { percent: 80, seconds: 60 } });
  });

  it('says nothing rather than 0 % before the first call of the day', () => {
    expect(liveView([queue()], [], NOW).queues[0]?.today).toMatchObject({ serviceLevel: null, asaSeconds: null, abandonRate: null, averageTalkSeconds: null });
  });

  it('waiting calls and the longest wait; agents by state counted in each of their queues; time in state', () => {
    const view = liveView(
      [queue({ waiting: 3, oldestEnteredAt: NOW - 125_400 }), queue({ id: 'anagrafe', name: 'Anagrafe' })],
      [agent('anna', 'available'), agent('bruno', 'on_call', NOW - 30_000, ['tributi', 'anagrafe']), agent('carla', 'paused', NOW - 5000, ['anagrafe']), agent('dario', 'logged_out')],
      NOW,
    );
    expect(view.queues[0]).toMatchObject({ waiting: 3, longestWaitSeconds: 125, agents: { available: 1, on_call: 1, paused: 0, logged_out: 1 } });
    expect(view.queues[1]).toMatchObject({ waiting: 0, longestWaitSeconds: 0, agents: { available: 0, on_call: 1, paused: 1 } });
    expect(view.agents.map((a) => [a.id, a.secondsInState])).toEqual([
      ['anna', 90],
      ['bruno', 30],
      ['carla', 5],
      ['dario', 90],
    ]);
  });
});
