/**
 * The flows `npm run chaos` publishes: whatever the hour, a citizen stays in the IVR (long
 * prompts one after the other, for longer than they stay), waits in a queue until they hang up,
 * or waits in another queue for an agent and talks with them until the agent hangs up.
 */
export const CHAOS_IVR_NUMBER = '0200000006';
export const CHAOS_QUEUE_NUMBER = '0200000005';
export const CHAOS_QUEUE = 'generale';
export const CHAOS_TALK_NUMBER = '0200000007';
export const CHAOS_TALK_QUEUE = 'anagrafe';

const IVR = `
id: chaos-ivr
numbers: ["${CHAOS_IVR_NUMBER}"]
language: it
prompts:
  primo: Questo è un messaggio di prova, lungo abbastanza da essere ancora in corso quando il motore viene fermato e riavviato durante la prova di resistenza.
  secondo: Anche questo è un messaggio di prova. Chi chiama resta in linea e ascolta, un passo dopo l'altro, finché non riaggancia.
start: p1
nodes:
${Array.from({ length: 12 }, (_, i) => `  p${i + 1}: { type: play, prompts: [${i % 2 === 0 ? 'primo' : 'secondo'}], next: ${i === 11 ? 'fine' : `p${i + 2}`} }`).join('\n')}
  fine: { type: hangup }
`;

const QUEUE = `
id: chaos-queue
numbers: ["${CHAOS_QUEUE_NUMBER}"]
language: it
prompts:
  attesa: La mettiamo in attesa di un operatore.
start: attesa
nodes:
  attesa: { type: play, prompts: [attesa], next: coda }
  coda: { type: queue, queue: ${CHAOS_QUEUE} }
`;

const TALK = `
id: chaos-talk
numbers: ["${CHAOS_TALK_NUMBER}"]
language: it
prompts:
  operatore: La passiamo a un operatore.
start: operatore
nodes:
  operatore: { type: play, prompts: [operatore], next: coda }
  coda: { type: queue, queue: ${CHAOS_TALK_QUEUE} }
`;

export const CHAOS_FLOWS = [
  { id: 'chaos-talk', text: TALK },
  { id: 'chaos-ivr', text: IVR },
  { id: 'chaos-queue', text: QUEUE },
] as const;
