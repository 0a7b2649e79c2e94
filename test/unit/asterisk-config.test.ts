import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { promptFileBase } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../src/shared/system-prompts.js';
import { renderAsteriskConfig } from '../../scripts/stack/asterisk.js';

const config = loadConfig({ CC_ARI_USER: 'engine', CC_ARI_PASSWORD: 'secret-123', CC_ARI_URL: 'http://127.0.0.1:8089' });

describe('renderAsteriskConfig', () => {
  it('fills ARI credentials, app name and port from the configuration', () => {
    expect(renderAsteriskConfig('[{{CC_ARI_USER}}]\npassword={{CC_ARI_PASSWORD}}\nbindport={{ARI_PORT}}\nStasis({{CC_ARI_APP}})', config, {})).toBe(
      '[engine]\npassword=secret-123\nbindport=8089\nStasis(cc-engine)',
    );
  });

  it('takes agent secrets per agent, then shared, then the demo default', () => {
    const t = '{{AGENT_SECRET:1001}} {{AGENT_SECRET:1002}}';
    expect(renderAsteriskConfig(t, config, {})).toBe('demo1001 demo1002');
    expect(renderAsteriskConfig(t, config, { CC_AGENT_SECRET: 'shared' })).toBe('shared shared');
    expect(renderAsteriskConfig(t, config, { CC_AGENT_SECRET: 'shared', CC_AGENT_SECRET_1002: 'own' })).toBe('shared own');
  });

  it('names the rendered sound of a system prompt', () => {
    expect(renderAsteriskConfig('{{PROMPT:engineUnavailable}}', config, {})).toBe(`cc/${promptFileBase(SYSTEM_PROMPTS.engineUnavailable)}`);
  });

  it('refuses an unknown placeholder, naming it', () => {
    expect(() => renderAsteriskConfig('{{NOPE}}', config, {})).toThrow(/unknown placeholder \{\{NOPE\}\}/);
    expect(() => renderAsteriskConfig('{{PROMPT:nope}}', config, {})).toThrow(/unknown system prompt/);
  });
});

describe('rendering a prompt with espeak-ng', () => {
  it('passes the text after "--": a text starting with "-f/etc/passwd" is spoken, not read as an option', async () => {
    const { espeakArgs } = await import('../../src/shared/render-prompt.js');
    const args = espeakArgs('-f/etc/passwd', '/tmp/x.wav');
    expect(args.slice(-2)).toEqual(['--', '-f/etc/passwd']);
    expect(args.indexOf('--')).toBe(args.length - 2);
  });
});

describe('agents\' SIP passwords beyond loopback', () => {
  it('refuses the demo passwords when PJSIP binds to another address; takes real ones', () => {
    const pjsip = '[transport-udp]\nbind = 0.0.0.0:5060\n[1001]\npassword = {{AGENT_SECRET:1001}}\n';
    expect(() => renderAsteriskConfig(pjsip, config, {})).toThrow(/PJSIP listens on 0\.0\.0\.0, so the agents' demo SIP passwords are refused/);
    expect(renderAsteriskConfig(pjsip, config, { CC_AGENT_SECRET_1001: 'Str0ng-s3cret' })).toContain('password = Str0ng-s3cret');
    expect(renderAsteriskConfig(pjsip.replace('0.0.0.0', '127.0.0.1'), config, {})).toContain('password = demo1001');
  });
});

describe('the agents\' ACL (CC_AGENT_PERMIT)', () => {
  it('denies everything but the permitted networks, for requests and for registered contacts', () => {
    const acl = renderAsteriskConfig('{{AGENT_ACL}}', config, { CC_AGENT_PERMIT: '10.20.0.0/16, 192.168.5.10,2001:db8::/32' }).split('\n');
    expect(acl).toEqual([
      'deny = 0.0.0.0/0.0.0.0', 'deny = ::/0', 'permit = 10.20.0.0/16', 'permit = 192.168.5.10', 'permit = 2001:db8::/32',
      'contact_deny = 0.0.0.0/0.0.0.0', 'contact_deny = ::/0', 'contact_permit = 10.20.0.0/16', 'contact_permit = 192.168.5.10', 'contact_permit = 2001:db8::/32',
    ]);
  });

  it('is a comment when unset, and refuses what is not an address, naming it', () => {
    expect(renderAsteriskConfig('{{AGENT_ACL}}', config, {})).toMatch(/^; CC_AGENT_PERMIT is not set/);
    expect(() => renderAsteriskConfig('{{AGENT_ACL}}', config, { CC_AGENT_PERMIT: '10.0.0.0/8,ufficio' })).toThrow('CC_AGENT_PERMIT: "ufficio" is not an address or a network');
    expect(() => renderAsteriskConfig('{{AGENT_ACL}}', config, { CC_AGENT_PERMIT: '10.0.0.0/8;permit=0.0.0.0/0' })).toThrow(/is not an address/);
  });
});
