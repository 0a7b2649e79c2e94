/**
 * The agents' ACL on the real Asterisk: with CC_AGENT_PERMIT=127.0.0.1, a phone registering as
 * 1001 from 127.0.0.2 (another source on this machine) is refused even with the right password
 * (Asterisk answers an ACL failure with a challenge, telling nothing), and logged for fail2ban;
 * from 127.0.0.1 it registers as before. The stack's own
 * configuration (no ACL) is put back afterwards, even when a check fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { asteriskCli, renderAsteriskConfig } from '../../scripts/stack/asterisk.js';
import { paths } from '../../scripts/stack/paths.js';
import { placeCall, registerAgentPhone } from '../support/sipp.js';
import { testEnv } from '../support/test-env.js';

const PJSIP = join(paths.asteriskRoot, 'etc/asterisk/pjsip.conf');

async function applyPjsip(env: Record<string, string | undefined>): Promise<void> {
  writeFileSync(PJSIP, renderAsteriskConfig(readFileSync(join(paths.asteriskConfigDir, 'pjsip.conf'), 'utf8'), loadConfig(testEnv()), env));
  await asteriskCli('module reload res_pjsip.so');
}

describe("agents' phones and CC_AGENT_PERMIT (real Asterisk)", () => {
  beforeAll(async () => {
    await applyPjsip({ ...testEnv(), CC_AGENT_PERMIT: '127.0.0.1' });
  });

  afterAll(async () => {
    await applyPjsip(testEnv());
  });

  it('refuses a registration with the right password from an address it does not permit, and logs it for fail2ban', async () => {
    const call = placeCall('uac-register-agent-right-password-expect-refused.xml', '1001', '1001', ['-i', '127.0.0.2', '-au', '1001', '-ap', 'demo1001']);
    const r = await call.done;
    expect(r.exitCode, r.output).toBe(0);
    const security = readFileSync(join(paths.asteriskRoot, 'var/log/asterisk/security.log'), 'utf8');
    expect(security).toMatch(/SecurityEvent="FailedACL".*AccountID="1001".*RemoteAddress="IPV4\/UDP\/127\.0\.0\.2\//);
  });

  it('lets the same phone register from a permitted address', async () => {
    await registerAgentPhone('1001', 5301);
  });
});
