import { z } from 'zod';
import { TOPICS } from '../../shared/topics.js';
import { promptMedia } from '../../shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../shared/system-prompts.js';
import { defined, dtmfKey, nodeRef, playPrompt, promptRef, readKeys, seconds } from './common.js';
import type { NodeRuntime, NodeType } from './node.js';
import { isLow, scaleKeys, scaleValue, SURVEY_SCALES, valueInWords } from './survey-scales.js';

/**
 * The satisfaction survey, after the operator has hung up and while the caller stays on the line
 * (the queue step's `afterAgent` leads here): never started by the agent. One caller in `oneIn`
 * is invited (the invitation says which key accepts); up to three questions, each answered with
 * keys; a wrong key or silence is asked once more, kindly, then the question is skipped. A low
 * answer asks for one of the reasons (when the question lists them) and, with `lowScore`, opens a
 * ticket for the back office to review (or adds a note to the ticket this call already has).
 * With `beforeQueue`, the invitation is made before the queue (this node then goes to that step,
 * whose afterAgent comes back here for the questions). Every answer is in the call's log at once:
 * a caller hanging up halfway keeps what they answered.
 */
const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a question id: lower-case letters, digits, _ or -'),
    scale: z.enum(SURVEY_SCALES).describe('1-5 (one key), faces (1 unhappy, 2 so-so, 3 happy) or 0-10 (would you recommend; 1 then 0 for ten)'),
    prompt: promptRef.describe('The question, saying which keys to press.'),
    reasons: z
      .object({
        prompt: promptRef.describe('Read after a low answer: "if it was the wait, press 1…".'),
        codes: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a reason code: lower-case letters, digits, _')).min(2).max(4).describe('The reasons, for keys 1, 2, 3, 4 in order.'),
      })
      .strict()
      .optional()
      .describe('After a low answer, the caller picks one reason with a key.'),
  })
  .strict();

export const surveyNodeSchema = z
  .object({
    type: z.literal('survey'),
    survey: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a survey name: lower-case letters, digits, -').describe('Its name in the reports.'),
    oneIn: z.number().int().min(1).max(1000).default(1).describe('Invite one caller in this many (1: everyone): fewer surveys, less fatigue.'),
    invite: promptRef.describe('The invitation, saying the key that accepts.'),
    acceptKey: dtmfKey.default('1'),
    beforeQueue: nodeRef.optional().describe('Invite before the queue, then go to this step (the queue, whose afterAgent is this survey).'),
    questions: z.array(questionSchema).min(1).max(3).describe('At most three: more makes callers hang up.'),
    timeoutSeconds: seconds(30).default(6),
    retryPrompt: promptRef.optional().describe('Said after a wrong key or silence before asking again (default: the engine\'s "Non ho capito").'),
    lowScore: z
      .object({
        category: z.enum(TOPICS).optional().describe("The ticket's category; default: the call's first topic, else Informazioni."),
        department: z.string().trim().min(1).max(100).default('Qualità del servizio'),
      })
      .strict()
      .optional()
      .describe('A low answer opens a back-office ticket flagged for review (or adds a note to this call\'s ticket).'),
    thanks: promptRef.optional().describe('Said at the end (default: the engine\'s thanks and goodbye).'),
    next: nodeRef.describe('Where the call goes afterwards, whether or not the caller answered (usually a hangup).'),
  })
  .strict()
  .refine((s) => new Set(s.questions.map((q) => q.id)).size === s.questions.length, { message: 'two questions have the same id', path: ['questions'] })
  .refine((s) => s.questions.every((q) => q.scale !== 'faces' || q.reasons?.codes.length === 4), { message: 'a faces question lists four reasons (as in "Mettiamoci la faccia")', path: ['questions'] })
  .describe('A satisfaction survey after the operator hangs up: invitation, up to three questions, a low score flagged for review.');

type Survey = z.infer<typeof surveyNodeSchema>;
type Question = Survey['questions'][number];

/** Where one call is with one survey (a call variable, so that it is decided once per call). */
const stateVar = (node: Survey) => `survey_${node.survey.replaceAll('-', '_')}`;

/** Reads one answer: asked again once after a wrong key or silence; undefined when none came. */
async function ask(rt: NodeRuntime, node: Survey, prompt: string, valid: (keys: string) => number | undefined, maxDigits: number): Promise<number | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    await playPrompt(rt, prompt, true);
    const keys = await readKeys(rt, { timeoutMs: node.timeoutSeconds * 1000, interDigitMs: 2000, terminator: '#', maxDigits });
    const value = keys === undefined ? undefined : valid(keys);
    if (value !== undefined) return value;
    rt.digits.clear();
    if (attempt === 0) await rt.play([node.retryPrompt === undefined ? promptMedia(SYSTEM_PROMPTS.surveyNotUnderstood) : rt.promptMedia(node.retryPrompt)], false);
  }
  return undefined;
}

