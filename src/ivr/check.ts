/**
 * `cc flows check [PATH…]`: checks what a supervisor points at — a folder (its flows, schedules.yaml
 * and queues.yaml, together) or single files — and says what it found, or every problem located
 * (file:line:column). Nothing is changed. A flow file is checked with the schedules and queues of
 * its own folder when that folder has them, else with those of the flows folder (--dir).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { parseQueues } from '../acd/index.js';
import { FlowInvalidError } from '../shared/yaml-document.js';
import { buildCatalog, DISK, flowFiles, isYaml, loadCatalog, loadSettings, parseSchedules, QUEUES_FILE, SCHEDULES_FILE, type DocumentFiles, type FlowSettings, type IvrCatalog } from './catalog.js';
import { parseFlow } from './flow-loader.js';
import { runFlowTests } from './flow-tests.js';
import type { Flow } from './flow-schema.js';

export interface CheckResult {
  /** What was found valid, one line each ("ok  …"), and notes ("note  …"). */
  readonly lines: string[];
  /** Every document refused, with its problems. */
  readonly problems: FlowInvalidError[];
}

export async function checkPaths(paths: readonly string[], flowsDir: string, files: DocumentFiles = DISK): Promise<CheckResult> {
  const lines: string[] = [];
  const problems: FlowInvalidError[] = [];
  for (const path of paths.length > 0 ? paths : [flowsDir]) {
    try {
      lines.push(...(await checkOne(path, flowsDir, files)));
    } catch (error) {
      if (!(error instanceof FlowInvalidError)) throw error;
      problems.push(error);
    }
  }
  return { lines, problems };
}

async function checkOne(path: string, flowsDir: string, files: DocumentFiles): Promise<string[]> {
  const kind = files.kind(path);
  if (kind === undefined) throw new FlowInvalidError(path, [`${path}: no such file or folder`]);
  if (kind === 'folder') {
    const settings = loadSettings(path, files);
    const catalog = loadCatalog(path, files);
    const tested = await testAll(catalog, [...catalog.flows.values()].map((c) => c.flow), files);
    return [...describe(catalog, settings), ...tested];
  }
  const text = files.read(path) ?? '';
  const name = basename(path);
  if (name === SCHEDULES_FILE) return [`ok  ${path}: schedules ${[...parseSchedules(path, text).keys()].join(', ') || 'none'}`];
  if (name === QUEUES_FILE) return [`ok  ${path}: queues ${[...parseQueues(path, text).queues.keys()].join(', ') || 'none'}`];
  if (!isYaml(name)) throw new FlowInvalidError(path, [`${path}: not a flow (flows are YAML files ending in .yaml)`]);
  return checkFlowFile(path, text, flowsDir, files);
}

/** One flow, checked against the settings and the other flows (sub-flows, numbers) around it. */
async function checkFlowFile(path: string, text: string, flowsDir: string, files: DocumentFiles): Promise<string[]> {
  const { catalog, flow, notes, settingsDir } = catalogWithFile(path, text, flowsDir, files);
  const tested = await testAll(catalog, [flow], files);
  return [...notes, `${describeFlow(flow)} — checked with the schedules and queues of ${settingsDir}`, ...tested];
}

/**
 * The catalog a simulation of PATH runs on: a folder's flows and settings, or one flow file in
 * place of its namesake among the flows around it (as `check` sees it). Refused files throw.
 */
export function catalogFor(path: string, flowsDir: string, files: DocumentFiles = DISK): { readonly catalog: IvrCatalog; readonly notes: readonly string[] } {
  const kind = files.kind(path);
  if (kind === undefined) throw new FlowInvalidError(path, [`${path}: no such file or folder`]);
  if (kind === 'folder') return { catalog: loadCatalog(path, files), notes: [] };
  if (!isYaml(basename(path))) throw new FlowInvalidError(path, [`${path}: not a flow (flows are YAML files ending in .yaml)`]);
  const { catalog, notes } = catalogWithFile(path, files.read(path) ?? '', flowsDir, files);
  return { catalog, notes };
}

function catalogWithFile(path: string, text: string, flowsDir: string, files: DocumentFiles): { catalog: IvrCatalog; flow: Flow; notes: string[]; settingsDir: string } {
  const flow = parseFlow(path, text);
  const own = dirname(path);
  const settingsDir = files.read(join(own, SCHEDULES_FILE)) !== undefined || files.read(join(own, QUEUES_FILE)) !== undefined ? own : flowsDir;
  const notes: string[] = [];
  const others: Flow[] = [];
  for (const file of flowFiles(settingsDir, files)) {
    if (resolve(file) === resolve(path)) continue;
    try {
      const other = parseFlow(file, files.read(file) ?? '');
      if (other.definition.id !== flow.definition.id) others.push(other);
    } catch (error) {
      if (!(error instanceof FlowInvalidError)) throw error;
      notes.push(`note  ${file} is not valid itself (check it): not used to check ${path}'s sub-flows and numbers`);
    }
  }
  return { catalog: buildCatalog([...others, flow], loadSettings(settingsDir, files)), flow, notes, settingsDir };
}

/** Runs the flows' test cases; a failing case refuses its flow (FlowInvalidError), naming the case. */
async function testAll(catalog: IvrCatalog, flows: readonly Flow[], files: DocumentFiles): Promise<string[]> {
  const lines: string[] = [];
  for (const flow of flows) {
    if (flow.definition.tests.length === 0) continue;
    const results = await runFlowTests(catalog, flow, files.read(flow.file));
    const problems = results.flatMap((r) => r.problems);
    if (problems.length > 0) throw new FlowInvalidError(flow.file, problems);
    lines.push(`ok  ${flow.file}: ${results.length} test case${results.length === 1 ? '' : 's'} passed`);
  }
  return lines;
}

function describeFlow(flow: Flow): string {
  const d = flow.definition;
  return `ok  ${flow.file}: flow ${d.id} (version ${flow.version}), numbers ${d.numbers.join(', ')}, ${Object.keys(d.nodes).length} nodes, ${Object.keys(d.prompts).length} prompts`;
}

function describe(catalog: IvrCatalog, settings: FlowSettings): string[] {
  return [
    ...[...catalog.flows.values()].map(({ flow }) => describeFlow(flow)),
    `ok  schedules: ${[...catalog.schedules.keys()].join(', ') || 'none'}`,
    settings.queues === undefined ? 'ok  queues: no queues.yaml, queue names not checked' : `ok  queues: ${[...settings.queues.keys()].join(', ')}`,
  ];
}
