import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { EngineError } from '../errors.js';
import { flowSchema, type Flow } from './flow-schema.js';

export class FlowInvalidError extends EngineError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('IVR.FLOW_INVALID', `${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses and validates one flow file's text. Every problem names where it is. */
export function parseFlow(file: string, text: string): Flow {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new FlowInvalidError(file, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0] ?? e.message}`));
  }
  const result = flowSchema.safeParse(doc.toJS());
  if (!result.success) {
    throw new FlowInvalidError(
      file,
      result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`),
    );
  }
  const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { definition: result.data, file, version };
}

/** Loads every *.yaml flow in a directory; throws on the first invalid one, or on a number served twice. */
export function loadFlows(dir: string): Flow[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const flows = files.map((f) => parseFlow(join(dir, f), readFileSync(join(dir, f), 'utf8')));
  const byNumber = new Map<string, Flow>();
  for (const flow of flows) {
    for (const n of flow.definition.numbers) {
      const other = byNumber.get(n);
      if (other) throw new FlowInvalidError(flow.file, [`numbers: ${n} is already served by ${other.file}`]);
      byNumber.set(n, flow);
    }
  }
  return flows;
}

/** Finds the flow serving a (normalised) dialled number. */
export function flowForNumber(flows: readonly Flow[], number: string): Flow | undefined {
  return flows.find((f) => f.definition.numbers.includes(number));
}
