/** The in-memory AcdStore (what the ACD's unit tests run on) passes the same contract as the Redis one. */
import { MemoryAcdState, MemoryAcdStore } from '../support/memory-acd-store.js';
import { acdStoreContract } from './acd-store.contract.js';

acdStoreContract('in memory', () => {
  const state = new MemoryAcdState();
  return {
    a: new MemoryAcdStore(state),
    b: new MemoryAcdStore(state),
    mark: () => Promise.resolve(String(state.events.events.length)),
    eventsSince: (mark) => Promise.resolve(state.events.events.slice(Number(mark)).map((e) => ({ type: e.type, ...(e.callId ? { callId: e.callId } : {}), data: e.data ?? {} }))),
    used: () => undefined,
  };
});
