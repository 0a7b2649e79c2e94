/** The survey's figures from call records folded from events (pure): funnel, scores, NPS, reasons. */
import { describe, expect, it } from 'vitest';
import { callRecord, type LoggedEvent } from '../../src/reports/call-record.js';
import { surveyAccs, surveyFunnelRows, surveyReasonRows, surveyScoreRows } from '../../src/reports/survey-kpis.js';

const S = 'soddisfazione';
let t = 0;
const ev = (type: string, data: Record<string, unknown> = {}): LoggedEvent => ({ type, at: new Date(Date.UTC(2030, 0, 7, 9, 0, t++)).toISOString(), data });
const answered = (question: string, scale: string, value: number) => ev('survey.answered', { survey: S, question, scale, value });

/** A call answered by `agentId` in `queue` with `topics`, and its survey events. */
function call(id: string, agentId: string, queue: string, topics: string[], survey: LoggedEvent[]) {
  return callRecord(id, [
    ev('call.started', { flowId: 'f' }),
    ev('call.tagged', { tags: topics }),
    ev('acd.enter', { queue, length: 1 }),
    ev('acd.answer', { queue, agentId, waitedMs: 1000 }),
    ev('acd.call_ended', { queue, agentId, talkSeconds: 60, endedBy: 'agent', wrapUpSeconds: 10 }),
    ...survey,
    ev('call.ended', { outcome: 'completed', endedBy: 'engine' }),
  ]);
}

const started = (agentId: string, queue: string) => [ev('survey.offered', { survey: S, when: 'after', oneIn: 1 }), ev('survey.accepted', { survey: S }), ev('survey.started', { survey: S, agentId, queue })];

const records = [
  // Anna: a happy face and a 10; completed.
  call('c1', 'anna', 'tributi', ['Tributi'], [...started('anna', 'tributi'), answered('voto', 'faces', 3), answered('consiglio', '0-10', 10), ev('survey.completed', { survey: S, answered: 2 })]),
  // Anna: the negative face for the wait, then a 6; flagged; completed.
  call('c2', 'anna', 'tributi', ['Tributi', 'Anagrafe'], [...started('anna', 'tributi'), answered('voto', 'faces', 1), ev('survey.reason', { survey: S, question: 'voto', reason: 'attesa' }), answered('consiglio', '0-10', 6), ev('survey.completed', { survey: S, answered: 2 }), ev('survey.flagged', { survey: S, ticket: 7, action: 'created' })]),
  // Bruno: a so-so face, then the caller hung up.
  call('c3', 'bruno', 'anagrafe', ['Anagrafe'], [...started('bruno', 'anagrafe'), answered('voto', 'faces', 2)]),
  // Invited, did not accept.
  call('c4', 'bruno', 'anagrafe', ['Anagrafe'], [ev('survey.offered', { survey: S, when: 'after', oneIn: 1 }), ev('survey.declined', { survey: S, reason: 'no_input' })]),
  // Never invited.
  call('c5', 'anna', 'tributi', ['Tributi'], []),
];

describe('survey figures', () => {
  it('folds a call\'s survey: answers with their reason, the operator rated, the review ticket', () => {
    expect(records[1]?.survey).toEqual({ survey: S, offered: true, accepted: true, started: true, completed: true, agentId: 'anna', queue: 'tributi', answers: [{ question: 'voto', scale: 'faces', value: 1, reason: 'attesa' }, { question: 'consiglio', scale: '0-10', value: 6 }], flaggedTicket: 7 });
    expect(records[4]?.survey).toBeUndefined();
  });

  it('the funnel: invited 4, accepted 3, started 3, completed 2, flagged 1; answers per question', () => {
    const [row] = surveyFunnelRows(surveyAccs(records));
    expect(row).toEqual({ survey: S, invited: 4, accepted: 3, started: 3, completed: 2, flagged: 1, acceptedRate: 0.75, completedRate: 0.5, questions: [{ question: 'voto', answered: 3 }, { question: 'consiglio', answered: 2 }] });
  });

  it('scores by agent: mean, low and high shares, NPS for 0-10', () => {
    const rows = surveyScoreRows(surveyAccs(records).scores, 'agent');
    expect(rows).toEqual([
      { survey: S, question: 'consiglio', scale: '0-10', by: 'agent', group: 'anna', answers: 2, mean: 8, lowRate: 0.5, highRate: 0.5, nps: 0 },
      { survey: S, question: 'voto', scale: 'faces', by: 'agent', group: 'anna', answers: 2, mean: 2, lowRate: 0.5, highRate: 0.5, nps: null },
      { survey: S, question: 'voto', scale: 'faces', by: 'agent', group: 'bruno', answers: 1, mean: 2, lowRate: 0, highRate: 0, nps: null },
    ]);
  });

  it('by topic a call counts in each of its topics; reasons are counted', () => {
    const voto = surveyScoreRows(surveyAccs(records).scores, 'topic').filter((r) => r.question === 'voto');
    expect(voto.map((r) => [r.group, r.answers, r.mean])).toEqual([['Anagrafe', 2, 1.5], ['Tributi', 2, 2]]);
    expect(surveyReasonRows(surveyAccs(records).reasons)).toEqual([{ survey: S, question: 'voto', reason: 'attesa', count: 1 }]);
  });
});
