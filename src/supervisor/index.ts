/**
 * The public module of src/supervisor: what other features, the stores and the composition root may use.
 * Outside src/supervisor, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { LiveFeed } from './live-feed.js';
export { registerLiveRoutes } from './routes.js';
