/**
 * schedules.yaml, versioned like flows and queues.yaml (src/shared/settings-versions.ts): a new
 * opening time or a closure (a strike, snow) is published without a restart and every engine's
 * next caller follows it. The diff says what changed in a supervisor's words.
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLSeq } from 'yaml';
import type { Logger } from '../../logger.js';
import type { Schedule } from '../../shared/schedule.js';
import { SettingsVersions, type SettingsVersionStore } from '../../shared/settings-versions.js';
import { parseSchedules, SCHEDULES_FILE } from '../catalog.js';

export const SCHEDULES_DOC = 'schedules';

export type Schedules = ReadonlyMap<string, Schedule>;

export class ScheduleVersions extends SettingsVersions<Schedules> {
  constructor(store: SettingsVersionStore, log: Logger) {
    super(store, { doc: SCHEDULES_DOC, file: SCHEDULES_FILE, parse: parseSchedules }, log);
  }
}

/** What changed from one version of schedules.yaml to another, one line per change. */
export function diffSchedules(from: Schedules, to: Schedules): string[] {
  const out: string[] = [];
  for (const id of from.keys()) if (!to.has(id)) out.push(`schedule ${id} removed`);
  for (const [id, b] of to) {
    const a = from.get(id);
    if (!a) {
      out.push(`schedule ${id} added`);
      continue;
    }
    const hours = (s: Schedule) => new Map(Object.entries(s.hours).map(([k, r]) => [k, r.join(', ')]));
    diffMaps(hours(a), hours(b), (k, was, now) => out.push(`${id}: hours ${k}: ${was ?? 'closed'} → ${now ?? 'closed'}`));
    const holidays = (s: Schedule) => [s.holidays.country, s.holidays.region, s.holidays.city].filter((x) => x !== undefined).join('/');
    if (holidays(a) !== holidays(b)) out.push(`${id}: holidays ${holidays(a)} → ${holidays(b)}`);
    const closures = (s: Schedule) => new Map(s.closures.map((c) => [`${c.name} (${c.from} to ${c.to})`, c.message ?? '']));
    diffMaps(closures(a), closures(b), (k, was, now) => out.push(was === undefined ? `${id}: closure added: ${k}` : now === undefined ? `${id}: closure removed: ${k}` : `${id}: closure ${k}: message changed`));
    const exceptions = (s: Schedule) => new Map(s.exceptions.map((e) => [`${e.date} ${e.name}`, e.hours === 'closed' ? 'closed' : e.hours.join(', ')]));
    diffMaps(exceptions(a), exceptions(b), (k, was, now) => out.push(was === undefined ? `${id}: exception added: ${k} ${now}` : now === undefined ? `${id}: exception removed: ${k}` : `${id}: exception ${k}: ${was} → ${now}`));
    const local = (s: Schedule) => new Map(s.local.map((l) => [`${l.date} ${l.name}`, l.name]));
    diffMaps(local(a), local(b), (k, was) => out.push(was === undefined ? `${id}: yearly holiday added: ${k}` : `${id}: yearly holiday removed: ${k}`));
  }
  return out;
}

function diffMaps(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>, changed: (key: string, was: string | undefined, now: string | undefined) => void): void {
  for (const [k, v] of a) if (b.get(k) !== v) changed(k, v, b.get(k));
  for (const [k, v] of b) if (!a.has(k)) changed(k, undefined, v);
}

export interface ClosureInput {
  readonly from: string;
  readonly to: string;
  readonly name: string;
  readonly message?: string;
}

/**
 * schedules.yaml's text with one more closure on a schedule, comments and layout kept (the next
 * version is what a supervisor would have written by hand). Undefined: no such schedule.
 */
export function addClosure(text: string, scheduleId: string, closure: ClosureInput): string | undefined {
  const doc = parseDocument(text);
  if (!doc.hasIn(['schedules', scheduleId])) return undefined;
  const entry = { from: closure.from, to: closure.to, name: closure.name, ...(closure.message === undefined ? {} : { message: closure.message }) };
  const item = doc.createNode(entry);
  item.flow = true;
  // Dates quoted, as in the rest of the file: no YAML reader takes them for timestamps.
  for (const key of ['from', 'to']) {
    const scalar = item.get(key, true);
    if (isScalar(scalar)) scalar.type = Scalar.QUOTE_DOUBLE;
  }
  const list = doc.getIn(['schedules', scheduleId, 'closures']);
  if (isSeq(list)) list.add(item);
  else {
    const seq = new YAMLSeq();
    seq.add(item);
    doc.setIn(['schedules', scheduleId, 'closures'], seq);
  }
  return doc.toString({ lineWidth: 0 });
}

/** schedules.yaml's text without the closures of that name on a schedule; undefined: none there. */
export function removeClosure(text: string, scheduleId: string, name: string): string | undefined {
  const doc = parseDocument(text);
  const list = doc.getIn(['schedules', scheduleId, 'closures']);
  if (!isSeq(list)) return undefined;
  const before = list.items.length;
  list.items = list.items.filter((item) => !(isMap(item) && item.get('name') === name));
  if (list.items.length === before) return undefined;
  // The last one gone: no empty list left behind.
  if (list.items.length === 0) doc.deleteIn(['schedules', scheduleId, 'closures']);
  return doc.toString({ lineWidth: 0 });
}
