/** Places real SIP calls with SIPp (Debian's sip-tester) from 127.0.0.1 to Asterisk on 5060. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../../scripts/stack/paths.js';

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

/**
 * @param scenario file name in test/sipp (named after what it expects)
 * @param service the dialled number (Request-URI user)
 * @param caller the From user: a mobile number for carrier calls, an extension for agents
 * @param extraArgs more SIPp options, e.g. `-au 1001 -ap demo1001` for digest authentication
 */
export function placeCall(scenario: string, service: string, caller = '3331234567', extraArgs: readonly string[] = []): SippCall {
  const sipPort = nextPort++;
  const mediaPort = 16000 + (sipPort - 5000) * 4;
  mkdirSync(paths.logsDir, { recursive: true });
  const errorFile = join(paths.logsDir, `sipp-${scenario.replace(/\.xml$/, '')}-${sipPort}-errors.log`);
  const child = spawn(
    'sipp',
    [
      '127.0.0.1:5060', '-sf', join(paths.projectDir, 'test/sipp', scenario),
      '-s', service, '-key', 'caller', caller,
      '-i', '127.0.0.1', '-p', String(sipPort), '-mp', String(mediaPort),
      '-m', '1', '-l', '1', '-timeout', '90s', '-timeout_error', '-nostdin',
      '-trace_err', '-error_file', errorFile,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
