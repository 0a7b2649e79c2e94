/**
 * queues.yaml versioned like flows, over the API of an engine on the real Redis: publish (checked
 * with located problems, and against the live flows), applied at once, rolled back, audited.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsAfter, lastEventId } from '../support/events.js';
import { startEngine } from '../support/engine.js';

const TOKEN = { authorization: 'Bearer demo-supervisor-token' };
const FILE = readFileSync('ivr-flows/queues.yaml', 'utf8');

describe('queues.yaml versions (real Redis)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startEngine();
  });
  afterAll(async () => {
    await app.close();
  });

  const publish = (text: string, message = 'test') => app.http.inject({ method: 'POST', url: '/api/queues/config/publish', headers: TOKEN, payload: { text, message } });
  const config = async () => (await app.http.inject({ method: 'GET', url: '/api/queues/config', headers: TOKEN })).json<{ live: number; text: string; versions: { version: number; author: string; message: string }[] }>();

  it('the file is the live version; a change goes live at once, is checked first, and can be rolled back', async () => {
    const before = await config();
    expect(before.text).toBe(FILE);
    const since = await lastEventId(app.redis.redis);

    const slower = FILE.replace('  tributi:\n    name: Tributi e TARI\n', '  tributi:\n    name: Tributi e TARI\n    ringSeconds: 25\n');
    expect(slower).not.toBe(FILE);
    const published = await publish(slower, 'Tributi: squilli più lunghi');
    expect(published.statusCode, published.body).toBe(201);
    const v = published.json<{ version: number }>().version;
    expect(app.acd.config.queues.get('tributi')?.ringSeconds).toBe(25);
    expect((await config()).live).toBe(v);

    const badSkill = await publish(FILE.replace("skills: [{ skill: tributi, level: 2 }]", "skills: [{ skill: tribute, level: 2 }]"));
    expect(badSkill.statusCode).toBe(400);
    expect(badSkill.json<{ problems: string[] }>().problems).toEqual([expect.stringMatching(/^queues\.yaml:\d+:\d+: queues\.tributi\.skills\.0\.skill: skill "tribute" is not listed under skills:$/)]);

    const withoutTributi = FILE.replace(/ {2}tributi:\n {4}name: Tributi e TARI\n( {4}.*\n)*/, '');
    const removed = await publish(withoutTributi);
    expect(removed.statusCode).toBe(400);
    expect(removed.json<{ problems: string[] }>().problems).toContain('queue "tributi" is used by flow milano-020202 (step queue-tributi); keep it, or change the flow first');
    expect((await config()).live).toBe(v);

    const back = await app.http.inject({ method: 'POST', url: '/api/queues/config/rollback', headers: TOKEN, payload: { version: before.live } });
    expect(back.statusCode, back.body).toBe(200);
    expect(app.acd.config.queues.get('tributi')?.ringSeconds).toBe(15);
    expect((await app.http.inject({ method: 'POST', url: '/api/queues/config/rollback', headers: TOKEN, payload: { version: 999 } })).statusCode).toBe(404);

    const audit = (await eventsAfter(app.redis.redis, since)).filter((e) => e.type.startsWith('queues.'));
    expect(audit.map((e) => [e.type, e.data.author])).toEqual([
      ['queues.published', 'supervisor'],
      ['queues.rolled_back', 'supervisor'],
    ]);
  });
});
