/**
 * Runs a flow's test cases (`tests:` in its file) in the simulator, against a catalog: the flows
 * and schedules they would run with. Each failing case says what was expected and what happened.
 */
import { LineCounter, parseDocument } from 'yaml';
import { romeInstant } from '../shared/schedule.js';
import { locate } from '../shared/yaml-document.js';
import type { IvrCatalog } from './catalog.js';
import type { Flow } from './flow-schema.js';
import type { FlowTest } from './flow-test-schema.js';
import { simulate, type Simulation } from './simulator.js';

export interface FlowTestResult {
  readonly name: string;
  /** Empty: passed. */
  readonly problems: readonly string[];
}

/** With the flow's text, each problem is located (file:line:column of its case) like every other. */
export async function runFlowTests(catalog: IvrCatalog, flow: Flow, text?: string): Promise<FlowTestResult[]> {
  const results: FlowTestResult[] = [];
  const at = text === undefined ? undefined : locator(text);
  for (const [i, t] of flow.definition.tests.entries()) {
    const sim = await simulate(catalog, {
      number: t.number ?? (flow.definition.numbers[0] as string),
      at: romeInstant(t.at),
      caller: t.caller ?? '+393331234567',
      keys: t.keys,
      emergency: t.emergency,
      transferAnswered: t.transferAnswered,
      ...(t.queueOutcome === undefined ? {} : { queueOutcome: t.queueOutcome }),
      ...(t.queuePosition === undefined ? {} : { queuePosition: t.queuePosition }),
      ...(t.waitMinutes === undefined ? {} : { waitMinutes: t.waitMinutes }),
    });
    const where = at === undefined ? '' : `${flow.file}:${at(['tests', i])}: `;
    results.push({ name: t.name, problems: judge(t, sim).map((p) => `${where}tests.${i} "${t.name}": ${p}`) });
  }
  return results;
}

function locator(text: string): (path: readonly PropertyKey[]) => string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (path) => locate(doc, lines, path);
}

/** The problems of one case: what was expected and did not happen. */
export function judge(t: FlowTest, sim: Simulation): string[] {
  const e = t.expect;
  const problems: string[] = [];
  const heard = sim.heard.join(', ') || 'nothing';
  if (e.hears && !inOrder(e.hears, sim.heard)) problems.push(`expected to hear ${e.hears.join(' then ')}; heard: ${heard}`);
  for (const p of e.notHears ?? []) if (sim.heard.includes(p)) problems.push(`expected not to hear ${p}; heard: ${heard}`);
  if (e.queue !== undefined && sim.queue !== e.queue) problems.push(`expected queue ${e.queue}; the call ${where(sim)}`);
  if (e.transfer !== undefined && sim.transfer !== e.transfer) problems.push(`expected a transfer to ${e.transfer}; the call ${where(sim)}`);
  const missing = (e.tags ?? []).filter((tag) => !sim.tags.includes(tag));
  if (missing.length > 0) problems.push(`expected the tags ${missing.join(', ')}; the call has ${sim.tags.join(', ') || 'none'}`);
  if (e.hangsUp && (sim.queue !== undefined || sim.transfer !== undefined)) problems.push(`expected the flow to end the call; the call ${where(sim)}`);
  return problems;
}

/** `wanted` appears in `heard` in this order (other prompts may come between). */
function inOrder(wanted: readonly string[], heard: readonly string[]): boolean {
  let i = 0;
  for (const h of heard) if (h === wanted[i]) i++;
  return i === wanted.length;
}

function where(sim: Simulation): string {
  if (sim.queue !== undefined) return `went to queue ${sim.queue}`;
  if (sim.transfer !== undefined) return `was transferred to ${sim.transfer}`;
  return `ended: ${sim.destination}`;
}
