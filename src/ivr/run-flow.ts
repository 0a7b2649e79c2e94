import { createActor } from 'xstate';
import type { FlowMachine } from './compile-flow.js';
import type { NodeRuntime } from './nodes/node.js';

export interface FlowRunResult {
  readonly outcome: 'completed' | 'failed';
  readonly visited: readonly string[];
  /** How a completed flow ended: hangup, transferred, queued, returned. */
  readonly end?: string;
  readonly error?: unknown;
}

/** Runs a compiled flow on one call until it reaches a final state (from `resumeAt` when given). */
export function runFlow(machine: FlowMachine, rt: NodeRuntime, resumeAt?: string): Promise<FlowRunResult> {
  return new Promise((resolve) => {
    const actor = createActor(machine, { input: { rt, ...(resumeAt === undefined ? {} : { resumeAt }) } });
    actor.subscribe({
      complete: () => {
        const snap = actor.getSnapshot() as { value: unknown; context: { visited: string[]; failure?: unknown; end?: string } };
        const failed = snap.value === 'failed';
        resolve({
          outcome: failed ? 'failed' : 'completed',
          visited: snap.context.visited,
          ...(failed ? { error: snap.context.failure } : { end: snap.context.end ?? 'hangup' }),
        });
      },
      error: (error) => resolve({ outcome: 'failed', visited: [], error }),
    });
    actor.start();
  });
}
