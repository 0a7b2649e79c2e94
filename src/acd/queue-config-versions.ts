/**
 * queues.yaml, versioned like flows (src/shared/settings-versions.ts): every accepted text is an
 * immutable numbered version in Redis; one is live, and all engines read it.
 */
import type { Logger } from '../logger.js';
import { SettingsVersions, type SettingsCheck, type SettingsVersionStore } from '../shared/settings-versions.js';
import { parseQueues, type AcdConfig } from './queue-config.js';

export const QUEUES_DOC = 'queues';

/** Problems a candidate configuration would cause elsewhere (e.g. flows naming a removed queue). */
export type ConfigCheck = SettingsCheck<AcdConfig>;

export class QueueConfigVersions extends SettingsVersions<AcdConfig> {
  constructor(store: SettingsVersionStore, log: Logger) {
    super(store, { doc: QUEUES_DOC, file: 'queues.yaml', parse: parseQueues }, log);
  }
}
