/**
 * Where an adopted call's caller goes on in the IVR: the checkpoint the crashed engine left in
 * the call's record, checked against the flows live now. Each reason not to resume is logged
 * under a stable code; the caller is then apologised to, as before checkpoints existed.
 */
import { type CompiledFlow, type IvrCatalog, type IvrCheckpoint, readCheckpoint, resumable } from '../ivr/index.js';
import type { Logger } from '../logger.js';
import type { CallRecord } from './call-store.js';

export function resumePoint(record: CallRecord | undefined, catalog: IvrCatalog, log: Logger): { flow: CompiledFlow; checkpoint: IvrCheckpoint } | undefined {
  const read = readCheckpoint(record?.ivr);
  if (read.problem !== undefined) log.warn({ problem: read.problem }, 'call.resume.unreadable');
  // A call registered with its flow whose first step had not begun (the engine died in between):
  // the caller has heard nothing of the flow yet, so it starts from the beginning.
  const begun = record?.ivr === undefined && record?.flowId ? catalog.flows.get(record.flowId) : undefined;
  const checkpoint = read.checkpoint ?? (begun ? { flowId: begun.flow.definition.id, node: begun.flow.definition.start, vars: {}, tags: [], journey: [] } : undefined);
  if (!checkpoint) return undefined;
  const flow = catalog.flows.get(checkpoint.flowId);
  const node = flow?.flow.definition.nodes[checkpoint.node];
  if (!flow || !node) {
    log.warn({ flowId: checkpoint.flowId, node: checkpoint.node }, 'call.resume.step_gone');
    return undefined;
  }
  if (!resumable(node.type)) {
    log.info({ node: checkpoint.node, nodeType: node.type }, 'call.resume.not_resumable');
    return undefined;
  }
  // A version published while the engine was down: the step has the same name there, go on in it.
  if (checkpoint.version !== undefined && flow.flow.number !== checkpoint.version) log.info({ from: checkpoint.version, to: flow.flow.number ?? null }, 'call.resume.newer_version');
  return { flow, checkpoint };
}
