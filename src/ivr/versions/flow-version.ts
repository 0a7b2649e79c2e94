/**
 * Flow versions: every accepted change is an immutable numbered version (content hash, author,
 * time, message, the file's text). Each flow has one live version; a call keeps the versions it
 * started with. The diff speaks a supervisor's language: steps and prompts added, removed, changed.
 */
import type { FlowDefinition } from '../flow-schema.js';
import { NODE_TYPES } from '../nodes/index.js';
import type { DocumentVersion } from '../../shared/document-version.js';

/** A flow's version; its hash is the same as Flow.version. */
export interface FlowVersion extends DocumentVersion {
  readonly flowId: string;
}

export interface FlowVersionStore {
  /** Stores a new version and makes it live, atomically; an identical text reuses its version. */
  publish(v: Omit<FlowVersion, 'version'>): Promise<{ version: number; created: boolean }>;
  /** Makes an existing version live; false if there is no such version. */
  setLive(flowId: string, version: number, author: string, at: string): Promise<boolean>;
  /** flowId → live version number. */
  live(): Promise<Record<string, number>>;
  get(flowId: string, version: number): Promise<FlowVersion | undefined>;
  list(flowId: string): Promise<FlowVersion[]>;
  /** Drafts: a flow text tried only by test callers, before it is published. */
  setDraft(d: Omit<FlowVersion, 'version'>): Promise<void>;
  removeDraft(flowId: string): Promise<boolean>;
  drafts(): Promise<Omit<FlowVersion, 'version'>[]>;
  /** Caller numbers whose calls run the drafts. */
  addTester(number: string): Promise<void>;
  removeTester(number: string): Promise<boolean>;
  testers(): Promise<string[]>;
  isTester(number: string): Promise<boolean>;
}

export interface FlowDiff {
  readonly nodesAdded: string[];
  readonly nodesRemoved: string[];
  readonly nodesChanged: string[];
  readonly promptsAdded: string[];
  readonly promptsRemoved: string[];
  readonly promptsChanged: string[];
  readonly numbersAdded: string[];
  readonly numbersRemoved: string[];
  readonly startChanged?: { from: string; to: string };
}

const keysOf = (o: object): string[] => Object.keys(o).sort();

export function diffFlows(from: FlowDefinition, to: FlowDefinition): FlowDiff {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  return {
    nodesAdded: keysOf(to.nodes).filter((n) => !(n in from.nodes)),
    nodesRemoved: keysOf(from.nodes).filter((n) => !(n in to.nodes)),
    nodesChanged: keysOf(to.nodes).filter((n) => n in from.nodes && !same(from.nodes[n], to.nodes[n])),
    promptsAdded: keysOf(to.prompts).filter((p) => !(p in from.prompts)),
    promptsRemoved: keysOf(from.prompts).filter((p) => !(p in to.prompts)),
    promptsChanged: keysOf(to.prompts).filter((p) => p in from.prompts && from.prompts[p] !== to.prompts[p]),
    numbersAdded: to.numbers.filter((n) => !from.numbers.includes(n)),
    numbersRemoved: from.numbers.filter((n) => !to.numbers.includes(n)),
    ...(from.start === to.start ? {} : { startChanged: { from: from.start, to: to.start } }),
  };
}

/** The steps a version added or changed against another, and those that say a changed prompt. */
export function changedSteps(from: FlowDefinition, to: FlowDefinition): Set<string> {
  const d = diffFlows(from, to);
  const prompts = new Set(d.promptsChanged);
  const saying = Object.entries(to.nodes).filter(([, node]) => (NODE_TYPES[node.type]?.promptRefs(node) ?? []).some((p) => prompts.has(p)));
  return new Set([...d.nodesAdded, ...d.nodesChanged, ...saying.map(([id]) => id)]);
}

/** The diff as sentences a supervisor reads. */
export function describeDiff(d: FlowDiff, from: FlowDefinition, to: FlowDefinition): string[] {
  const lines: string[] = [];
  const list = (xs: string[]): string => xs.map((x) => `"${x}"`).join(', ');
  if (d.numbersAdded.length) lines.push(`now also answers ${d.numbersAdded.join(', ')}`);
  if (d.numbersRemoved.length) lines.push(`no longer answers ${d.numbersRemoved.join(', ')}`);
  if (d.startChanged) lines.push(`the call now starts at step "${d.startChanged.to}" (was "${d.startChanged.from}")`);
  if (d.nodesAdded.length) lines.push(`steps added: ${list(d.nodesAdded)}`);
  if (d.nodesRemoved.length) lines.push(`steps removed: ${list(d.nodesRemoved)}`);
  for (const n of d.nodesChanged) {
    const a = from.nodes[n] as Record<string, unknown>;
    const b = to.nodes[n] as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    lines.push(`step "${n}" changed: ${fields.map((f) => `${f} ${JSON.stringify(a[f]) ?? '(none)'} → ${JSON.stringify(b[f]) ?? '(none)'}`).join('; ')}`);
  }
  if (d.promptsAdded.length) lines.push(`prompts added: ${list(d.promptsAdded)}`);
  if (d.promptsRemoved.length) lines.push(`prompts removed: ${list(d.promptsRemoved)}`);
  for (const p of d.promptsChanged) lines.push(`prompt "${p}" now says: «${to.prompts[p] ?? ''}» (was «${from.prompts[p] ?? ''}»)`);
  return lines.length ? lines : ['no change'];
}
