/**
 * The satisfaction survey's figures (#23), pure, from the call records' `survey`:
 * - the funnel per survey: **invited** (one caller in N, after the operator hung up or before the
 *   queue), **accepted** (pressed the key), **started** (the questions began: accepted before the
 *   queue *and* still on the line when the operator hung up), **completed** (reached the end),
 *   **flagged** (a low answer sent to the back office for review); and per question **answered**.
 * - per question, by agent, queue, topic or for all: answers, the mean (higher is better), the
 *   share of low answers (1–2 of 5, the negative face, 0–6 of 10) and of high ones (4–5 of 5, the
 *   happy face, 9–10 of 10), and for 0–10 the Net Promoter Score = % high − % low.
 * - per question, the reasons picked after a low answer.
 * The agent is the one the caller rated (the last, who hung up first); a call with several topics
 * counts in each. Callers are never named here: only counts.
 */
import { isHigh, isLow, SURVEY_SCALES, type SurveyScale } from '../ivr/index.js';
import type { CallRecord } from './call-record.js';

export type SurveyGroupBy = 'all' | 'agent' | 'queue' | 'topic';

export interface SurveyFunnelAcc {
  invited: number;
  accepted: number;
  started: number;
  completed: number;
  flagged: number;
}

/** Sums of one question's answers in one group. */
export interface ScoreAcc {
  readonly survey: string;
  readonly question: string;
  readonly scale: string;
  /** all, agent, queue or topic, and which one ('' for all). */
  readonly by: SurveyGroupBy;
  readonly group: string;
  answers: number;
  sum: number;
  low: number;
  high: number;
}

export interface SurveyAccs {
  readonly funnel: Map<string, SurveyFunnelAcc>;
  readonly scores: Map<string, ScoreAcc>;
  /** `survey \t question \t reason` → how many picked it. */
  readonly reasons: Map<string, { count: number }>;
}

const known = (scale: string): scale is SurveyScale => (SURVEY_SCALES as readonly string[]).includes(scale);

const BYS: readonly SurveyGroupBy[] = ['all', 'agent', 'queue', 'topic'];

export function surveyAccs(records: readonly CallRecord[]): SurveyAccs {
  const out: SurveyAccs = { funnel: new Map(), scores: new Map(), reasons: new Map() };
  for (const r of records) {
    const s = r.survey;
    if (!s) continue;
    let f = out.funnel.get(s.survey);
    if (!f) out.funnel.set(s.survey, (f = { invited: 0, accepted: 0, started: 0, completed: 0, flagged: 0 }));
    f.invited += s.offered ? 1 : 0;
    f.accepted += s.accepted ? 1 : 0;
    f.started += s.started ? 1 : 0;
    f.completed += s.completed ? 1 : 0;
    f.flagged += s.flaggedTicket !== undefined ? 1 : 0;
    const queue = s.queue ?? [...r.queues].reverse().find((q) => q.outcome === 'answered')?.queue;
    const groups: Record<SurveyGroupBy, readonly string[]> = { all: [''], agent: s.agentId ? [s.agentId] : [], queue: queue ? [queue] : [], topic: r.topics };
    for (const a of s.answers) {
      if (!known(a.scale)) continue;
      for (const by of BYS) {
        for (const group of groups[by]) {
          const key = [s.survey, a.question, by, group].join('\t');
          let acc = out.scores.get(key);
          if (!acc) out.scores.set(key, (acc = { survey: s.survey, question: a.question, scale: a.scale, by, group, answers: 0, sum: 0, low: 0, high: 0 }));
          acc.answers++;
          acc.sum += a.value;
          acc.low += isLow(a.scale, a.value) ? 1 : 0;
          acc.high += isHigh(a.scale, a.value) ? 1 : 0;
        }
      }
      if (a.reason !== undefined) {
        const key = [s.survey, a.question, a.reason].join('\t');
        const at = out.reasons.get(key);
        if (at) at.count++;
        else out.reasons.set(key, { count: 1 });
      }
    }
  }
  return out;
}

export interface SurveyScoreRow {
  readonly survey: string;
  readonly question: string;
  readonly scale: string;
  readonly by: SurveyGroupBy;
  readonly group: string;
  readonly answers: number;
  readonly mean: number | null;
  readonly lowRate: number | null;
  readonly highRate: number | null;
  /** 0–10 questions only: % high − % low, from −100 to 100. */
  readonly nps: number | null;
}

export function surveyScoreRows(scores: ReadonlyMap<string, ScoreAcc>, by: SurveyGroupBy): SurveyScoreRow[] {
  return [...scores.values()]
    .filter((a) => a.by === by)
    .map((a) => ({
      survey: a.survey,
      question: a.question,
      scale: a.scale,
      by: a.by,
      group: a.group,
      answers: a.answers,
      mean: a.answers > 0 ? a.sum / a.answers : null,
      lowRate: a.answers > 0 ? a.low / a.answers : null,
      highRate: a.answers > 0 ? a.high / a.answers : null,
      nps: a.scale === '0-10' && a.answers > 0 ? Math.round(((a.high - a.low) / a.answers) * 1000) / 10 : null,
    }))
    .sort((x, y) => x.survey.localeCompare(y.survey) || x.question.localeCompare(y.question) || x.group.localeCompare(y.group));
}

export interface SurveyFunnelRow extends SurveyFunnelAcc {
  readonly survey: string;
  readonly acceptedRate: number | null;
  readonly completedRate: number | null;
  /** Per question, how many answered it. */
  readonly questions: { readonly question: string; readonly answered: number }[];
}

export function surveyFunnelRows(accs: SurveyAccs): SurveyFunnelRow[] {
  return [...accs.funnel]
    .map(([survey, f]) => ({
      survey,
      ...f,
      acceptedRate: f.invited > 0 ? f.accepted / f.invited : null,
      completedRate: f.invited > 0 ? f.completed / f.invited : null,
      questions: [...accs.scores.values()].filter((a) => a.survey === survey && a.by === 'all').map((a) => ({ question: a.question, answered: a.answers })),
    }))
    .sort((a, b) => a.survey.localeCompare(b.survey));
}

export function surveyReasonRows(reasons: ReadonlyMap<string, { count: number }>): { survey: string; question: string; reason: string; count: number }[] {
  return [...reasons].map(([key, { count }]) => {
    const [survey = '', question = '', reason = ''] = key.split('\t');
    return { survey, question, reason, count };
  });
}
