import { z } from 'zod';
import { keyed } from '../shared/keyed.js';
import { NODE_TYPES, nodeSchema } from './nodes/index.js';
import { flowTestSchema } from './flow-test-schema.js';
import { SYSTEM_PROMPTS } from '../shared/system-prompts.js';

const ID = /^[a-z][a-z0-9_-]*$/;
const ID_MESSAGE = 'an id: lower-case letters, digits, _ or -, starting with a letter';
const id = z.string().regex(ID, ID_MESSAGE);

/** A flow file (ivr-flows/*.yaml). Cross-references are checked after the shape. */
export const flowSchema = z
  .object({
    id,
    description: z.string().optional(),
    /** Dialled numbers this flow answers, in national form (020202, 800123456). */
    numbers: z.array(z.string().regex(/^\d{3,15}$/, 'digits only, national form (e.g. 020202)')).min(1),
    language: z.literal('it'),
    /** Prompt id → Italian text, rendered to audio at set-up. */
    prompts: keyed(ID, ID_MESSAGE, z.string().min(1).max(2000)),
    start: id,
    nodes: keyed(ID, ID_MESSAGE, nodeSchema),
    /** Test cases: run by `cc flows check` and before every publish. */
    tests: z.array(flowTestSchema).max(200).default([]),
  })
  .strict()
  .superRefine((flow, ctx) => {
    if (!(flow.start in flow.nodes)) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `start node "${flow.start}" is not defined in nodes` });
    }
    // A `next` that names no node is the root problem: nodes it cuts off, or loops it seems to
    // make, are its consequences and are not reported on top of it.
    const dangling = Object.values(flow.nodes).some((n) => (NODE_TYPES[n.type]?.nextNodes(n) ?? []).some((next) => !(next in flow.nodes)));
    // Every node must be reachable from start: an unreachable node is usually a typo in a `next`.
    const reachable = new Set<string>();
    const stack = [flow.start];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      const node = flow.nodes[id];
      if (reachable.has(id) || !node) continue;
      reachable.add(id);
      stack.push(...(NODE_TYPES[node.type]?.nextNodes(node) ?? []));
    }
    for (const nodeId of Object.keys(flow.nodes)) {
      if (!dangling && !reachable.has(nodeId) && flow.start in flow.nodes) {
        ctx.addIssue({ code: 'custom', path: ['nodes', nodeId], message: `node "${nodeId}" can never be reached from the start node "${flow.start}"` });
      }
    }
    // A node from which no path leads to an end (hangup, queue, transfer, return) loops forever.
    // Walk the edges backwards from every end: O(nodes + edges).
    const ends = new Set(['hangup', 'queue', 'transfer', 'return']);
    const cameFrom = new Map<string, string[]>();
    for (const [nodeId, node] of Object.entries(flow.nodes)) {
      for (const next of NODE_TYPES[node.type]?.nextNodes(node) ?? []) {
        const list = cameFrom.get(next);
        if (list) list.push(nodeId);
        else cameFrom.set(next, [nodeId]);
      }
    }
    const canEnd = new Set(Object.entries(flow.nodes).filter(([, n]) => ends.has(n.type)).map(([id]) => id));
    const queue = [...canEnd];
    while (queue.length > 0) {
      for (const prev of cameFrom.get(queue.pop() as string) ?? []) {
        if (!canEnd.has(prev)) {
          canEnd.add(prev);
          queue.push(prev);
        }
      }
    }
    for (const nodeId of Object.keys(flow.nodes)) {
      // Only once every reference resolves: a dangling `next` is reported as such, not as a loop.
      if (!dangling && !canEnd.has(nodeId) && reachable.has(nodeId)) {
        ctx.addIssue({ code: 'custom', path: ['nodes', nodeId], message: `node "${nodeId}" is in a loop with no way out: no path from it reaches a hangup, queue, transfer or return` });
      }
    }
    for (const [nodeId, node] of Object.entries(flow.nodes)) {
      const type = NODE_TYPES[node.type];
      if (!type) continue;
      for (const next of type.nextNodes(node)) {
        if (!(next in flow.nodes)) {
          ctx.addIssue({ code: 'custom', path: ['nodes', nodeId], message: `goes to node "${next}", which is not defined` });
        }
      }
      for (const p of type.promptRefs(node)) {
        if (!(p in flow.prompts)) {
          ctx.addIssue({ code: 'custom', path: ['nodes', nodeId], message: `uses prompt "${p}", which is not defined in prompts` });
        }
      }
    }
    // A test case can only expect prompts that exist (the flow's, or the engine's own).
    flow.tests.forEach((t, i) => {
      for (const list of ['hears', 'notHears'] as const) {
        (t.expect[list] ?? []).forEach((p, j) => {
          if (!(p in flow.prompts) && !(p in SYSTEM_PROMPTS) && p !== 'tts') ctx.addIssue({ code: 'custom', path: ['tests', i, 'expect', list, j], message: `"${p}" is not a prompt of this flow (nor an engine prompt such as operatorsBusy)` });
        });
      }
    });
  });

export type FlowDefinition = z.infer<typeof flowSchema>;

/** A loaded flow: its definition, where it came from and its version (a hash of the file). */
export interface Flow {
  readonly definition: FlowDefinition;
  readonly file: string;
  /** Content hash of the text. */
  readonly version: string;
  /** The published version number, when it came from the version store. */
  readonly number?: number;
}