/** The invitation: sampled once per call; true when the caller accepted. */
async function invite(rt: NodeRuntime, node: Survey, when: 'before' | 'after'): Promise<boolean> {
  if (!rt.sample(node.oneIn)) {
    rt.vars.set(stateVar(node), 'not_sampled');
    return false;
  }
  await rt.record('survey.offered', { survey: node.survey, when, oneIn: node.oneIn });
  await playPrompt(rt, node.invite, true);
  const key = await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);
  const accepted = key === node.acceptKey;
  // Keys typed ahead after accepting answer the first question; after another key, none count.
  if (!accepted) rt.digits.clear();
  rt.vars.set(stateVar(node), accepted ? 'accepted' : 'declined');
  await rt.record(accepted ? 'survey.accepted' : 'survey.declined', { survey: node.survey, ...(accepted ? {} : { reason: key === undefined ? 'no_input' : 'other_key' }) });
  return accepted;
}

interface Low {
  readonly question: Question;
  readonly value: number;
  readonly reason: string | null;
}

async function questions(rt: NodeRuntime, node: Survey): Promise<Low[]> {
  const lows: Low[] = [];
  await rt.record('survey.started', { survey: node.survey, agentId: rt.vars.get('queue_agent') ?? null, queue: rt.vars.get('queue_id') ?? null });
  rt.vars.set(stateVar(node), 'started');
  let answered = 0;
  try {
    for (const q of node.questions) {
      const value = await ask(rt, node, q.prompt, (keys) => scaleValue(q.scale, keys), scaleKeys(q.scale));
      if (value === undefined) {
        await rt.record('survey.skipped', { survey: node.survey, question: q.id });
        continue;
      }
      answered++;
      await rt.record('survey.answered', { survey: node.survey, question: q.id, scale: q.scale, value });
      if (!isLow(q.scale, value)) continue;
      let reason: string | null = null;
      if (q.reasons) {
        const codes = q.reasons.codes;
        const picked = await ask(rt, node, q.reasons.prompt, (keys) => (/^[1-4]$/.test(keys) && Number(keys) <= codes.length ? Number(keys) : undefined), 1);
        reason = picked === undefined ? null : (codes[picked - 1] ?? null);
        if (reason !== null) await rt.record('survey.reason', { survey: node.survey, question: q.id, reason });
      }
      lows.push({ question: q, value, reason });
    }
    rt.vars.set(stateVar(node), 'completed');
    await rt.record('survey.completed', { survey: node.survey, answered });
    await rt.play([node.thanks === undefined ? promptMedia(SYSTEM_PROMPTS.surveyThanks) : rt.promptMedia(node.thanks)], false);
  } finally {
    // Also when the caller hung up halfway: a low answer given is acted on.
    if (lows.length > 0 && node.lowScore) await flag(rt, node, node.lowScore, lows);
  }
  return lows;
}

/** A low score reaches the back office: a ticket flagged for review, with the call's journey. */
async function flag(rt: NodeRuntime, node: Survey, low: NonNullable<Survey['lowScore']>, lows: readonly Low[]): Promise<void> {
  const category = low.category ?? [...rt.tags].find((t) => (TOPICS as readonly string[]).includes(t)) ?? 'Informazioni';
  const said = lows.map((l) => `${l.question.id}: ${valueInWords(l.question.scale, l.value)}${l.reason ? ` (motivo: ${l.reason})` : ''}`).join('; ');
  const journey = rt.journey().map((s) => (s.choice ? `${s.node} (${s.choice})` : s.node)).join(' → ');
  const agent = rt.vars.get('queue_agent');
  const note = [`Da rivedere: valutazione bassa nel sondaggio ${node.survey} — ${said}.`, agent ? `Operatore: ${agent}; coda: ${rt.vars.get('queue_id') ?? '?'}.` : '', `Percorso: ${journey}.`, rt.tags.size > 0 ? `Argomenti: ${[...rt.tags].join(', ')}.` : '']
    .filter((l) => l !== '')
    .join('\n');
  const flagged = await rt.flagForReview({ category, subject: `Da rivedere: valutazione bassa (${said})`.slice(0, 200), department: low.department, note });
  await rt.record('survey.flagged', { survey: node.survey, ticket: flagged?.number ?? null, action: flagged?.action ?? 'failed' });
}

export const survey: NodeType<typeof surveyNodeSchema> = {
  type: 'survey',
  schema: surveyNodeSchema,
  nextNodes: (node) => [...new Set([node.next, ...(node.beforeQueue ? [node.beforeQueue] : [])])],
  promptRefs: (node) => defined(node.invite, node.retryPrompt, node.thanks, ...node.questions.flatMap((q) => [q.prompt, q.reasons?.prompt])),
  async run(node, rt) {
    const state = rt.vars.get(stateVar(node));
    if (node.beforeQueue !== undefined && state === undefined) {
      // Asked before the queue: the answer is kept for when the operator has hung up.
      const accepted = await invite(rt, node, 'before');
      return { next: node.beforeQueue, detail: { survey: node.survey, choice: accepted ? 'accepted' : 'not_now' } };
    }
    // Reached without an operator (the queue's exit), or already done: nothing to rate.
    if (rt.vars.get('queue_agent') === undefined || (state !== undefined && state !== 'accepted')) return { next: node.next, detail: { survey: node.survey, choice: 'not_asked' } };
    if (state === undefined && !(await invite(rt, node, 'after'))) return { next: node.next, detail: { survey: node.survey, choice: 'not_now' } };
    const lows = await questions(rt, node);
    return { next: node.next, detail: { survey: node.survey, choice: 'completed', low: lows.length } };
  },
};
