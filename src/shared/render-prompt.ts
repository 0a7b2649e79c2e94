/**
 * Renders an Italian text to an 8 kHz mono WAV named after its hash (see prompts.ts), with
 * espeak-ng and sox. Used at set-up for every flow prompt, and by the engine for announcement
 * texts a supervisor types. Idempotent: an existing file is kept.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { promptFileBase } from './prompts.js';

const run = promisify(execFile);

/**
 * espeak-ng's arguments for a text: after `--`, so a text that starts with "-" (a supervisor's
 * announcement such as "-f/etc/passwd") is spoken, never read as an option.
 */
export function espeakArgs(text: string, wavFile: string): string[] {
  return ['-v', 'it', '-s', '150', '-w', wavFile, '--', text];
}

/** Returns true if the file was rendered now, false if it already existed. */
export async function renderPrompt(text: string, dir: string): Promise<boolean> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${promptFileBase(text)}.wav`);
  if (existsSync(out)) return false;
  const raw = `${out}.${process.pid}.raw.wav`;
  const tmp = `${out}.${process.pid}.tmp.wav`;
  try {
    await run('espeak-ng', espeakArgs(text, raw));
    await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp]);
    renameSync(tmp, out);
    return true;
  } finally {
    rmSync(raw, { force: true });
    rmSync(tmp, { force: true });
  }
}
