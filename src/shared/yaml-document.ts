/**
 * The YAML documents supervisors write (flows, schedules.yaml, queues.yaml): parsed with every
 * problem located as file:line:column. Shared by the IVR (flows, schedules) and the ACD (queues).
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { EngineError } from '../errors.js';

/** A supervisor's document (a flow, schedules.yaml, queues.yaml) is refused: every problem, located. */
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

/** Parses a settings file (schedules.yaml, queues.yaml) against its schema, with located errors. */
export function parseSettingsDocument<T>(file: string, text: string, schema: z.ZodType<T>): T {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new FlowInvalidError(file, doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: YAML: ${e.message.split('\n')[0] ?? e.message}`));
  }
  const result = schema.safeParse(toPlain(doc, file));
  if (!result.success) throw new FlowInvalidError(file, result.error.issues.map((i) => `${file}:${locate(doc, lines, i.path)}: ${i.path.join('.') || '(top level)'}: ${i.message}`));
  return result.data;
}
