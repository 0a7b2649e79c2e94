/**
 * The public module of src/calls: what other features, the stores and the composition root may use.
 * Outside src/calls, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { CallHandler } from './call-handler.js';
export type { CallRecord, CallStore } from './call-store.js';
export { Transfers } from './transfers.js';
