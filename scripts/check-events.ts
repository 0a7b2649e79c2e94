/**
 * `npm test` step: the event catalogue (src/events/catalogue.ts) matches the code. Every event
 * type a Lua script or a store writes is in it (TypeScript checks the other writers); every type
 * a reader compares with is in it; every type in it is still written or read somewhere.
 * Prints each problem and exits 1; prints one line and exits 0 when all match.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EVENT_TYPES, isEventType } from '../src/events/catalogue.js';

const root = join(import.meta.dirname, '..');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

const problems: string[] = [];
const mentioned = new Set<string>();
const where = (path: string) => relative(root, path);

// Lua: XADD … 'type', 'x.y' (or ARGV[n] or 'x.y'), and a variable set from literals (type = 'x.y').
for (const path of files(join(root, 'src/store/lua'), '.lua')) {
  const text = readFileSync(path, 'utf8');
  for (const m of text.matchAll(/'type', (?:ARGV\[\d+\] or )?'([a-z_]+\.[a-z_]+)'|\btype = '([a-z_]+\.[a-z_]+)'/g)) {
    const type = m[1] ?? m[2] ?? '';
    mentioned.add(type);
    if (!isEventType(type)) problems.push(`${where(path)} writes "${type}", which is not in the event catalogue`);
  }
}

for (const path of files(join(root, 'src'), '.ts')) {
  if (path.endsWith('catalogue.ts')) continue;
  const text = readFileSync(path, 'utf8');
  // Stores writing to the stream directly, and the names given to versioned families' events.
  for (const m of text.matchAll(/xadd\([^)]*?'type', '([a-z_]+\.[a-z_]+)'|(?:publishedEvent|rolledBackEvent): '([a-z_]+\.[a-z_]+)'/g)) {
    const type = m[1] ?? m[2] ?? '';
    mentioned.add(type);
    if (!isEventType(type)) problems.push(`${where(path)} writes "${type}", which is not in the event catalogue`);
  }
  // Readers: comparisons with an event's type, and maps keyed by event types.
  for (const m of text.matchAll(/\.type (?:===|!==) '([a-z_]+\.[a-z_]+)'|'([a-z]+\.[a-z_]+)': '[a-z_]+'/g)) {
    const type = m[1] ?? m[2] ?? '';
    mentioned.add(type);
    if (!isEventType(type)) problems.push(`${where(path)} reads "${type}", which is not in the event catalogue (never written)`);
  }
  for (const m of text.matchAll(/['`]([a-z_]+\.[a-z_]+)['`]/g)) if (m[1] !== undefined) mentioned.add(m[1]);
  if (text.includes('acd.consult_${action}_requested')) for (const a of ['complete', 'cancel']) mentioned.add(`acd.consult_${a}_requested`);
}

for (const type of EVENT_TYPES) if (!mentioned.has(type)) problems.push(`"${type}" is in the event catalogue but nothing writes or reads it`);

if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`event catalogue: ${p}\n`);
  process.exit(1);
}
process.stdout.write(`event catalogue: ${EVENT_TYPES.length} event types, all written and listed\n`);
