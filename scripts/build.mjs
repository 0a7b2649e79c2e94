/**
 * `npm run build`: the engine as one JavaScript file, dist/cc-engine.cjs, which bin/engine.cjs runs
 * for `npm start`, `npm run up`, systemd and the chaos. Why: a restarted engine is ready about
 * 0.47 s after it starts instead of 1.3–1.45 s through tsx (no TypeScript compiled at start, a
 * thousand files fewer to find and read, and V8's code cache — see bin/engine.cjs), and that is
 * how long the callers of a killed engine wait for the next one.
 *
 * Our sources and the packages are bundled, but better-sqlite3 (native: loaded from
 * node_modules). CommonJS, because V8's code cache is reachable only through vm.Script in Node 20;
 * `import.meta.url` (src/shared/project-dir.ts) becomes the bundle's file URL. The first line is a
 * new build id, which keys the code cache; the old cache is removed. Plain JavaScript, so it runs
 * without tsx; about 0.7 s.
 */
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const engineBundle = join(projectDir, 'dist', 'cc-engine.cjs');
/** What runs the bundle (node's argument). */
export const engineEntry = join(projectDir, 'bin', 'engine.cjs');

/** Builds dist/cc-engine.cjs from src/main.ts; returns the entry that runs it (bin/engine.cjs). */
export async function buildEngine() {
  await build({
    entryPoints: [join(projectDir, 'src', 'main.ts')],
    outfile: engineBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    define: { 'import.meta.url': '__ccImportMetaUrl' },
    banner: {
      js: [
        `// cc-engine build ${randomBytes(16).toString('hex')}`,
        "const __ccImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      ].join('\n'),
    },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  rmSync(`${engineBundle}.v8cache`, { force: true });
  return engineEntry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildEngine();
  process.stdout.write(`built ${engineBundle}\n`);
}
