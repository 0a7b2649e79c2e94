import { assign, fromPromise, setup } from 'xstate';
import type { Flow } from './flow-schema.js';
import { NODE_TYPES } from './nodes/index.js';
import type { NodeResult, NodeRuntime } from './nodes/node.js';

interface FlowContext {
  readonly rt: NodeRuntime;
  readonly visited: string[];
  readonly failure?: unknown;
  /** How the flow ended: hangup, transferred, queued, or returned (a sub-flow). */
  readonly end?: string;
  /** The step to begin at instead of the start (a call adopted after a crash). */
  readonly resumeAt?: string;
}

const stateName = (nodeId: string): string => `node:${nodeId}`;

/**
 * Compiles a flow to an XState v5 machine: one state per node, each invoking its node type's
 * `run` with the call's runtime, with one transition per node it can go to. The machine is built
 * once per flow version; the per-call runtime arrives as machine input.
 * Final states: `done` (the flow ended) and `failed` (an error, including the caller hanging up).
 */
export function compileFlow(flow: Flow) {
  const def = flow.definition;
  const machineSetup = setup({
    // XState's typing idiom: the assertion declares the machine's types (not a runtime value).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    types: {} as { context: FlowContext; input: { rt: NodeRuntime; resumeAt?: string } },
    actors: {
      runNode: fromPromise<NodeResult, { nodeId: string; rt: NodeRuntime }>(async ({ input }) => {
        const node = def.nodes[input.nodeId];
        const type = node ? NODE_TYPES[node.type] : undefined;
        if (!node || !type) throw new Error(`node ${input.nodeId} has no implementation`);
        // Written before the step runs: an engine adopting the call after a crash begins here.
        input.rt.checkpoint?.(input.nodeId);
        const started = input.rt.now().getTime();
        const result = await type.run(node, input.rt);
        // The journey: one event per node left, for reporting and the agent's screen-pop.
        await input.rt.record('ivr.node', {
          node: input.nodeId,
          nodeType: node.type,
          ...('next' in result ? { next: result.next } : { end: result.end }),
          ...result.detail,
          durationMs: input.rt.now().getTime() - started,
        });
        return result;
      }),
    },
  });

  // Node states are generated, so their exact types cannot be spelled statically.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const states: Record<string, any> = {};
  for (const [nodeId, node] of Object.entries(def.nodes)) {
    const type = NODE_TYPES[node.type];
    if (!type) throw new Error(`unknown node type ${node.type}`);
    const targets = type.nextNodes(node).map((next) => ({
      guard: ({ event }: { event: { output: NodeResult } }) => 'next' in event.output && event.output.next === next,
      target: stateName(next),
    }));
    states[stateName(nodeId)] = {
      entry: assign({ visited: ({ context }: { context: FlowContext }) => [...context.visited, nodeId] }),
      invoke: {
        src: 'runNode',
        input: ({ context }: { context: FlowContext }) => ({ nodeId, rt: context.rt }),
        onDone: [...targets, { target: 'done', actions: assign({ end: ({ event }: { event: { output: NodeResult } }) => ('end' in event.output ? event.output.end : 'hangup') }) }],
        onError: { target: 'failed', actions: assign({ failure: ({ event }: { event: { error: unknown } }) => event.error }) },
      },
    };
  }

  return machineSetup.createMachine({
    id: `${def.id}@${flow.version}`,
    context: ({ input }: { input: { rt: NodeRuntime; resumeAt?: string } }) => ({ rt: input.rt, visited: [], ...(input.resumeAt === undefined ? {} : { resumeAt: input.resumeAt }) }),
    initial: 'begin',
    states: {
      // The start, or the step a call adopted after a crash was in (checked to exist before).
      begin: {
        always: [
          { guard: ({ context }: { context: FlowContext }) => context.resumeAt === undefined, target: stateName(def.start) },
          ...Object.keys(def.nodes).map((nodeId) => ({ guard: ({ context }: { context: FlowContext }) => context.resumeAt === nodeId, target: stateName(nodeId) })),
          { target: stateName(def.start) },
        ],
      },
      ...states,
      done: { type: 'final' },
      failed: { type: 'final' },
    },
  });
}

export type FlowMachine = ReturnType<typeof compileFlow>;
