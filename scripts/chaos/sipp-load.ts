/**
 * One SIPp placing calls to a number at a steady rate, by default each holding the line for a
 * while and then hanging up (test/sipp/uac-hold-then-hangup-expect-200.xml): a call that fails was
 * dropped (the engine hung up first, or never answered). Another scenario may be named (the soak's
 * callers wait for an agent, then for the engine's BYE). Its counters are read from SIPp's
 * statistics file, rewritten every second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../stack/paths.js';
import { readSippStats } from '../stack/sipp-stats.js';

export class SippLoad {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly statFile: string;

  constructor(
    readonly name: string,
    private readonly number: string,
    private readonly rate: number,
    private readonly holdSeconds: number,
    private readonly durationSeconds: number,
    private readonly port: number,
    private readonly scenario = 'uac-hold-then-hangup-expect-200.xml',
    prefix = 'chaos',
  ) {
    this.statFile = join(paths.logsDir, `${prefix}-sipp-${name}.csv`);
  }

  start(): void {
    rmSync(this.statFile, { force: true });
    const calls = Math.round(this.rate * this.durationSeconds);
    const rate = Math.round(this.rate * 1000) / 1000;
    const child = spawn('sipp', [
      '127.0.0.1:5060', '-sf', join(paths.projectDir, 'test/sipp', this.scenario),
      '-s', this.number, '-key', 'caller', '3331234567', '-i', '127.0.0.1', '-p', String(this.port), '-mp', String(20000 + (this.port % 100) * 200),
      // -l: room for every call in progress (SIPp's default, 3 × rate × -d, is none without a pause).
      '-m', String(calls), '-r', String(rate), '-l', String(Math.ceil(rate * (this.holdSeconds + 120))), '-d', String(this.holdSeconds * 1000), '-timeout', `${this.durationSeconds + this.holdSeconds + 120}s`, '-timeout_error',
      '-nostdin', '-trace_stat', '-stf', this.statFile, '-fd', '1',
    ], { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Calls that failed so far (dropped, or never answered). */
  failed(): number {
    return Number(this.column('FailedCall(C)'));
  }

  totals(): { placed: number; successful: number; failed: number; retransmissions: number } {
    return { placed: Number(this.column('TotalCallCreated')), successful: Number(this.column('SuccessfulCall(C)')), failed: this.failed(), retransmissions: Number(this.column('Retransmissions(C)')) };
  }

  done(): Promise<void> {
    return this.exited;
  }

  stop(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGTERM');
  }

  private column(name: string): string {
    if (!existsSync(this.statFile)) return '0'; // not written yet: SIPp writes its first line after a second
    return readSippStats(this.statFile)?.(name) || '0';
  }
}
