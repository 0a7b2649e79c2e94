import { z } from 'zod';

/**
 * Every CC_* variable the engine reads, parsed once at start and passed down.
 * Defaults are for a developer's machine; production overrides the secrets.
 */
const port = z.coerce.number().int().min(1).max(65535);
const ms = z.coerce.number().int().min(1);

export const configSchema = z.object({
  CC_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  CC_HTTP_PORT: port.default(3000),
  CC_ARI_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8088'),
  CC_ARI_USER: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').default('cc-engine'),
  // Demo secret: override it anywhere but a developer's machine.
  CC_ARI_PASSWORD: z.string().min(8, 'at least 8 characters').default('demo-ari-secret'),
  CC_ARI_APP: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ - only').default('cc-engine'),
  CC_ARI_RECONNECT_MAX_DELAY_MS: ms.default(5000),
  /** Upper bound for one ARI REST command. */
  CC_ARI_COMMAND_TIMEOUT_MS: ms.default(10_000),
  CC_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  CC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CC_FLOWS_DIR: z.string().min(1).default('ivr-flows'),
  CC_PROMPT_TIMEOUT_MS: ms.default(120_000),
  CC_SHUTDOWN_GRACE_MS: ms.default(15_000),
  /** Stop when the process that started the engine goes away (npm run up's supervisor sets it). */
  CC_STOP_WITH_PARENT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Supervisor API tokens, "name:token" pairs separated by commas. The default is a DEMO token. */
  CC_API_TOKENS: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+:[^,:\s]{12,}(,[A-Za-z0-9_.-]+:[^,:\s]{12,})*$/, 'name:token pairs separated by commas, tokens of 12 characters or more')
    .default('supervisor:demo-supervisor-token'),
  /** How long an agent's or supervisor's desktop session lasts (a shift by default). */
  CC_SESSION_TTL_MS: ms.default(12 * 3600_000),
  /** How often an open desktop's session is checked again: a logged-out or expired one is closed. */
  CC_DESKTOP_SESSION_RECHECK_MS: ms.default(30_000),
  /** Asterisk's directory for the engine's prompts (sounds/cc): announcement texts are rendered there. */
  CC_SOUNDS_DIR: z.string().min(1).optional(),
  /** How transfers reach an external number: an Asterisk dial string with {number}, e.g. PJSIP/{number}@trunk. */
  CC_EXTERNAL_DIAL_STRING: z.string().includes('{number}', { message: 'must contain {number}' }).optional(),
  /** Where the carrier trunk sends outbound calls (pjsip.conf's trunk AOR); a SIPp UAS on 5080 in the tests. */
  CC_TRUNK_CONTACT: z.string().regex(/^sips?:[A-Za-z0-9.:@_-]+$/, 'a SIP URI such as sip:192.0.2.10:5060').default('sip:127.0.0.1:5080'),
  /** How a callback reaches the citizen: an Asterisk dial string with {number} (the national number). */
  CC_CALLBACK_DIAL_STRING: z.string().includes('{number}', { message: 'must contain {number}' }).default('PJSIP/{number}@trunk'),
  /** The caller id a callback presents when the booking does not say which service number was called. */
  CC_CALLBACK_CALLER_ID: z.string().regex(/^\+?\d{3,15}$/, 'a phone number such as 020202').default('020202'),
  /** Other service numbers a supervisor may present on a callback booked through the API (comma-separated); nothing else, ever. */
  CC_CALLBACK_CALLER_IDS: z.string().regex(/^(\+?\d{3,15}(,\+?\d{3,15})*)?$/, 'phone numbers such as 800292020,0288451234, comma-separated').default(''),
  /** International prefixes or numbers (E.164, comma-separated, e.g. +41,+33) callbacks and transfers may dial; empty: Italy only. */
  CC_CALLBACK_INTERNATIONAL: z.string().regex(/^(\+\d{1,15}(,\+\d{1,15})*)?$/, 'E.164 prefixes such as +41,+33').default(''),
  /** At most this many callback bookings per number per day, and this many per minute in all (abuse guard). */
  CC_CALLBACK_MAX_PER_NUMBER_DAY: z.coerce.number().int().min(1).default(3),
  CC_CALLBACK_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** How long an engine holds a callback it works on before another engine may take it over (it renews it while alive). */
  CC_CALLBACK_LOCK_MS: ms.default(30_000),
  /** The CRM adapter: `embedded` (SQLite file, standalone and demo) or `http` (an external CRM's REST API). */
  CC_CRM: z.enum(['embedded', 'http']).default('embedded'),
  CC_CRM_SQLITE_PATH: z.string().min(1).default('.data/crm.sqlite'),
  /**
   * The secret of the callers' pseudonymous keys in the reports (repeat callers without their
   * numbers; src/calls/caller-identity.ts). Demo default: set your own in production, and keep it.
   */
  CC_CALLER_KEY_SECRET: z.string().min(16, 'at least 16 characters').default('demo-caller-key-secret'),
  /** Asterisk's queue_log, written as calls happen for QueueMetrics, Asternic, wazo-stat (src/reports/queue-log.ts); empty: not written. */
  CC_QUEUE_LOG_PATH: z.string().default('.data/queue_log'),
  /** Reporting: this engine's call records and events, projected from the shared event log (src/reports/record-store.ts). */
  CC_REPORTS_SQLITE_PATH: z.string().min(1).default('.data/reports.sqlite'),
  /** Seeds the demo citizens into an empty embedded CRM (the demo and the tests; never in production). */
  CC_CRM_DEMO_SEED: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Seeds the demo people and offices into an empty directory (the demo; never in production). */
  CC_DIRECTORY_DEMO_SEED: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The municipal LDAP the directory syncs from (absent: CSV imports only). */
  CC_DIRECTORY_LDAP_URL: z.url({ protocol: /^ldaps?$/ }).optional(),
  CC_DIRECTORY_LDAP_BIND_DN: z.string().min(1).optional(),
  CC_DIRECTORY_LDAP_PASSWORD: z.string().min(1).optional(),
  CC_DIRECTORY_LDAP_BASE_DN: z.string().min(1).optional(),
  /** How often one engine (whichever takes the turn) syncs from LDAP; 0: only when asked (POST /api/directory/ldap-sync). */
  CC_DIRECTORY_LDAP_SYNC_MS: z.coerce.number().int().min(0).default(900_000),
  CC_DIRECTORY_LDAP_TIMEOUT_MS: ms.default(10_000),
  CC_CRM_HTTP_URL: z.url({ protocol: /^https?$/ }).optional(),
  CC_CRM_HTTP_TOKEN: z.string().min(1).optional(),
  /** YAML or JSON file: the external CRM's paths and field names (see README, "CRM"). */
  CC_CRM_HTTP_MAPPING: z.string().min(1).optional(),
  /** The longest a call (or an API request) waits on the CRM per operation. */
  CC_CRM_BUDGET_MS: ms.default(800),
  CC_CRM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  CC_CRM_BREAKER_RESET_MS: ms.default(30_000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the CC_* variables; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    // An empty variable means "not set", as in most shells' `VAR= cmd`.
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const unknown = Object.keys(env).filter((k) => k.startsWith('CC_') && !(k in configSchema.shape) && !STACK_ONLY_VARS.has(k) && !/^CC_AGENT_SECRET(_\d+)?$/.test(k));
  const result = configSchema.safeParse(picked);
  const problems: string[] = unknown.map((k) => `${k}: unknown variable (typo?)`);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '?');
      problems.push(`${name}=${JSON.stringify(picked[name] ?? '')}: ${issue.message}`);
    }
  }
  if (result.success && result.data.CC_CRM === 'http' && result.data.CC_CRM_HTTP_URL === undefined) problems.push('CC_CRM_HTTP_URL: required when CC_CRM=http');
  if (result.success && result.data.CC_DIRECTORY_LDAP_URL !== undefined && result.data.CC_DIRECTORY_LDAP_BASE_DN === undefined) problems.push('CC_DIRECTORY_LDAP_BASE_DN: required with CC_DIRECTORY_LDAP_URL (e.g. ou=people,dc=comune,dc=milano,dc=it)');
  if (result.success) problems.push(...demoSecretsExposed(result.data));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** The demo secrets shipped as defaults: fine on a developer's loopback, refused anywhere else. */
