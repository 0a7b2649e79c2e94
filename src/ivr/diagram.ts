/** A flow as a graph: its arrows (every exit of every step, labelled), and as a Mermaid flowchart (`cc flows diagram`). */
import type { Flow } from './flow-schema.js';
import type { BranchCondition } from './nodes/branch.js';
import { NODE_TYPES } from './nodes/index.js';

/** How an exit is labelled when its field says more than "next". */
const EXIT_LABELS: Record<string, string> = {
  onFailure: 'failed',
  onExit: 'left the queue',
  'callback.next': 'key 2: callback',
  kept: 'keeps the callback',
  known: 'known caller',
  external: 'external number',
  operator: 'operator',
};

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  /** '' when the exit is the plain next step. */
  readonly label: string;
}

/** Every exit of every step, labelled by what it means (a menu's digit, a branch's condition…). */
export function flowEdges(flow: Flow): FlowEdge[] {
  const edges: FlowEdge[] = [];
  for (const [id, node] of Object.entries(flow.definition.nodes)) {
    const drawn = new Set<string>();
    const edge = (to: string, label = ''): void => {
      drawn.add(to);
      edges.push({ from: id, to, label });
    };
    // The steps whose exits are choices get one arrow per choice, labelled with it.
    switch (node.type) {
      case 'menu':
        for (const [digit, to] of Object.entries(node.choices)) edge(to, digit);
        edge(node.onFailure, 'no valid key');
        break;
      case 'collect':
        edge(node.next, node.variable);
        edge(node.onFailure, 'failed');
        break;
      case 'branch':
        node.cases.forEach((c) => edge(c.next, conditionLabel(c.when)));
        edge(node.otherwise, 'otherwise');
        break;
      case 'transfer':
        edge(node.onFailure, 'no answer');
        break;
      default:
        break;
    }
    // Every other exit, whatever the step's type: labelled by the field that names it.
    for (const to of NODE_TYPES[node.type]?.nextNodes(node) ?? []) {
      if (drawn.has(to)) continue;
      const field = fieldNaming(node, to);
      edge(to, field === undefined || field === 'next' ? '' : (EXIT_LABELS[field] ?? field));
    }
  }
  return edges;
}

const label = (s: string): string => s.replace(/"/g, "'");

export function mermaid(flow: Flow): string {
  const def = flow.definition;
  const out = [`flowchart TD`, `  %% ${def.id} version ${flow.version}`, `  start((${label(def.numbers.join(', '))})) --> ${safe(def.start)}`];
  const edges = flowEdges(flow);
  for (const [id, node] of Object.entries(def.nodes)) {
    out.push(`  ${safe(id)}["${label(id)}<br/><small>${node.type}</small>"]`);
    for (const e of edges.filter((x) => x.from === id)) out.push(`  ${safe(id)} -->${e.label === '' ? '' : `|${label(e.label)}|`} ${safe(e.to)}`);
  }
  return `${out.join('\n')}\n`;
}

/** The field of a step (a.b for nested ones) whose value is `target`. */
function fieldNaming(node: object, target: string, prefix = ''): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (value === target) return `${prefix}${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const inner = fieldNaming(value as object, target, `${prefix}${key}.`);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** A branch case in words: "contact-center-milano is holiday & emergency". */
function conditionLabel(when: BranchCondition): string {
  const parts: string[] = [];
  if (when.schedule) parts.push(`${when.schedule.id} is ${[when.schedule.is].flat().join(' or ')}`);
  if (when.emergency !== undefined) parts.push(when.emergency ? 'emergency' : 'no emergency');
  if (when.date) parts.push(`date ${when.date.from ?? '…'} to ${when.date.to ?? '…'}`);
  if (when.caller) parts.push(when.caller.anonymous ? 'anonymous caller' : 'caller listed');
  if (when.variable) parts.push(`${when.variable.name} in ${when.variable.in.join(', ')}`);
  return parts.join(' & ');
}

function safe(id: string): string {
  return `n_${id.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}
