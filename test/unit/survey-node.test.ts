/**
 * The survey step on the simulator (the same runtime and nodes as live calls): the caller stays
 * on after the operator hangs up, answers with keys, wrong keys and silence are asked again once,
 * a low answer asks a reason and is flagged for review, a caller hanging up keeps what they said.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/ivr/catalog.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { simulate } from '../../src/ivr/simulator.js';
import type { IvrCrm, ReviewRequest } from '../../src/ivr/index.js';
import { isLow, scaleValue } from '../../src/ivr/nodes/survey-scales.js';

const flow = (survey: string, queue = 'afterAgent: sondaggio') => `
id: survey-test
numbers: ["0200"]
language: it
prompts:
  invito: Vuole valutare la chiamata? Prema 1.
  voto: Da 1 a 5, come valuta la risposta?
  motivo: Per l'attesa prema 1, per la risposta 2, per la cortesia 3, per altro 4.
  consiglio: Da 0 a 10, lo consiglierebbe?
  occupati: Operatori occupati.
start: tag
nodes:
  tag: { type: set, tags: [Tributi], next: coda }
  coda: { type: queue, queue: tributi, ${queue}, onExit: occupati }
  occupati: { type: play, prompts: [occupati], next: fine }
  sondaggio:
${survey}
  fine: { type: hangup }
`;

const STANDARD = `    type: survey
    survey: qualita
    invite: invito
    questions:
      - { id: voto, scale: 1-5, prompt: voto, reasons: { prompt: motivo, codes: [attesa, risposta, cortesia, altro] } }
      - { id: consiglio, scale: 0-10, prompt: consiglio }
    lowScore: { department: Qualità }
    next: fine`;

function recordingCrm(): IvrCrm & { reviews: ReviewRequest[] } {
  const reviews: ReviewRequest[] = [];
  return {
    reviews,
    recognise: () => Promise.resolve({ outcome: 'unknown', openTickets: [] }),
    openTicket: () => Promise.resolve({ number: 1 }),
    flagForReview(request) {
      reviews.push(request);
      return Promise.resolve({ number: 42, action: 'created' });
    },
  };
}

async function run(text: string, keys: string, extra: { sampled?: boolean; queueOutcome?: 'no_agents' } = {}) {
  const crm = recordingCrm();
  const catalog = buildCatalog([parseFlow('survey-test.yaml', text)], { schedules: new Map() });
  const sim = await simulate(catalog, { number: '0200', at: new Date(0), caller: '+393331234567', keys, crm, ...extra });
  const surveyEvents = sim.lines.filter((l) => l.startsWith('📝 ')).map((l) => l.slice(2).trim());
  return { sim, crm, surveyEvents };
}

describe('survey step', () => {
  it('after the operator hangs up: invitation, two answers, thanks; nothing flagged', async () => {
    const { sim, crm, surveyEvents } = await run(flow(STANDARD), '1 4 1 0');
    expect(sim.heard).toEqual(['invito', 'voto', 'consiglio', 'surveyThanks']);
    expect(surveyEvents).toEqual([
      'survey.offered {"survey":"qualita","when":"after","oneIn":1}',
      'survey.accepted {"survey":"qualita"}',
      'survey.started {"survey":"qualita","agentId":"simulated","queue":"tributi"}',
      'survey.answered {"survey":"qualita","question":"voto","scale":"1-5","value":4}',
      'survey.answered {"survey":"qualita","question":"consiglio","scale":"0-10","value":10}',
      'survey.completed {"survey":"qualita","answered":2}',
    ]);
    expect(crm.reviews).toEqual([]);
    expect(sim.journey.slice(-2)).toEqual(['sondaggio', 'fine']);
  });

  it('a low score asks the reason and opens a review ticket with the journey, the operator and the answers', async () => {
    const { sim, crm, surveyEvents } = await run(flow(STANDARD), '1 2 1 7 #');
    expect(sim.heard).toEqual(['invito', 'voto', 'motivo', 'consiglio', 'surveyThanks']);
    expect(surveyEvents).toContain('survey.reason {"survey":"qualita","question":"voto","reason":"attesa"}');
    expect(surveyEvents.at(-1)).toBe('survey.flagged {"survey":"qualita","ticket":42,"action":"created"}');
    expect(crm.reviews).toHaveLength(1);
    expect(crm.reviews[0]).toMatchObject({ category: 'Tributi', department: 'Qualità', subject: 'Da rivedere: valutazione bassa (voto: 2 su 5 (motivo: attesa))' });
    expect(crm.reviews[0]?.note).toContain('Operatore: simulated; coda: tributi.');
    expect(crm.reviews[0]?.note).toContain('Percorso: tag → coda');
    // 7 out of 10 is not a detractor's score: only the first answer is in the ticket.
    expect(crm.reviews[0]?.note).not.toContain('consiglio');
  });

  it('a wrong key and silence are asked again once, kindly; twice unanswered skips the question', async () => {
    const { sim, surveyEvents } = await run(flow(STANDARD), '1 9 5 . .');
    expect(sim.heard).toEqual(['invito', 'voto', 'surveyNotUnderstood', 'voto', 'consiglio', 'surveyNotUnderstood', 'consiglio', 'surveyThanks']);
    expect(surveyEvents).toContain('survey.answered {"survey":"qualita","question":"voto","scale":"1-5","value":5}');
    expect(surveyEvents).toContain('survey.skipped {"survey":"qualita","question":"consiglio"}');
    expect(surveyEvents.at(-1)).toBe('survey.completed {"survey":"qualita","answered":1}');
  });

  it('the caller hanging up halfway keeps what they answered, and a low answer given is still flagged', async () => {
    const { sim, crm, surveyEvents } = await run(flow(STANDARD), '1 1 3');
    expect(sim.heard).toEqual(['invito', 'voto', 'motivo', 'consiglio']);
    expect(surveyEvents).toEqual(expect.arrayContaining(['survey.answered {"survey":"qualita","question":"voto","scale":"1-5","value":1}', 'survey.reason {"survey":"qualita","question":"voto","reason":"cortesia"}']));
    expect(surveyEvents.some((e) => e.startsWith('survey.completed'))).toBe(false);
    expect(crm.reviews).toHaveLength(1);
    expect(surveyEvents.at(-1)).toBe('survey.flagged {"survey":"qualita","ticket":42,"action":"created"}');
  });

  it('another key (or none) at the invitation: no questions', async () => {
    const { sim, surveyEvents } = await run(flow(STANDARD), '1'.replace('1', '2'));
    expect(sim.heard).toEqual(['invito']);
    expect(surveyEvents.at(-1)).toBe('survey.declined {"survey":"qualita","reason":"other_key"}');
  });

  it('a caller not sampled (one in N) is not invited', async () => {
    const { sim, surveyEvents } = await run(flow(STANDARD.replace('survey: qualita', 'survey: qualita\n    oneIn: 5')), '1 4 4', { sampled: false });
    expect(sim.heard).toEqual([]);
    expect(surveyEvents).toEqual([]);
  });

  it('nobody to rate when the caller left the queue without an operator', async () => {
    const { sim, surveyEvents } = await run(flow(STANDARD).replace('occupati: { type: play, prompts: [occupati], next: fine }', 'occupati: { type: play, prompts: [occupati], next: sondaggio }'), '1 4', { queueOutcome: 'no_agents' });
    expect(sim.heard).toEqual(['occupati']);
    expect(surveyEvents).toEqual([]);
  });

  it('invited before the queue: the answer is kept, and the questions come after the operator without a second invitation', async () => {
    const before = STANDARD.replace('next: fine', 'beforeQueue: coda\n    next: fine');
    const text = flow(before).replace('tag: { type: set, tags: [Tributi], next: coda }', 'tag: { type: set, tags: [Tributi], next: sondaggio }');
    const yes = await run(text, '1 5 9 #');
    expect(yes.sim.heard).toEqual(['invito', 'voto', 'consiglio', 'surveyThanks']);
    expect(yes.surveyEvents[0]).toBe('survey.offered {"survey":"qualita","when":"before","oneIn":1}');
    const no = await run(text, '. 5');
    expect(no.sim.heard).toEqual(['invito']);
    expect(no.sim.journey.slice(-3)).toEqual(['coda', 'sondaggio', 'fine']);
  });

  it('refuses a faces question without four reasons and more than three questions, naming where', () => {
    const faces = STANDARD.replace('scale: 1-5, prompt: voto, reasons: { prompt: motivo, codes: [attesa, risposta, cortesia, altro] }', 'scale: faces, prompt: voto, reasons: { prompt: motivo, codes: [attesa, altro] }');
    expect(() => parseFlow('f.yaml', flow(faces))).toThrow(/sondaggio.*four reasons/s);
    const four = STANDARD.replace('      - { id: consiglio', '      - { id: a, scale: 1-5, prompt: voto }\n      - { id: b, scale: 1-5, prompt: voto }\n      - { id: consiglio');
    expect(() => parseFlow('f.yaml', flow(four))).toThrow(/sondaggio.*questions/s);
  });
});

describe('survey scales', () => {
  it('reads keys as answers only within the scale', () => {
    expect([scaleValue('1-5', '1'), scaleValue('1-5', '5'), scaleValue('1-5', '0'), scaleValue('1-5', '6')]).toEqual([1, 5, undefined, undefined]);
    expect([scaleValue('faces', '3'), scaleValue('faces', '4')]).toEqual([3, undefined]);
    expect([scaleValue('0-10', '0'), scaleValue('0-10', '10'), scaleValue('0-10', '11'), scaleValue('0-10', '07'), scaleValue('0-10', '*')]).toEqual([0, 10, undefined, undefined, undefined]);
  });

  it('low: 1-2 of 5, the negative face, 0-6 of 10 (detractors)', () => {
    expect([1, 2, 3].map((v) => isLow('1-5', v))).toEqual([true, true, false]);
    expect([1, 2].map((v) => isLow('faces', v))).toEqual([true, false]);
    expect([6, 7].map((v) => isLow('0-10', v))).toEqual([true, false]);
  });
});
