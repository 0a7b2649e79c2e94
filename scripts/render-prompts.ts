/**
 * Renders every prompt text (the flows' and the engine's own) to 8 kHz mono WAV with espeak-ng
 * and sox, into .data/prompts/<hash>.wav. Files already rendered are kept, so a re-run is quick.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadCatalog } from '../src/ivr/catalog.js';
import { promptFileBase } from '../src/ivr/prompts.js';
import { SYSTEM_PROMPTS } from '../src/ivr/system-prompts.js';
import { paths } from './stack/paths.js';

const run = promisify(execFile);

export async function renderPrompts(): Promise<{ rendered: number; total: number }> {
  const texts = new Set<string>(Object.values(SYSTEM_PROMPTS));
  for (const { flow } of loadCatalog(paths.flowsDir).flows.values()) {
    for (const text of Object.values(flow.definition.prompts)) texts.add(text);
  }
  mkdirSync(paths.promptsDir, { recursive: true });
  let rendered = 0;
  for (const text of texts) {
    const out = join(paths.promptsDir, `${promptFileBase(text)}.wav`);
    if (existsSync(out)) continue;
    const raw = `${out}.raw.wav`;
    const tmp = `${out}.tmp.wav`;
    try {
      await run('espeak-ng', ['-v', 'it', '-s', '150', '-w', raw, text]);
      await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp]);
      renameSync(tmp, out);
      rendered++;
    } finally {
      rmSync(raw, { force: true });
      rmSync(tmp, { force: true });
    }
  }
  return { rendered, total: texts.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  renderPrompts().then(
    ({ rendered, total }) => process.stdout.write(`[setup] prompts: ${total} texts, ${rendered} newly rendered into ${paths.promptsDir}\n`),
    (error: unknown) => {
      process.stderr.write(`[setup] ERROR: rendering prompts failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
