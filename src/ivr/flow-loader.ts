import { createHash } from 'node:crypto';
import { load, YAMLException } from 'js-yaml';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { EngineError } from '../errors.js';
import { flowSchema, type Flow } from './flow-schema.js';

export class FlowInvalidError extends EngineError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('IVR.FLOW_INVALID', `${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Where in the file a problem is: line:column of the key (or value) at `path`, or of the nearest parent. */
export function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const parent = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth - 1) as unknown[], true);
    const last = path[depth - 1];
    let offset: number | undefined;
    if (depth === 0) offset = doc.contents?.range?.[0];
    else if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    } else {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      offset = node?.range?.[0];
    }
    if (offset !== undefined) {
      const { line, col } = lines.linePos(offset);
      return `${line}:${col}`;
    }
  }
  return '1:1';
}

/** YAML's own messages, in a supervisor's words where we know better ones. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (/Map keys must be unique/.test(first)) return 'the same key is written twice (in a menu: the same digit used twice)';
  return `YAML: ${first.replace(/ at line \d+, column \d+.*$/, '')}`;
}

/** The document as plain data; YAML aliases to missing anchors (a stray `*`) become a located error. */
export function toPlain(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const alias = /alias.*?: (\S+)$/.exec(message)?.[1];
    throw new FlowInvalidError(file, [`${file}:1:1: YAML: ${alias ? `"*${alias}" refers to an anchor "&${alias}" that does not exist (remove the *)` : message}`]);
  }
}

/**
 * Parses and validates one flow file's text. Every problem says file:line:column and what is wrong.
 * Fast path: js-yaml (about 10× faster than building yaml's syntax tree, which a 500-node flow
 * pays in tens of ms); yaml's tree is built only when something is wrong, to locate it.
 */
export function parseFlow(file: string, text: string): Flow {
  let data: unknown;
  try {
    data = load(text, { filename: file, json: false });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    return locatedFailure(file, text);
  }
  const result = flowSchema.safeParse(data);
  if (!result.success) return locatedFailure(file, text);
  const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { definition: result.data, file, version };
}

/** The slow, precise path: yaml's tree gives every problem its line and column. */
function locatedFailure(file: string, text: string): never {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new FlowInvalidError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${file}:${pos ? `${pos.line}:${pos.col}` : '1:1'}: ${yamlMessage(e.message)}`;
      }),
    );
  }
  const result = flowSchema.safeParse(toPlain(doc, file));
  if (!result.success) {
    throw new FlowInvalidError(
      file,
      result.error.issues.map((i) => `${file}:${locate(doc, lines, i.path)}: ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`),
    );
  }
  // js-yaml refused what yaml accepts (their YAML dialects differ at the edges): say so, located.
  throw new FlowInvalidError(file, [`${file}:1:1: YAML: this file uses YAML the engine does not accept; simplify the syntax near the top`]);
}
