/**
 * The public module of src/callbacks: what other features, the stores and the composition root may use.
 * Outside src/callbacks, import from here only (dependency-cruiser checks it in `npm test`).
 */
export type {
  BookingLimits,
  Callback,
  CallbackFinal,
  CallbackKind,
  CallbackStatus,
  CallbackStore,
  NewCallback,
} from './callback-store.js';
export { Callbacks } from './callbacks.js';
export { mayDialCallback } from './dialling-rules.js';
export { ivrCallbacks } from './ivr-callbacks.js';
export { checkNumber, DEFAULT_NUMBER_POLICY, dialDigits, type NumberPolicy } from './number-policy.js';
export { callbackHours, callbackWhen, queueFreeSlots, queueSlotRules } from './queue-slots.js';
export { registerCallbackRoutes } from './routes.js';
export { dayInItalian, slotInItalian, timeInItalian } from './slots.js';
export { staffingPlanSchema } from './staffing.js';
