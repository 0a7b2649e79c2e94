/**
 * A flow of twelve short prompts in a row, each its own playback: twelve prompt starts per call.
 * Callers who hang up at random instants land on many of them — the moment a hang-up once ended
 * the engine (a wait rejected while the play command was in flight). Used by the hang-up storm
 * e2e test and `BENCH_SCENARIO=hangup-storm npm run bench:calls`.
 */
export const PROMPT_STARTS_FLOW_ID = 'prompt-starts';
export const PROMPT_STARTS_NUMBER = '0200000009';

export const PROMPT_STARTS_FLOW = `
id: ${PROMPT_STARTS_FLOW_ID}
numbers: ["${PROMPT_STARTS_NUMBER}"]
language: it
prompts:
  uno: Uno.
  due: Due.
start: p1
nodes:
${Array.from({ length: 12 }, (_, i) => `  p${i + 1}: { type: play, prompts: [${i % 2 === 0 ? 'uno' : 'due'}], next: ${i === 11 ? 'bye' : `p${i + 2}`} }`).join('\n')}
  bye: { type: hangup }
`;
