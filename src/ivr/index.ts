/**
 * The public module of src/ivr: what other features, the stores and the composition root may use.
 * Outside src/ivr, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { type IvrDeps, runIvr } from './call-runtime.js';
export { type CompiledFlow, type IvrCatalog, loadCatalog, loadSettings, QUEUES_FILE, SCHEDULES_FILE, schedulesFileSchema } from './catalog.js';
export { catalogFor, checkPaths } from './check.js';
export { checkpointText, type IvrCheckpoint, readCheckpoint, resumable } from './checkpoint.js';
export { mermaid } from './diagram.js';
export { diagramSvg } from './diagram-svg.js';
export { normaliseDialledNumber } from './dialled-number.js';
export { isHigh, isLow, SURVEY_SCALES, type SurveyScale } from './nodes/survey-scales.js';
export type {
  CallbackRefusal,
  CallerRecognition,
  IvrBooked,
  IvrBooking,
  IvrCallbackService,
  IvrCrm,
  IvrDirectory,
  JourneyStep,
  QueueRequest,
  QueueResult,
  TicketRequest,
  ReviewRequest,
  ReviewTicket,
  TransferTarget,
} from './nodes/node.js';
export { simulate } from './simulator.js';
export type { FlowVersion, FlowVersionStore } from './versions/flow-version.js';
export { type CatalogSource, LiveCatalog } from './versions/live-catalog.js';
export { registerFlowRoutes } from './versions/routes.js';
export { registerScheduleRoutes } from './versions/schedule-routes.js';
export { ScheduleVersions } from './versions/schedule-versions.js';
