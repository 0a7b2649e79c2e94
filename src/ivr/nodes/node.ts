import type { z } from 'zod';
import type { CallChannel } from '../../telephony/telephony.js';
import type { Logger } from '../../logger.js';

/** What a node needs at run time: the call, its prompts, the event log. Never ARI itself. */
export interface NodeRuntime {
  readonly call: CallChannel;
  readonly callId: string;
  readonly log: Logger;
  readonly promptTimeoutMs: number;
  /** Media URI of one of the flow's prompts. */
  promptMedia(promptId: string): string;
  /** Appends an event about this call to the append-only log. */
  record(type: string, data: Record<string, unknown>): Promise<void>;
}

/** `next` names the node to go to; `end` finishes the flow. */
export type NodeResult = { readonly next: string } | { readonly end: 'hangup' };

/** One node type: its schema, the nodes and prompts it refers to, and what it does. */
export interface NodeType<S extends z.ZodType<{ type: string }>> {
  readonly type: string;
  readonly schema: S;
  nextNodes(node: z.infer<S>): string[];
  promptRefs(node: z.infer<S>): string[];
  /** True if the node ends the flow (a final state). */
  readonly final: boolean;
  run(node: z.infer<S>, rt: NodeRuntime): Promise<NodeResult>;
}
