/**
 * A flow as an SVG image a supervisor can open: every step a box (its id and type), every exit an
 * arrow with what it means, laid out top to bottom by dagre (a maintained layered-graph layout).
 * The steps a version changed are drawn highlighted, with a legend; the image has a title and a
 * text description for screen readers.
 */
import dagre from '@dagrejs/dagre';
import { flowEdges } from './diagram.js';
import type { Flow } from './flow-schema.js';

/**
 * The part of dagre used here, typed: the package's own declarations do not resolve under
 * NodeNext (extensionless relative imports), so they are restated (dagre 3.x API).
 */
interface LayoutGraph {
  setGraph(label: { rankdir: 'TB'; nodesep: number; edgesep: number; ranksep: number; marginx: number; marginy: number }): void;
  setDefaultEdgeLabel(label: () => object): void;
  setNode(id: string, label: { width: number; height: number; lines: string[] }): void;
  setEdge(from: string, to: string, label: { label: string; width: number; height: number; labelpos: 'c' }, name: string): void;
  graph(): { width?: number; height?: number };
  nodes(): string[];
  node(id: string): { x: number; y: number; width: number; height: number; lines: string[] };
  edges(): { v: string; w: string; name?: string }[];
  edge(e: { v: string; w: string; name?: string }): { points?: { x: number; y: number }[]; label?: string; x?: number; y?: number };
}
const layoutLib = dagre as unknown as { graphlib: { Graph: new (options: { multigraph: boolean }) => LayoutGraph }; layout(g: LayoutGraph): void };

const CHAR = 7.2; // px per character at 12px system-ui (a generous estimate)
const START = '__start__';

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface DiagramOptions {
  /** Step ids to highlight (added or changed in this version). */
  readonly changed?: ReadonlySet<string>;
  /** Said in the title: "version 4 (changes against 3 highlighted)". */
  readonly caption?: string;
}

export function diagramSvg(flow: Flow, options: DiagramOptions = {}): string {
  const def = flow.definition;
  const changed = options.changed ?? new Set<string>();
  const g = new layoutLib.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, edgesep: 12, ranksep: 46, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const box = (lines: readonly string[]) => ({ width: Math.max(...lines.map((l) => l.length)) * CHAR + 24, height: 18 * lines.length + 14 });
  g.setNode(START, { ...box([def.numbers.join(', ')]), lines: [def.numbers.join(', ')] });
  for (const [id, node] of Object.entries(def.nodes)) g.setNode(id, { ...box([id, node.type]), lines: [id, node.type] });
  const edges = [{ from: START, to: def.start, label: '' }, ...flowEdges(flow)];
  edges.forEach((e, i) => g.setEdge(e.from, e.to, { label: e.label, width: e.label.length * CHAR * 0.9, height: e.label ? 14 : 0, labelpos: 'c' }, String(i)));
  layoutLib.layout(g);

  const { width = 0, height = 0 } = g.graph();
  const title = `Flusso ${def.id}${options.caption ? `, ${options.caption}` : ''}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height) + (changed.size ? 30 : 0)}" width="${Math.ceil(width)}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="t">${xml(title)}</title>`,
    `<desc id="d">${xml(`${Object.keys(def.nodes).length} passi; la chiamata entra da ${def.numbers.join(', ')} e va a ${def.start}.${changed.size ? ` Passi cambiati: ${[...changed].join(', ')}.` : ''}`)}</desc>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
  ];
  for (const e of g.edges()) {
    const label = g.edge(e);
    const points = label.points ?? [];
    out.push(`<path d="${points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}" fill="none" stroke="#444" stroke-width="1.2" marker-end="url(#arrow)"/>`);
    if (label.label && label.x !== undefined && label.y !== undefined) {
      out.push(`<text x="${label.x.toFixed(1)}" y="${(label.y + 4).toFixed(1)}" text-anchor="middle" fill="#0b3d6e" paint-order="stroke" stroke="#fff" stroke-width="3">${xml(label.label)}</text>`);
    }
  }
  for (const id of g.nodes()) {
    const n = g.node(id);
    const [x, y] = [n.x - n.width / 2, n.y - n.height / 2];
    const highlighted = changed.has(id);
    const shape = id === START ? `rx="${n.height / 2}"` : 'rx="5"';
    out.push(`<g${highlighted ? ' class="changed"' : ''}><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${n.width.toFixed(1)}" height="${n.height.toFixed(1)}" ${shape} fill="${highlighted ? '#fff3cd' : '#fff'}" stroke="${highlighted ? '#8a4b00' : '#0b5394'}" stroke-width="${highlighted ? 3 : 1.5}"/>`);
    n.lines.forEach((line, i) => out.push(`<text x="${n.x.toFixed(1)}" y="${(y + 20 + i * 18).toFixed(1)}" text-anchor="middle" fill="${i === 0 ? '#1b1b1b' : '#555'}"${i === 0 ? ' font-weight="600"' : ''}>${xml(line)}</text>`));
    out.push('</g>');
  }
  if (changed.size) {
    const y = Math.ceil(height) + 8;
    out.push(`<rect x="16" y="${y}" width="18" height="14" fill="#fff3cd" stroke="#8a4b00" stroke-width="3"/><text x="40" y="${y + 12}" fill="#1b1b1b">passi aggiunti o cambiati in questa versione</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
