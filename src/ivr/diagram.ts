/** A flow as a Mermaid flowchart, for supervisors and reviews (`cc flows diagram`). */
import type { Flow } from './flow-schema.js';
import type { BranchCondition } from './nodes/branch.js';
import { NODE_TYPES } from './nodes/index.js';

const label = (s: string): string => s.replace(/"/g, "'");

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

export function mermaid(flow: Flow): string {
  const def = flow.definition;
  const out = [`flowchart TD`, `  %% ${def.id} version ${flow.version}`, `  start((${label(def.numbers.join(', '))})) --> ${safe(def.start)}`];
  for (const [id, node] of Object.entries(def.nodes)) {
    out.push(`  ${safe(id)}["${label(id)}<br/><small>${node.type}</small>"]`);
    const drawn = new Set<string>();
    const edge = (to: string, text?: string): void => {
      drawn.add(to);
      out.push(`  ${safe(id)} -->${text === undefined || text === '' ? '' : `|${label(text)}|`} ${safe(to)}`);
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
