/** Reporting: what the other features may use of it. */
export { callRecord, type CallRecord, type LoggedEvent, type PathStep, type QueueVisit } from './call-record.js';
export { agentKpis, topicKpis, type AgentKpis, type TopicKpis } from './agent-topic-kpis.js';
export { hourlyProfile, ivrKpis, type IvrKpis, type IvrStepKpis } from './ivr-kpis.js';
export { CallRecordStore, type StoredEvent } from './record-store.js';
export { ReportsProjector, type EventSource, type ProjectorOptions } from './projector.js';
export { PeriodFigures } from './period-figures.js';
export { registerReportRoutes, type ReportRoutesDeps } from './routes.js';
export { queueKpis, type GroupBy, type KpiOptions, type QueueKpis } from './queue-kpis.js';
export { arrivals, handling, type QueueHandling } from './staffing-inputs.js';
