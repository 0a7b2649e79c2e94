/**
 * Writes the JSON Schemas of flow files and schedules.yaml into ivr-flows/, from the zod schemas
 * (the one definition), so that editors autocomplete and flag errors. `--check` fails if the
 * committed files are out of date (npm test runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { queuesFileSchema } from '../src/acd/queue-config.js';
import { schedulesFileSchema } from '../src/ivr/catalog.js';
import { flowSchema } from '../src/ivr/flow-schema.js';
import { paths } from './stack/paths.js';

const schemas = {
  'flow.schema.json': { title: 'cc-engine IVR flow', schema: flowSchema },
  'schedules.schema.json': { title: 'cc-engine schedules', schema: schedulesFileSchema },
  'queues.schema.json': { title: 'cc-engine queues', schema: queuesFileSchema },
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [file, { title, schema }] of Object.entries(schemas)) {
  // Cross-references (start node, next, prompts) are checked by `cc flows check`, not by editors.
  const json = { title, ...z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  const target = join(paths.flowsDir, file);
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      process.stderr.write(`${target} is out of date: run npm run flows:schema and commit it\n`);
      stale++;
    }
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
}
process.exit(stale > 0 ? 1 : 0);
