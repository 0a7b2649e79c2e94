import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadMapping } from '../../src/crm/create-crm.js';

describe('loadConfig', () => {
  it('gives the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.CC_HTTP_HOST).toBe('127.0.0.1');
    expect(c.CC_HTTP_PORT).toBe(3000);
    expect(c.CC_ARI_URL).toBe('http://127.0.0.1:8088');
    expect(c.CC_REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ CC_HTTP_PORT: '' }).CC_HTTP_PORT).toBe(3000);
  });

  it('lists every bad variable in one error, each with its value and what is wrong', () => {
    let error: unknown;
    try {
      loadConfig({ CC_HTTP_PORT: '99999', CC_ARI_URL: 'ftp://x', CC_LOG_LEVEL: 'loud', CC_ARI_PASWORD: 'typo' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/CC_HTTP_PORT="99999"/);
    expect(problems.join('\n')).toMatch(/CC_ARI_URL="ftp:\/\/x"/);
    expect(problems.join('\n')).toMatch(/CC_LOG_LEVEL="loud"/);
    expect(problems.join('\n')).toMatch(/CC_ARI_PASWORD: unknown variable/);
  });

  it('the CRM: embedded by default; http needs its URL; a bad mapping file names the file, the field and why', () => {
    expect(loadConfig({})).toMatchObject({ CC_CRM: 'embedded', CC_CRM_BUDGET_MS: 800, CC_CRM_DEMO_SEED: false });
    expect(() => loadConfig({ CC_CRM: 'http' })).toThrow(/CC_CRM_HTTP_URL: required when CC_CRM=http/);
    expect(() => loadConfig({ CC_CRM: 'sqlite' })).toThrow(/CC_CRM="sqlite"/);
    expect(() => loadMapping('test/fixtures/crm-http-mapping.yaml')).not.toThrow();
    expect(() => loadMapping('ivr-flows/queues.yaml')).toThrow(/CC_CRM_HTTP_MAPPING=ivr-flows\/queues.yaml: \(file\): Unrecognized keys?: "skills"/);
    expect(() => loadMapping('no-such-file.yaml')).toThrow(/CC_CRM_HTTP_MAPPING=no-such-file.yaml: ENOENT/);
  });

  it('accepts the stack-only and agent-secret variables without complaint', () => {
    expect(() => loadConfig({ CC_DATA_DIR: '/tmp/x', CC_AGENT_SECRET: 's', CC_AGENT_SECRET_1001: 's' })).not.toThrow();
  });
});

describe('the production guard', () => {
  it('refuses the demo API token, ARI password and caller-key secret when the API or ARI is reachable beyond this machine, naming each', () => {
    expect(() => loadConfig({ CC_HTTP_HOST: '0.0.0.0' })).toThrow(/CC_API_TOKENS: the demo token demo-supervisor-token is refused when the API listens on 0\.0\.0\.0[\s\S]*CC_ARI_PASSWORD: the demo password is refused/);
    expect(() => loadConfig({ CC_ARI_URL: 'http://10.1.2.3:8088', CC_API_TOKENS: 'ops:a-long-secret-token' })).toThrow(/CC_ARI_PASSWORD: the demo password is refused when ARI is reached at 10\.1\.2\.3:8088/);
    expect(() => loadConfig({ CC_HTTP_HOST: '0.0.0.0', CC_API_TOKENS: 'ops:a-long-secret-token', CC_ARI_PASSWORD: 'another-secret' })).toThrow(/CC_CALLER_KEY_SECRET: the demo secret is refused when the API listens on 0\.0\.0\.0/);
    expect(() => loadConfig({ CC_CALLER_KEY_SECRET: 'short' })).toThrow(/CC_CALLER_KEY_SECRET="short": at least 16 characters/);
    expect(loadConfig({ CC_HTTP_HOST: '0.0.0.0', CC_API_TOKENS: 'ops:a-long-secret-token', CC_ARI_PASSWORD: 'another-secret', CC_CALLER_KEY_SECRET: 'our-own-caller-secret' }).CC_HTTP_HOST).toBe('0.0.0.0');
    expect(loadConfig({ CC_HTTP_HOST: '127.0.0.1' }).CC_API_TOKENS).toContain('demo-supervisor-token');
  });
});
