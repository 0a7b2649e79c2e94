/**
 * The public module of src/announcements: what other features, the stores and the composition root may use.
 * Outside src/announcements, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { activeFor, type Announcement, ANNOUNCEMENT_HISTORY, type AnnouncementChange, type AnnouncementStore } from './announcement.js';
export { registerAnnouncementRoutes } from './routes.js';
