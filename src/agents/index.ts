/**
 * The public module of src/agents: what other features, the stores and the composition root may use.
 * Outside src/agents, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { DESKTOP_READS, DesktopHub } from './desktop-hub.js';
export { registerPages } from './pages.js';
export { registerSessionRoutes } from './routes.js';
export type { ScreenPop, ScreenPopStore } from './screen-pop.js';
export {
  type AttemptLimits,
  type AttemptVerdict,
  type Principal,
  type SessionRecord,
  Sessions,
  type SessionStore,
} from './sessions.js';
