/** Places real SIP calls with SIPp (Debian's sip-tester) from 127.0.0.1 to Asterisk on 5060. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeDtmfPcap } from './dtmf-pcap.js';
import { join } from 'node:path';
import { paths } from '../../scripts/stack/paths.js';
import { realClockEnv } from '../../scripts/stack/process.js';

export interface SippResult {
  readonly exitCode: number | null;
  /** SIPp's screen and its error trace, for failure messages. */
  readonly output: string;
}

export interface SippCall {
  readonly done: Promise<SippResult>;
  readonly process: ChildProcess;
}

let nextPort = 5071;

/** SIPps still running, by label: a file that ends leaves none behind (test/support/stack-guard.ts). */
const running = new Map<string, ChildProcess>();

/** Kills the SIPps this test file started that are still running; returns their labels. */
export function killLeftoverSipps(): string[] {
  const labels = [...running.keys()];
  for (const child of running.values()) child.kill('SIGKILL');
  running.clear();
  return labels;
}

/**
 * @param scenario file name in test/sipp (named after what it expects)
 * @param service the dialled number (Request-URI user)
 * @param caller the From user: a mobile number for carrier calls, an extension for agents
 * @param extraArgs more SIPp options, e.g. `-au 1001 -ap demo1001` for digest authentication
 */
/**
 * A copy of a DTMF_PCAP scenario that presses `keys` (any sequence, repeats included); returns
 * its absolute path, usable as placeCall's scenario.
 */
export function dtmfScenario(template: string, keys: string, holdSeconds?: number): string {
  const dir = join(paths.dataDir, 'sipp');
  mkdirSync(dir, { recursive: true });
  const safeKeys = keys.replace(/\*/g, 's').replace(/#/g, 'h').replace(/,+/g, (p) => `-${p.length}s-`);
  const pcap = join(dir, `dtmf-${safeKeys}.pcap`);
  writeDtmfPcap(keys, pcap);
  let text = readFileSync(join(paths.projectDir, 'test/sipp', template), 'utf8').replace('play_pcap_audio="DTMF_PCAP"', `play_pcap_audio="${pcap}"`);
  let name = template.replace('.xml', `-${safeKeys}.xml`);
  if (holdSeconds !== undefined) {
    // The "-then-hangup-after-15s" scenario, holding the line for another time instead.
    if (!text.includes('<pause milliseconds="15000"/>')) throw new Error(`${template} has no 15 s hold to change`);
    text = text.replace('<pause milliseconds="15000"/>', `<pause milliseconds="${holdSeconds * 1000}"/>`);
    name = name.replace('after-15s', `after-${holdSeconds}s`);
  }
  const out = join(dir, name);
  writeFileSync(out, text);
  return out;
}

/** Registers a SIPp as an agent's softphone (PJSIP endpoint `extension`, demo secret) on a local port. */
export async function registerAgentPhone(extension: string, port: number): Promise<void> {
  const r = await placeCall('uac-register-agent-expect-200.xml', extension, extension, ['-au', extension, '-ap', `demo${extension}`, '-key', 'contact_port', String(port)]).done;
  if (r.exitCode !== 0) throw new Error(`registering ${extension} failed: ${r.output}`);
}

export function placeCall(scenario: string, service: string, caller = '3331234567', extraArgs: readonly string[] = []): SippCall {
  return placeCalls(scenario, service, { count: 1, perSecond: 1 }, caller, extraArgs);
}

/** `count` calls from one SIPp, `perSecond` new ones a second, at most `count` at once. */
export function placeCalls(scenario: string, service: string, load: { readonly count: number; readonly perSecond: number }, caller = '3331234567', extraArgs: readonly string[] = []): SippCall {
  const sipPort = nextPort++;
  const mediaPort = 16000 + (sipPort - 5000) * 4;
  const name = scenario.split('/').pop() ?? scenario;
  return runSipp(`${name.replace(/\.xml$/, '')}-${sipPort}`, [
    '127.0.0.1:5060', '-sf', scenario.startsWith('/') ? scenario : join(paths.projectDir, 'test/sipp', scenario),
    '-s', service, '-key', 'caller', caller,
    // Another loopback address (extraArgs `-i 127.0.0.2`) is another source, as a stranger's would be.
    ...(extraArgs.includes('-i') ? [] : ['-i', '127.0.0.1']), '-p', String(sipPort), '-mp', String(mediaPort),
    '-m', String(load.count), '-l', String(load.count), '-r', String(load.perSecond),
    ...extraArgs,
  ]);
}

/** Runs one SIPp with the options every test call shares; its error trace goes to .data/logs. */
function runSipp(label: string, args: readonly string[]): SippCall {
  mkdirSync(paths.logsDir, { recursive: true });
  const errorFile = join(paths.logsDir, `sipp-${label}-errors.log`);
  const child = spawn('sipp', [...args, '-timeout', '90s', '-timeout_error', '-nostdin', '-trace_err', '-error_file', errorFile], { stdio: ['ignore', 'pipe', 'pipe'], env: realClockEnv() });
  running.set(label, child);
  child.on('exit', () => running.delete(label));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<SippResult>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`cannot run sipp (npm run setup installs it): ${e.message}`)));
    child.on('exit', (code) => {
      const errors = existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : '';
      resolve({ exitCode: code, output: `${output.split('\n').slice(-25).join('\n')}\n${errors}` });
    });
  });
  return { done, process: child };
}

/** A SIPp that answers one call on `port` (an agent's phone, once registered there). */
/**
 * A copy of the citizen's phone scenario (uas-citizen-NUMBER-from-020202-answer-expect-bye.xml)
 * expecting the callback to `national` (e.g. 3337654321); its absolute path, for answerCall.
 */
export function citizenScenario(national: string): string {
  if (!/^\d{6,12}$/.test(national)) throw new Error(`${national} is not a national number`);
  const dir = join(paths.dataDir, 'sipp');
  mkdirSync(dir, { recursive: true });
  const name = `uas-citizen-${national}-from-020202-answer-expect-bye.xml`;
  const out = join(dir, name);
  writeFileSync(out, readFileSync(join(paths.projectDir, 'test/sipp/uas-citizen-NUMBER-from-020202-answer-expect-bye.xml'), 'utf8').replaceAll('NUMBER', national));
  return out;
}

/** `extraArgs`: e.g. `-d 3000`, how long an agent's phone talks before hanging up (the talk-then-hangup scenario). */
export function answerCall(scenario: string, port: number, extraArgs: readonly string[] = []): SippCall {
  const name = scenario.split('/').pop() ?? scenario;
  return runSipp(`${name.replace(/\.xml$/, '')}-${port}`, ['-sf', scenario.startsWith('/') ? scenario : join(paths.projectDir, 'test/sipp', scenario), '-i', '127.0.0.1', '-p', String(port), '-mp', String(16000 + (port - 5000) * 4), '-m', '1', ...extraArgs]);
}
