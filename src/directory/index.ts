/**
 * The public module of src/directory: what other features, the stores and the composition root may use.
 * Outside src/directory, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { parseDirectoryCsv } from './csv.js';
export { DEMO_DIRECTORY_CSV } from './demo-directory.js';
export { Directory, type DirectoryChangeSummary, type DirectoryStore } from './directory.js';
export { DirectoryIndex } from './directory-index.js';
export {
  DIRECTORY_SOURCES,
  type DirectoryEntry,
  directoryEntrySchema,
  type DirectorySource,
  displayName,
  spokenLabel,
} from './entry.js';
export { readLdapDirectory } from './ldap-source.js';
export { registerDirectoryRoutes } from './routes.js';
