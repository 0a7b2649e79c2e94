/**
 * The satisfaction survey on the real stack (020202): a caller reaches Tributi, the agent's phone
 * (SIPp registered as 1015) answers, talks 2 s and hangs up first; the caller stays on the line,
 * is invited, and answers with DTMF. A negative face opens a review ticket in the CRM; a caller who
 * hangs up halfway keeps what they answered; the reports and the agent's own averages show both.
 *
 * Timeline of a call (measured): the menu key at 1 s and another that skips the Tributi message,
 * the agent answers at once and hangs up about 4 s in, the invitation plays until about 12 s and
 * waits 6 s more. The caller's keys come after the agent has gone (about 8 s) and each cuts the
 * prompt it answers short, two seconds apart.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { eventsUntilCallEnded, lastEventId, type LoggedEvent } from '../support/events.js';
import { eventually, MONDAY_MORNING, startEngine } from '../support/engine.js';
import { answerCall, dtmfScenario, placeCall } from '../support/sipp.js';
import { leaveService, openSession, setUpAgent, SUPERVISOR } from '../support/agents.js';
import { axeViolations, launchChromium, newPage } from '../support/browser.js';

/**
 * "2" for Tributi and at once "1", which cuts the Tributi message short (the key is dropped when
 * the queue step ends); then, after the agent has hung up, 1 accepts and each answer follows two
 * seconds apart.
 */
const keysAfterAgent = (...answers: string[]) => `21${','.repeat(6)}1${answers.map((a) => `,,${a}`).join('')}`;

interface ScoreRow { question: string; group: string; answers: number; mean: number | null }
interface Funnel { survey: string; invited: number; accepted: number; started: number; completed: number; flagged: number }

