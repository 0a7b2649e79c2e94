import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { Crm } from './crm.js';
import { EmbeddedCrm } from './embedded-crm.js';
import { HttpCrm } from './http-crm.js';
import { CrmMapping, mappingFileSchema } from './http-crm-mapping.js';

/** The CRM implementation CC_CRM names; a bad mapping file stops the start with its problems. */
export function createCrm(config: Config, now: () => Date): Crm {
  if (config.CC_CRM === 'embedded') {
    try {
      return new EmbeddedCrm({ path: config.CC_CRM_SQLITE_PATH, seedDemo: config.CC_CRM_DEMO_SEED, now });
    } catch (error) {
      throw new ConfigError([`CC_CRM_SQLITE_PATH=${config.CC_CRM_SQLITE_PATH}: the embedded CRM cannot open it: ${(error as Error).message}`]);
    }
  }
  return new HttpCrm({
    baseUrl: config.CC_CRM_HTTP_URL ?? '',
    ...(config.CC_CRM_HTTP_TOKEN === undefined ? {} : { token: config.CC_CRM_HTTP_TOKEN }),
    mapping: config.CC_CRM_HTTP_MAPPING === undefined ? new CrmMapping() : loadMapping(config.CC_CRM_HTTP_MAPPING),
    budgetMs: config.CC_CRM_BUDGET_MS,
    breakerFailures: config.CC_CRM_BREAKER_FAILURES,
    breakerResetMs: config.CC_CRM_BREAKER_RESET_MS,
  });
}

export function loadMapping(file: string): CrmMapping {
  let raw: unknown;
  try {
    raw = load(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`CC_CRM_HTTP_MAPPING=${file}: ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = mappingFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `CC_CRM_HTTP_MAPPING=${file}: ${i.path.join('.') || '(file)'}: ${i.message}`));
  return new CrmMapping(parsed.data);
}
