/**
 * Agents' phones for the soak and the chaos: one SIPp in server mode registered as the contact of every agent's
 * extension (test/sipp/uac-register-agent-expect-200.xml), answering each offered call, talking
 * for a while and hanging up (test/sipp/uas-agent-answer-talk-then-hangup-expect-200.xml).
 * Registrations last 300 s: `keepRegistered` renews them while the soak runs.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { paths } from '../stack/paths.js';
import { readSippStats } from '../stack/sipp-stats.js';

const run = promisify(execFile);

export class AgentPhones {
  private child: ChildProcess | undefined;
  private renew: NodeJS.Timeout | undefined;
  private readonly statFile: string;

  constructor(
    private readonly extensions: readonly string[],
    private readonly port: number,
    private readonly talkSeconds: number,
    prefix: string,
    /** A file for SIPp's trace of every message (`-trace_msg`, with µs timestamps): bench:offer reads it. */
    private readonly messageFile?: string,
  ) {
    this.statFile = join(paths.logsDir, `${prefix}-sipp-agents.csv`);
  }

  /** Registers every extension with this SIPp's address as its contact. */
  async register(): Promise<void> {
    // Each registration from its own port, away from the load generators' (51xx).
    let port = this.port + 100;
    for (const ext of this.extensions) {
      try {
        await run('sipp', [
          '127.0.0.1:5060', '-sf', join(paths.projectDir, 'test/sipp/uac-register-agent-expect-200.xml'),
          '-s', ext, '-key', 'caller', ext, '-au', ext, '-ap', `demo${ext}`, '-key', 'contact_port', String(this.port),
          '-i', '127.0.0.1', '-p', String(port++), '-m', '1', '-timeout', '10s', '-timeout_error', '-nostdin',
        ], { timeout: 20_000 });
      } catch (error) {
        throw new Error(`registering extension ${ext}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  start(): void {
    rmSync(this.statFile, { force: true });
    this.child = spawn('sipp', [
      '-sf', join(paths.projectDir, 'test/sipp/uas-agent-answer-talk-then-hangup-expect-200.xml'),
      '-i', '127.0.0.1', '-p', String(this.port), '-mp', String(26000 + (this.port % 100) * 100), '-d', String(this.talkSeconds * 1000),
      // -trace_err: what a failed conversation received, in .data/logs/uas-agent-…_errors.log.
      '-nostdin', '-trace_stat', '-stf', this.statFile, '-fd', '1', '-trace_err',
      ...(this.messageFile === undefined ? [] : ['-trace_msg', '-message_file', this.messageFile]),
    ], { stdio: 'ignore', cwd: paths.logsDir });
    // Registrations expire after 300 s; renewed every 4 minutes (a failure is reported when the soak ends, by the calls it costs).
    this.renew = setInterval(() => {
      this.register().catch((error: unknown) => process.stderr.write(`renewing the agents' registrations: ${String(error)}\n`));
    }, 240_000);
  }

  totals(): { answered: number; failed: number } {
    if (!existsSync(this.statFile)) return { answered: 0, failed: 0 };
    const col = readSippStats(this.statFile);
    return { answered: Number(col?.('SuccessfulCall(C)') || 0), failed: Number(col?.('FailedCall(C)') || 0) };
  }

  stop(): void {
    clearInterval(this.renew);
    if (this.child && this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}
