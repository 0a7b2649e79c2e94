/**
 * The project's directory (the one holding package.json), found from this module whether it runs
 * from src/ through tsx or from the bundle in dist/ (`npm run build`): files the engine reads at
 * start (web/, the Redis scripts) are named from here, not from the importing module's URL.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: the engine must run from its project directory`);
  }
}

export const projectDir = findProjectDir(dirname(fileURLToPath(import.meta.url)));
