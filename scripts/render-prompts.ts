/**
 * Renders every prompt text (the flows' and the engine's own) into .data/prompts/<hash>.wav.
 * Files already rendered are kept, so a re-run is quick.
 */
import { loadCatalog } from '../src/ivr/catalog.js';
import { renderPrompt } from '../src/shared/render-prompt.js';
import { SYSTEM_PROMPTS } from '../src/shared/system-prompts.js';
import { paths } from './stack/paths.js';

export async function renderPrompts(): Promise<{ rendered: number; total: number }> {
  const texts = new Set<string>(Object.values(SYSTEM_PROMPTS));
  for (const { flow } of loadCatalog(paths.flowsDir).flows.values()) {
    for (const text of Object.values(flow.definition.prompts)) texts.add(text);
  }
  let rendered = 0;
  for (const text of texts) if (await renderPrompt(text, paths.promptsDir)) rendered++;
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
