import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId } from '../support/events.js';
import { MONDAY_MORNING, startEngine } from '../support/engine.js';
import { placeCall } from '../support/sipp.js';

describe('navigating the 020202 menu with RFC 2833 DTMF (real stack)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
  });
  afterAll(async () => {
    await app.close();
  });

  it('pressing 2 reaches Tributi: tagged, informed, handed to the tributi queue (nobody logged in: told when to call back)', async () => {
    const since = await lastEventId(app.redis.redis);
    const sipp = await placeCall('uac-dtmf-2-4-expect-engine-bye.xml', '020202').done;
    expect(sipp.exitCode, sipp.output).toBe(0);

    const events = await eventsUntilCallEnded(app.redis.redis, since);
    const journey = events.filter((e) => e.type === 'ivr.node').map((e) => e.data);
    // The 2 pressed during the welcome cuts it short and is kept: privacy, hints and the menu
    // prompt are skipped (type-ahead), and the menu takes it.
    expect(journey.map((j) => j.node)).toEqual(['announcements', 'lookup', 'welcome', 'privacy', 'booked-callback', 'check-hours', 'ticket-check', 'selfhelp', 'main-menu', 'tributi', 'info-tributi', 'queue-tributi', 'busy', 'bye']);
    expect(journey.find((j) => j.node === 'main-menu')).toMatchObject({ choice: '2', next: 'tributi' });
    expect(events.find((e) => e.type === 'queue.requested')?.data).toMatchObject({ queue: 'tributi', tags: ['Tributi'] });
    // Nobody is logged in for Tributi here: the caller is told when to call back (acd.e2e has the operators).
    expect(events.find((e) => e.type === 'queue.exit')?.data).toMatchObject({ queue: 'tributi', reason: 'no_agents' });
    expect(events[events.length - 1]?.data).toMatchObject({ outcome: 'completed', endedBy: 'engine' });
  });
});
