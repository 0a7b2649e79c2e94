import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDir = process.env.CC_DATA_DIR ?? resolve(projectDir, '.data');

/** Where the stack keeps its files (all git-ignored under .data unless overridden). */
export const paths = {
  projectDir,
  dataDir,
  asteriskRoot: process.env.CC_ASTERISK_ROOT ?? resolve(dataDir, 'asterisk-root'),
  asteriskConfigDir: resolve(projectDir, 'asterisk-config'),
  flowsDir: resolve(projectDir, process.env.CC_FLOWS_DIR ?? 'ivr-flows'),
  promptsDir: resolve(dataDir, 'prompts'),
  logsDir: resolve(dataDir, 'logs'),
};
