/** A flow as a Mermaid flowchart, for supervisors and reviews (`cc flows diagram`). */
import type { Flow } from './flow-schema.js';

const label = (s: string): string => s.replace(/"/g, "'");

export function mermaid(flow: Flow): string {
  const def = flow.definition;
  const out = [`flowchart TD`, `  %% ${def.id} version ${flow.version}`, `  start((${label(def.numbers.join(', '))})) --> ${safe(def.start)}`];
  for (const [id, node] of Object.entries(def.nodes)) {
    out.push(`  ${safe(id)}["${label(id)}<br/><small>${node.type}</small>"]`);
    const edge = (to: string, text?: string): number => out.push(`  ${safe(id)} -->${text === undefined ? '' : `|${label(text)}|`} ${safe(to)}`);
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
        node.cases.forEach((c) => edge(c.next, Object.keys(c.when).join(' & ')));
        edge(node.otherwise, 'otherwise');
        break;
      case 'transfer':
        edge(node.onFailure, 'no answer');
        break;
      case 'play':
      case 'set':
      case 'say':
      case 'subflow':
        edge(node.next);
        break;
      default:
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

function safe(id: string): string {
  return `n_${id.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}
