/**
 * The public module of src/acd: what other features, the stores and the composition root may use.
 * Outside src/acd, import from here only (dependency-cruiser checks it in `npm test`).
 */
export {
  Acd,
  ACD_READS,
  type AgentRequest,
  type AgentTransfer,
  type CallbackAttemptOutcome,
  type CallbackRequest,
  CallDetachedError,
  type QueueOutlook,
} from './acd.js';
export { queueAnnouncement, type WaitOutlook } from './announcement.js';
export {
  type AcdStore,
  type Agent,
  type AgentAction,
  type AgentProfile,
  type CallEnded,
  agentViewSchema,
  type Consult,
  type LeaveReason,
  type NewQueuedCall,
  NO_COUNTERS,
  type OfferOutcome,
  type QueueCounters,
  type QueuedCall,
  type QueuedCallStatus,
  type QueueNow,
  stateSchema,
} from './acd-store.js';
export { type AcdConfig, NO_ACD, parseQueues, type QueueDefinition, queuesFileSchema } from './queue-config.js';
export { QueueConfigVersions } from './queue-config-versions.js';
export type { AgentStatus, RoutingAgent, RoutingQueue } from './routing.js';
export { nextRelaxationAt, RoutingState } from './routing.js';
export { registerAcdRoutes } from './routes.js';
