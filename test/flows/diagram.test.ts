import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/ivr/catalog.js';
import { flowEdges, mermaid } from '../../src/ivr/diagram.js';
import { diagramSvg } from '../../src/ivr/diagram-svg.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { WELCOME_FLOW } from '../support/flows.js';
import { NODE_TYPES } from '../../src/ivr/nodes/index.js';

const catalog = loadCatalog('ivr-flows');

/** The diagram's arrows, as from → to pairs of node ids (the Mermaid ids are n_<id>). */
function arrows(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^\s+(\S+) -->(?:\|[^|]*\|)? (\S+)$/gm)) out.add(`${m[1]} ${m[2]}`);
  return out;
}
const id = (nodeId: string) => `n_${nodeId.replace(/[^a-zA-Z0-9_]/g, '_')}`;

describe('flows diagram', () => {
  it.each([...catalog.flows.keys()])('%s: every exit of every step is an arrow, so every step hangs from the start', (flowId) => {
    const { flow } = catalog.flows.get(flowId) ?? {};
    if (!flow) throw new Error(flowId);
    const drawn = arrows(mermaid(flow));
    for (const [nodeId, node] of Object.entries(flow.definition.nodes)) {
      for (const next of NODE_TYPES[node.type]?.nextNodes(node) ?? []) expect(drawn, `${nodeId} → ${next}`).toContain(`${id(nodeId)} ${id(next)}`);
    }
    // Reachable from the start through the arrows alone.
    expect(mermaid(flow)).toContain(`start((${flow.definition.numbers.join(', ')})) --> ${id(flow.definition.start)}`);
    const seen = new Set<string>([id(flow.definition.start)]);
    const stack = [id(flow.definition.start)];
    const from = (n: string) => [...drawn].filter((a) => a.startsWith(`${n} `)).map((a) => a.split(' ')[1] as string);
    while (stack.length > 0) {
      for (const to of from(stack.pop() as string)) {
        if (seen.has(to)) continue;
        seen.add(to);
        stack.push(to);
      }
    }
    expect(Object.keys(flow.definition.nodes).filter((n) => !seen.has(id(n)))).toEqual([]);
  });

  it('labels exits by what they mean: branch conditions in words, the queue\'s callback key, a known caller', () => {
    const { flow } = catalog.flows.get('milano-020202') ?? {};
    if (!flow) throw new Error('milano-020202');
    const text = mermaid(flow);
    expect(text).toContain('n_check_hours -->|contact-center-milano is holiday| n_holiday_offer');
    expect(text).toMatch(/n_queue_tributi -->\|key 2: callback\| n_callback_tributi/);
    expect(text).toContain('n_lookup -->|known caller| n_welcome_back');
  });
});

describe('flows diagram as an SVG image', () => {
  it('draws every step and every exit, highlights the changed steps, and describes itself', () => {
    const { flow } = catalog.flows.get('numero-verde-regione') ?? {};
    if (!flow) throw new Error('numero-verde-regione');
    const svg = diagramSvg(flow, { changed: new Set(['check-hours', 'closed']), caption: 'versione 2' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" width="\d+" role="img" aria-labelledby="t d"/);
    expect(svg).toContain('<title id="t">Flusso numero-verde-regione, versione 2</title>');
    expect(svg).toContain('Passi cambiati: check-hours, closed.');
    for (const id of Object.keys(flow.definition.nodes)) expect(svg).toContain(`>${id}</text>`);
    expect(svg.match(/marker-end="url\(#arrow\)"/g)).toHaveLength(flowEdges(flow).length + 1); // and the arrow from the number
    expect(svg.match(/class="changed"/g)).toHaveLength(2);
    expect(svg.match(/<g/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });

  it('escapes what a supervisor wrote (a condition on a variable) as text, not markup', () => {
    const text = `${WELCOME_FLOW.replace('start: welcome', 'start: gate').replace('nodes:\n', 'nodes:\n  gate:\n    type: branch\n    cases: [{ when: { variable: { name: esito, in: ["a<b&c"] } }, next: welcome }]\n    otherwise: welcome\n')}`;
    const svg = diagramSvg(parseFlow('x.yaml', text));
    expect(svg).toContain('esito in a&lt;b&amp;c');
    expect(svg).not.toContain('a<b');
  });
});