const DEMO_TOKEN = 'demo-supervisor-token';
const DEMO_ARI_PASSWORD = 'demo-ari-secret';
const DEMO_CALLER_KEY_SECRET = 'demo-caller-key-secret';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Production guard: when the engine's API or ARI is reachable beyond this machine, the demo API
 * token and the demo ARI password are refused (the engine stops with exit code 2).
 */
function demoSecretsExposed(c: Config): string[] {
  const exposed = [!isLoopbackHost(c.CC_HTTP_HOST) && `the API listens on ${c.CC_HTTP_HOST}`, !isLoopbackHost(new URL(c.CC_ARI_URL).hostname) && `ARI is reached at ${new URL(c.CC_ARI_URL).host}`].filter((x): x is string => x !== false);
  if (exposed.length === 0) return [];
  const where = exposed.join(' and ');
  const problems: string[] = [];
  if (c.CC_API_TOKENS.split(',').some((pair) => pair.slice(pair.indexOf(':') + 1) === DEMO_TOKEN)) problems.push(`CC_API_TOKENS: the demo token ${DEMO_TOKEN} is refused when ${where}; set tokens of your own`);
  if (c.CC_CALLER_KEY_SECRET === DEMO_CALLER_KEY_SECRET) problems.push(`CC_CALLER_KEY_SECRET: the demo secret is refused when ${where}; set one of your own (16 characters or more) and keep it: the reports match repeat callers with it`);
  if (c.CC_ARI_PASSWORD === DEMO_ARI_PASSWORD) problems.push(`CC_ARI_PASSWORD: the demo password is refused when ${where}; set one of your own (and the same in Asterisk's ari.conf)`);
  return problems;
}

/** Variables read only by the set-up and stack scripts, not by the engine. */
const STACK_ONLY_VARS = new Set(['CC_DATA_DIR', 'CC_ASTERISK_ROOT', 'CC_DEBIAN_MIRROR', 'CC_TEST_REDIS_PORT', 'CC_AGENT_PERMIT']);
