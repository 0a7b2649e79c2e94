/** Reporting: what the other features may use of it. */
export { callRecord, type CallRecord, type LoggedEvent, type QueueVisit } from './call-record.js';
export { CallRecordStore, type StoredEvent } from './record-store.js';
export { queueKpis, type GroupBy, type KpiOptions, type QueueKpis } from './queue-kpis.js';