describe('post-call satisfaction survey (real stack)', () => {
  let app: App;
  let today = '';
  let agentToken = '';
  const reviewTickets: number[] = [];
  const calls: string[] = [];

  const api = async (url: string, headers: Record<string, string> = SUPERVISOR) => {
    const r = await app.http.inject({ method: 'GET', url, headers });
    return r.json<Record<string, unknown>>();
  };
  const surveys = async () => (await api(`/api/reports/surveys?from=${today}&to=${today}&by=agent`)) as unknown as { funnel: Funnel[]; scores: ScoreRow[] };
  const saraScore = (s: { scores: ScoreRow[] }, question: string) => s.scores.find((r) => r.question === question && r.group === 'sara');
  const of = (events: LoggedEvent[], type: string) => events.filter((e) => e.type === type);

  /** One call: 020202 → 2 → the agent answers and hangs up after 2 s → the caller's keys. */
  async function surveyedCall(scenario: string, keys: string, hold?: number): Promise<LoggedEvent[]> {
    const phone = answerCall('uas-agent-answer-talk-then-hangup-expect-200.xml', 5095, ['-d', '2000']);
    const since = await lastEventId(app.redis.redis);
    const caller = placeCall(dtmfScenario(scenario, keys, hold), '020202');
    const [c, a] = await Promise.all([caller.done, phone.done]);
    expect(c.exitCode, c.output).toBe(0);
    expect(a.exitCode, a.output).toBe(0);
    const events = await eventsUntilCallEnded(app.redis.redis, since, 20_000);
    calls.push(of(events, 'call.started')[0]?.callId ?? '');
    await app.http.inject({ method: 'POST', url: '/api/agents/sara/state', headers: SUPERVISOR, payload: { action: 'wrapup_done' } });
    return events;
  }

  beforeAll(async () => {
    app = await startEngine(MONDAY_MORNING);
    await setUpAgent(app, { id: 'sara', name: 'Sara Bianchi', endpoint: '1015', skills: { tributi: 3 }, queues: ['tributi'], phonePort: 5095, pin: '480251' });
    agentToken = await openSession(app, 'sara', '480251');
    today = ((await api('/api/reports/today')) as { today: string }).today;
    await app.http.inject({ method: 'POST', url: '/api/agents/sara/state', headers: SUPERVISOR, payload: { action: 'login' } });
  });

  afterAll(async () => {
    try {
      // The review tickets this file opened are closed (the CRM keeps them, as it keeps every ticket).
      for (const n of reviewTickets) await app.crm.updateTicket(n, { status: 'annullato', note: 'chiusa dal test e2e' }, 'test', new Date());
      await leaveService(app, ['sara']);
    } finally {
      await app.close();
    }
  });

  let before: Awaited<ReturnType<typeof surveys>>;

  it('the agent hangs up first; the caller stays, rates with a negative face for the wait, gives 3 of 10: answers logged, a review ticket opened', async () => {
    before = await surveys();
    const events = await surveyedCall('uac-dtmf-sequence-expect-engine-bye.xml', keysAfterAgent('1', '1', '3#'));
    expect(of(events, 'acd.call_ended')[0]?.data).toMatchObject({ agentId: 'sara', endedBy: 'agent' });
    expect(of(events, 'survey.started')[0]?.data).toMatchObject({ survey: 'soddisfazione-020202', agentId: 'sara', queue: 'tributi' });
    expect(of(events, 'survey.answered').map((e) => [e.data.question, e.data.value])).toEqual([['voto', 1], ['consiglio', 3]]);
    expect(of(events, 'survey.reason')[0]?.data).toMatchObject({ question: 'voto', reason: 'attesa' });
    expect(of(events, 'survey.completed')).toHaveLength(1);
    const flagged = of(events, 'survey.flagged')[0]?.data as { ticket: number; action: string };
    expect(flagged.action).toBe('created');
    reviewTickets.push(flagged.ticket);
    const ticket = await app.crm.getTicket(flagged.ticket);
    expect(ticket).toMatchObject({ level: 'back_office', department: 'Qualità del servizio', category: 'Tributi', status: 'aperto', callerNumber: '+393331234567', callId: calls[0] });
    expect(ticket?.subject).toContain('Da rivedere');
    expect(ticket?.description).toContain('Operatore: sara; coda: tributi.');
    expect(ticket?.description).toMatch(/Percorso: .*main-menu \(2\).*queue-tributi/);
    expect(of(events, 'call.ended')[0]?.data).toMatchObject({ outcome: 'completed', endedBy: 'engine' });
  });

  it('a caller who hangs up in the middle keeps the answer they gave', async () => {
    const events = await surveyedCall('uac-dtmf-sequence-then-hangup-after-15s-expect-200.xml', keysAfterAgent('3'), 14);
    // The review ticket of the first call is the back office's: never offered to the caller as theirs.
    expect(of(events, 'crm.lookup')[0]?.data).toMatchObject({ outcome: 'unknown', openTickets: expect.not.arrayContaining(reviewTickets) as unknown });
    expect(of(events, 'survey.answered').map((e) => [e.data.question, e.data.value])).toEqual([['voto', 3]]);
    expect(of(events, 'survey.completed')).toHaveLength(0);
    expect(of(events, 'survey.flagged')).toHaveLength(0);
    expect(of(events, 'call.ended')[0]?.data).toMatchObject({ endedBy: 'caller' });
  });

  it('the reports count both calls in the funnel and in the agent\'s scores; the agent sees their own averages', async () => {
    for (const id of calls) await eventually(async () => (await api(`/api/reports/calls/${id}`)).complete === true, 10_000, `call ${id} is not in the reports`);
    const record = await api(`/api/reports/calls/${calls[0] ?? ''}`);
    expect(record.survey).toMatchObject({ survey: 'soddisfazione-020202', completed: true, agentId: 'sara', answers: [{ question: 'voto', value: 1, reason: 'attesa' }, { question: 'consiglio', value: 3 }], flaggedTicket: reviewTickets[0] });

    const after = await surveys();
    const funnel = (s: typeof after) => s.funnel.find((f) => f.survey === 'soddisfazione-020202') ?? { invited: 0, accepted: 0, started: 0, completed: 0, flagged: 0 };
    const [b, a] = [funnel(before), funnel(after)];
    expect({ invited: a.invited - b.invited, accepted: a.accepted - b.accepted, started: a.started - b.started, completed: a.completed - b.completed, flagged: a.flagged - b.flagged }).toEqual({ invited: 2, accepted: 2, started: 2, completed: 1, flagged: 1 });
    const voto = (s: typeof after) => saraScore(s, 'voto') ?? { answers: 0, mean: 0 };
    const added = voto(after).answers - voto(before).answers;
    expect(added).toBe(2);
    // Sara's two new faces are 1 and 3: whatever she had before, the sum grew by 4.
    expect((voto(after).mean ?? 0) * voto(after).answers - (voto(before).mean ?? 0) * voto(before).answers).toBeCloseTo(4, 6);

    const csv = await app.http.inject({ method: 'GET', url: `/api/reports/surveys.csv?from=${today}&to=${today}&by=agent`, headers: SUPERVISOR });
    expect(csv.body.split('\r\n')[0]).toContain('Sondaggio;Domanda;Scala;Per;Gruppo;Risposte;Media');
    expect(csv.body).toMatch(/soddisfazione-020202;voto;tre facce;operatore;sara;\d+;/);

    const mine = (await api('/api/me/surveys', { authorization: `Bearer ${agentToken}` })) as { windows: { days: number; rows: ScoreRow[] }[] };
    expect(mine.windows.map((w) => w.days)).toEqual([1, 7, 30]);
    expect(mine.windows[0]?.rows.find((r) => r.question === 'voto')).toMatchObject({ group: 'sara', answers: voto(after).answers });
    // The agent's own only: another agent's figures never reach their desktop.
    expect(mine.windows.flatMap((w) => w.rows).every((r) => r.group === 'sara')).toBe(true);
  });

  it('the agent reads their own scores on the desktop page, in Chromium, with no accessibility violation', async () => {
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchChromium();
    try {
      const page = await newPage(browser);
      await page.goto(`http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}/desktop`);
      await page.getByLabel('Codice operatore').fill('sara');
      await page.getByLabel('PIN').fill('480251');
      await page.keyboard.press('Enter');
      const today = page.locator('#my-surveys tbody tr', { hasText: 'Oggi' }).filter({ hasText: 'voto' });
      await today.waitFor();
      const cells = await today.locator('td').allTextContents();
      expect(cells.slice(0, 2)).toEqual(['Oggi', 'voto']);
      expect(Number(cells[2])).toBeGreaterThanOrEqual(2);
      expect(cells[3]).toMatch(/^\d,\d su 3 \(facce\)$/);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
