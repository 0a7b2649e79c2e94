/**
 * Everything the IVR runs from ivr-flows/: the flows (*.yaml) and the schedules (schedules.yaml),
 * validated together so that a flow cannot refer to a schedule or sub-flow that does not exist.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type AcdConfig, parseQueues, type QueueDefinition } from '../acd/index.js';
import { keyed } from '../shared/keyed.js';
import { compileFlow, type FlowMachine } from './compile-flow.js';
import { parseFlow } from './flow-loader.js';
import { FlowInvalidError, parseSettingsDocument } from '../shared/yaml-document.js';
import type { Flow } from './flow-schema.js';
import { scheduleSchema, type Schedule } from '../shared/schedule.js';

export const SCHEDULES_FILE = 'schedules.yaml';
export const QUEUES_FILE = 'queues.yaml';
/** Files in ivr-flows/ that are not flows. */
export const NOT_FLOWS = new Set([SCHEDULES_FILE, QUEUES_FILE]);

/** What flows are checked against: the name, and (from queues.yaml) whether it takes callbacks at a chosen time. */
export type QueueInfo = Pick<QueueDefinition, 'name'> & { readonly callbacks?: Pick<QueueDefinition['callbacks'], 'slots'> };

/** No schedules and no queue registry (tests, benchmarks). */
export const NO_SETTINGS: FlowSettings = { schedules: new Map() };

/** The settings flows are checked against: schedules and queues (files read at engine start). */
export interface FlowSettings {
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** Undefined: queues are not checked (no queues.yaml). */
  readonly queues?: ReadonlyMap<string, QueueInfo>;
  /** The ACD configuration from queues.yaml (skills, pause reasons, queues). */
  readonly acd?: AcdConfig;
}

export interface CompiledFlow {
  readonly flow: Flow;
  readonly machine: FlowMachine;
}

export interface IvrCatalog {
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** The flow serving a dialled number (national form). */
  forNumber(number: string): CompiledFlow | undefined;
  /** The ACD configuration the flows were checked against (the simulator offers its callback slots). */
  readonly acd?: AcdConfig;
}

export const schedulesFileSchema = z.object({ schedules: keyed(/^[a-z][a-z0-9-]*$/, 'a schedule id: lower-case letters, digits, -', scheduleSchema) }).strict();

export function parseSchedules(file: string, text: string): Map<string, Schedule> {
  return new Map(Object.entries(parseSettingsDocument(file, text, schedulesFileSchema).schedules));
}

/** How the catalog reads a folder of documents (node:fs for the engine and the CLI; a map in tests). */
export interface DocumentFiles {
  /** The text of a file; undefined if there is none. */
  read(path: string): string | undefined;
  /** The names in a folder, 'file' or 'folder' for a path, undefined if nothing is there. */
  list(dir: string): string[];
  kind(path: string): 'file' | 'folder' | undefined;
}

