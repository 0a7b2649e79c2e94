/**
 * Asterisk 22 in the Debian-unstable root made by scripts/setup.sh: apply asterisk-config/,
 * copy the rendered prompts in, start, wait until ARI answers, stop.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isLoopbackHost, type Config } from '../../src/config.js';
import { PROMPT_SOUNDS_DIR, promptFileBase } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS, type SystemPromptId } from '../../src/shared/system-prompts.js';
import { paths } from './paths.js';
import { isAlive, portInUse, realClockEnv, waitUntil } from './process.js';

const run = promisify(execFile);
const root = paths.asteriskRoot;
const pidFile = join(root, 'run/asterisk/asterisk.pid');

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/(\d{1,2}|(\d{1,3})(\.\d{1,3}){3}))?$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*(\/\d{1,3})?$/;

/**
 * The agents' ACL from CC_AGENT_PERMIT ("10.20.0.0/16,192.168.5.10"): requests and registered
 * contacts from anywhere else are refused (403) before any password is asked. Unset: no ACL.
 */
export function agentAcl(permit: string | undefined): string {
  const entries = (permit ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return '; CC_AGENT_PERMIT is not set: phones may try from any address that reaches PJSIP';
  const bad = entries.filter((e) => !IPV4.test(e) && !IPV6.test(e));
  if (bad.length > 0) throw new Error(`CC_AGENT_PERMIT: "${bad[0] ?? ''}" is not an address or a network (such as 10.20.0.0/16 or 192.168.5.10)`);
  const lines = ['deny = 0.0.0.0/0.0.0.0', 'deny = ::/0', ...entries.map((e) => `permit = ${e}`)];
  return [...lines, ...lines.map((l) => `contact_${l}`)].join('\n');
}

/** Fills the {{…}} placeholders of one config file (see asterisk-config/README.md). */
export function renderAsteriskConfig(text: string, config: Config, env: NodeJS.ProcessEnv): string {
  // Production guard: agents' demo SIP passwords only while PJSIP listens on loopback.
  const bind = /^\s*bind\s*=\s*([^\s:;]+)/m.exec(text)?.[1];
  if (bind !== undefined && !isLoopbackHost(bind) && /\{\{AGENT_SECRET:(\d+)\}\}/.test(text)) {
    const missing = [...text.matchAll(/\{\{AGENT_SECRET:(\d+)\}\}/g)].map((m) => m[1] as string).filter((n) => env[`CC_AGENT_SECRET_${n}`] === undefined && env.CC_AGENT_SECRET === undefined);
    if (missing.length > 0) throw new Error(`asterisk-config: PJSIP listens on ${bind}, so the agents' demo SIP passwords are refused: set CC_AGENT_SECRET or CC_AGENT_SECRET_${missing[0] ?? ''} (and the others)`);
  }
  return text.replace(/\{\{([A-Za-z_]+)(?::([A-Za-z0-9_]+))?\}\}/g, (whole, name: string, arg: string | undefined) => {
    switch (name) {
      case 'CC_ARI_USER':
        return config.CC_ARI_USER;
      case 'CC_ARI_PASSWORD':
        return config.CC_ARI_PASSWORD;
      case 'CC_ARI_APP':
        return config.CC_ARI_APP;
      case 'CC_TRUNK_CONTACT':
        return config.CC_TRUNK_CONTACT;
      case 'ARI_PORT':
        return new URL(config.CC_ARI_URL).port || '80';
      case 'AGENT_SECRET':
        return env[`CC_AGENT_SECRET_${arg}`] ?? env.CC_AGENT_SECRET ?? `demo${arg}`;
      case 'AGENT_ACL':
        return agentAcl(env.CC_AGENT_PERMIT);
      case 'PROMPT': {
        const text = SYSTEM_PROMPTS[arg as SystemPromptId];
        if (text === undefined) throw new Error(`asterisk-config: unknown system prompt in ${whole}`);
        return `${PROMPT_SOUNDS_DIR}/${promptFileBase(text)}`;
      }
      default:
        throw new Error(`asterisk-config: unknown placeholder ${whole}`);
    }
  });
}

export function asteriskPid(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Writes asterisk-config/*.conf, rendered, into `etc` (replacing what was there). */
export function writeAsteriskConfig(etc: string, config: Config, env: NodeJS.ProcessEnv): void {
  rmSync(etc, { recursive: true, force: true });
  mkdirSync(etc, { recursive: true });
  for (const file of readdirSync(paths.asteriskConfigDir)) {
    if (!file.endsWith('.conf')) continue;
    const text = readFileSync(join(paths.asteriskConfigDir, file), 'utf8');
    writeFileSync(join(etc, file), renderAsteriskConfig(text, config, env), { mode: 0o640 });
  }
}

function applyConfig(config: Config, env: NodeJS.ProcessEnv): void {
  writeAsteriskConfig(join(root, 'etc/asterisk'), config, env);
  const sounds = join(root, 'usr/share/asterisk/sounds', PROMPT_SOUNDS_DIR);
  mkdirSync(sounds, { recursive: true });
  if (existsSync(paths.promptsDir)) {
    for (const file of readdirSync(paths.promptsDir)) {
      if (!file.endsWith('.wav') || file.includes('.tmp') || file.includes('.raw')) continue;
      const to = join(sounds, file);
      if (!existsSync(to) || statSync(to).size !== statSync(join(paths.promptsDir, file)).size) copyFileSync(join(paths.promptsDir, file), to);
    }
  }
  mkdirSync(join(root, 'run/asterisk'), { recursive: true });
}

function isMounted(dir: string): boolean {
  const mounts = readFileSync('/proc/mounts', 'utf8');
  return mounts.split('\n').some((l) => l.split(' ')[1] === dir);
}

export async function asteriskCli(command: string): Promise<string> {
  const { stdout } = await run('chroot', [root, '/usr/sbin/asterisk', '-rx', command], { timeout: 30_000, env: realClockEnv() });
  return stdout;
}

async function ariAnswers(config: Config): Promise<boolean> {
  try {
    const res = await fetch(new URL('/ari/asterisk/info', config.CC_ARI_URL), {
      headers: { authorization: `Basic ${Buffer.from(`${config.CC_ARI_USER}:${config.CC_ARI_PASSWORD}`).toString('base64')}` },
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Applies the configuration and starts Asterisk (restarting it if it already runs). */
export async function startAsterisk(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!existsSync(join(root, '.cc-complete'))) throw new Error(`no Asterisk root at ${root}: run npm run setup`);
  if (asteriskPid() !== undefined) await stopAsterisk();
  const ariPort = Number(new URL(config.CC_ARI_URL).port || 80);
  if (await portInUse('udp', 5060)) throw new Error('UDP 127.0.0.1:5060 is taken by another program; stop it (another Asterisk or SIP server?)');
  if (await portInUse('tcp', ariPort)) throw new Error(`TCP 127.0.0.1:${ariPort} is taken by another program; stop it`);
  applyConfig(config, env);
  // Left behind by an Asterisk that was killed: would make the start look finished too early.
  rmSync(join(root, 'run/asterisk/asterisk.ctl'), { force: true });
  rmSync(pidFile, { force: true });
  if (!(isMounted(join(root, 'proc')))) await run('mount', ['-t', 'proc', 'proc', join(root, 'proc')]);
  await run('chroot', [root, '/usr/sbin/asterisk', '-U', 'root', '-G', 'root', '-n'], { env: realClockEnv() });
  await waitUntil(
    () => Promise.resolve(asteriskPid() !== undefined && existsSync(join(root, 'run/asterisk/asterisk.ctl'))),
    15_000,
    `Asterisk did not start; see ${join(root, 'var/log/asterisk/messages.log')}`,
  );
  await asteriskCli('core waitfullybooted');
  await waitUntil(() => ariAnswers(config), 30_000, `ARI did not answer on ${config.CC_ARI_URL}; see ${join(root, 'var/log/asterisk/messages.log')}`);
}

/** Stops Asterisk at once (calls in progress are cut) and releases its mounts. */
export async function stopAsterisk(): Promise<void> {
  const pid = asteriskPid();
  if (pid !== undefined) {
    await asteriskCli('core stop now').catch(() => undefined);
    try {
      await waitUntil(() => Promise.resolve(!isAlive(pid)), 10_000, 'Asterisk did not stop');
    } catch {
      process.kill(pid, 'SIGKILL');
      await waitUntil(() => Promise.resolve(!isAlive(pid)), 5_000, `Asterisk (pid ${pid}) survived SIGKILL`);
    }
  }
  rmSync(pidFile, { force: true });
  if (isMounted(join(root, 'proc'))) await run('umount', ['-l', join(root, 'proc')]);
}

export async function asteriskVersion(): Promise<string> {
  const { stdout } = await run('chroot', [root, '/usr/sbin/asterisk', '-V'], { env: realClockEnv() });
  return stdout.trim();
}