/** The local disk. */
export const DISK: DocumentFiles = {
  read: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  list: (dir) => readdirSync(dir),
  kind: (path) => {
    try {
      return statSync(path).isDirectory() ? 'folder' : 'file';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
};

/** Reads schedules.yaml and queues.yaml (each optional) from a flows directory. */
export function loadSettings(dir: string, files: DocumentFiles = DISK): FlowSettings {
  const schedules = files.read(join(dir, SCHEDULES_FILE));
  const queues = files.read(join(dir, QUEUES_FILE));
  return {
    schedules: schedules === undefined ? new Map() : parseSchedules(join(dir, SCHEDULES_FILE), schedules),
    ...(queues === undefined ? {} : withAcd(parseQueues(join(dir, QUEUES_FILE), queues))),
  };
}

function withAcd(acd: AcdConfig): Pick<FlowSettings, 'queues' | 'acd'> {
  return { queues: acd.queues, acd };
}

/** Queues whose callbacks follow a schedule (callbacks.schedule) these schedules lack, in a supervisor's words. */
export function unresolvedCallbackSchedules(acd: AcdConfig, schedules: ReadonlyMap<string, Schedule>): string[] {
  return [...acd.queues]
    .filter(([, q]) => q.callbacks.schedule !== undefined && !schedules.has(q.callbacks.schedule))
    .map(([id, q]) => `queues.${id}.callbacks.schedule: "${q.callbacks.schedule}" is not defined in ${SCHEDULES_FILE}`);
}

/** Builds a catalog from parsed flows and schedules, checking references between them. */
export function buildCatalog(flows: readonly Flow[], settings: FlowSettings): IvrCatalog {
  const { schedules, queues } = settings;
  const unresolved = settings.acd === undefined ? [] : unresolvedCallbackSchedules(settings.acd, schedules);
  if (unresolved.length > 0) throw new FlowInvalidError(QUEUES_FILE, unresolved);
  const byId = new Map<string, CompiledFlow>();
  const byNumber = new Map<string, CompiledFlow>();
  for (const flow of flows) {
    const problems: string[] = [];
    if (byId.has(flow.definition.id)) problems.push(`id: another file already defines flow "${flow.definition.id}"`);
    for (const n of flow.definition.numbers) {
      const other = byNumber.get(n);
      if (other) problems.push(`numbers: ${n} is already served by ${other.flow.file}`);
    }
    for (const [nodeId, node] of Object.entries(flow.definition.nodes)) {
      if (node.type === 'branch') {
        for (const c of node.cases) {
          if (c.when.schedule && !schedules.has(c.when.schedule.id)) {
            problems.push(`nodes.${nodeId}: uses schedule "${c.when.schedule.id}", which is not defined in ${SCHEDULES_FILE}`);
          }
        }
      }
      if (node.type === 'queue' && queues !== undefined && !queues.has(node.queue)) {
        problems.push(`nodes.${nodeId}: hands the call to queue "${node.queue}", which is not defined in ${QUEUES_FILE}`);
      }
      if (node.type === 'queue' && node.callback) {
        const step = flow.definition.nodes[node.callback.next];
        if (step && (step.type !== 'callback' || step.queue !== node.queue)) {
          problems.push(`nodes.${nodeId}.callback.next: "${node.callback.next}" must be a callback step for queue "${node.queue}" (type: callback, queue: ${node.queue}), so the caller's place is kept`);
        }
      }
      if (node.type === 'callback' && queues !== undefined) {
        const q = queues.get(node.queue);
        if (!q) problems.push(`nodes.${nodeId}: books callbacks for queue "${node.queue}", which is not defined in ${QUEUES_FILE}`);
        else if (node.when !== 'in-turn' && q.callbacks !== undefined && !q.callbacks.slots) {
          problems.push(`nodes.${nodeId}: offers a chosen day and time (when: ${node.when}), but queue "${node.queue}" has no callbacks.slots in ${QUEUES_FILE}`);
        }
      }
      if (node.type === 'subflow' && !flows.some((f) => f.definition.id === node.flow)) {
        problems.push(`nodes.${nodeId}: runs flow "${node.flow}", which does not exist`);
      }
    }
    // (A schedule checked by several cases of one branch is one problem, said once.)
    if (problems.length > 0) throw new FlowInvalidError(flow.file, [...new Set(problems)]);
    const compiled = { flow, machine: compileFlow(flow) };
    byId.set(flow.definition.id, compiled);
    for (const n of flow.definition.numbers) byNumber.set(n, compiled);
  }
  return { flows: byId, schedules, forNumber: (n) => byNumber.get(n), ...(settings.acd ? { acd: settings.acd } : {}) };
}

/** The flow files of a folder: every *.yaml (or .yml) except schedules.yaml and queues.yaml, sorted. */
export function flowFiles(dir: string, files: DocumentFiles = DISK): string[] {
  return files
    .list(dir)
    .filter((f) => isYaml(f) && !NOT_FLOWS.has(f))
    .sort()
    .map((f) => join(dir, f));
}

export const isYaml = (file: string): boolean => file.endsWith('.yaml') || file.endsWith('.yml');

/** Loads ivr-flows/: every *.yaml is a flow, except schedules.yaml and queues.yaml. */
export function loadCatalog(dir: string, files: DocumentFiles = DISK): IvrCatalog {
  const flows = flowFiles(dir, files).map((f) => parseFlow(f, files.read(f) ?? ''));
  return buildCatalog(flows, loadSettings(dir, files));
}
