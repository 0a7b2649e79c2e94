/**
 * The supervisor's command line: `npm run cc -- flows check|simulate|diagram …` (or `cc-engine …`
 * once installed). Reads ivr-flows/ (CC_FLOWS_DIR); changes nothing.
 */
import { parseArgs } from 'node:util';
import { loadCatalog } from '../ivr/catalog.js';
import { mermaid } from '../ivr/diagram.js';
import { FlowInvalidError } from '../ivr/flow-loader.js';
import { romeInstant } from '../ivr/schedule.js';
import { simulate } from '../ivr/simulator.js';

const USAGE = `usage:
  cc flows check                      validate every flow and schedules.yaml
  cc flows simulate --number 020202 [--at "2026-11-23 10:00"] [--caller +393331234567]
                    [--keys "2"] [--emergency] [--transfer-answered]
                                      what a caller hears and where the call goes
                                      (--keys: one key per question, "." = no answer)
  cc flows diagram <flow-id>          the flow as a Mermaid flowchart

  cc announcements list
  cc announcements on <id> --kind emergency|info --text "…" [--flows milano-020202,…]
                    [--from "2026-11-23 08:00"] [--until "2026-11-23 20:00"]
  cc announcements off <id>
                                      switch a message on or off for new calls, at once
                                      (through the engine's API: CC_API_URL, CC_API_TOKEN)
`;

const out = (s: string): boolean => process.stdout.write(`${s}\n`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      number: { type: 'string' },
      at: { type: 'string' },
      caller: { type: 'string', default: '+393331234567' },
      keys: { type: 'string', default: '' },
      emergency: { type: 'boolean', default: false },
      'transfer-answered': { type: 'boolean', default: false },
      dir: { type: 'string', default: process.env.CC_FLOWS_DIR ?? 'ivr-flows' },
      help: { type: 'boolean', short: 'h', default: false },
      kind: { type: 'string' },
      text: { type: 'string' },
      flows: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
    },
  });
  const [area, command, arg] = positionals;
  if (area === 'announcements' && command !== undefined) return announcementsCommand(command, arg, values);
  if (values.help || area !== 'flows' || command === undefined) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const catalog = loadCatalog(values.dir);
  switch (command) {
    case 'check': {
      for (const { flow } of catalog.flows.values()) {
        out(`ok  ${flow.file}: flow ${flow.definition.id} (version ${flow.version}), numbers ${flow.definition.numbers.join(', ')}, ${Object.keys(flow.definition.nodes).length} nodes, ${Object.keys(flow.definition.prompts).length} prompts`);
      }
      out(`ok  schedules: ${[...catalog.schedules.keys()].join(', ') || 'none'}`);
      return 0;
    }
    case 'simulate': {
      if (values.number === undefined) throw new UsageError('simulate needs --number');
      const at = values.at === undefined ? new Date() : romeInstant(values.at);
      const sim = await simulate(catalog, { number: values.number, at, caller: values.caller, keys: values.keys, emergency: values.emergency, transferAnswered: values['transfer-answered'] });
      for (const line of sim.lines) out(line);
      return 0;
    }
    case 'diagram': {
      const flow = arg === undefined ? undefined : catalog.flows.get(arg);
      if (!flow) throw new UsageError(`diagram needs a flow id: ${[...catalog.flows.keys()].join(', ')}`);
      out(mermaid(flow.flow));
      return 0;
    }
    default:
      throw new UsageError(`unknown command "flows ${command}"`);
  }
}

class UsageError extends Error {}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const base = process.env.CC_API_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.CC_API_TOKEN ?? 'demo-supervisor-token';
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new Error(`the engine does not answer at ${base} (is it running? set CC_API_URL)`);
  }
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) throw new Error(`${res.status}: ${(json as { error?: string } | undefined)?.error ?? text}`);
  return { status: res.status, json };
}

async function announcementsCommand(command: string, id: string | undefined, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (command === 'list') {
    const { json } = await api('GET', '/api/announcements');
    const list = json as { id: string; kind: string; text: string; flows: string[]; activeNow: boolean; updatedBy: string; startsAt?: string; endsAt?: string }[];
    if (list.length === 0) out('no announcement is on');
    for (const a of list) out(`${a.activeNow ? 'ON ' : 'off'} ${a.id} [${a.kind}] flows ${a.flows.join(',')}${a.startsAt ? ` from ${a.startsAt}` : ''}${a.endsAt ? ` until ${a.endsAt}` : ''} (by ${a.updatedBy}): «${a.text}»`);
    return 0;
  }
  if (id === undefined) throw new UsageError(`announcements ${command} needs an id`);
  if (command === 'off') {
    await api('DELETE', `/api/announcements/${encodeURIComponent(id)}`);
    out(`${id} is off: new calls no longer hear it`);
    return 0;
  }
  if (command === 'on') {
    const body = {
      kind: values.kind,
      text: values.text,
      ...(typeof values.flows === 'string' ? { flows: values.flows.split(',').map((f) => f.trim()) } : {}),
      ...(typeof values.from === 'string' ? { startsAt: romeInstant(values.from).toISOString() } : {}),
      ...(typeof values.until === 'string' ? { endsAt: romeInstant(values.until).toISOString() } : {}),
    };
    await api('PUT', `/api/announcements/${encodeURIComponent(id)}`, body);
    out(`${id} is on: the next callers hear it`);
    return 0;
  }
  throw new UsageError(`unknown command "announcements ${command}"`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof FlowInvalidError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`cc: ${error instanceof Error ? error.message : String(error)}\n${error instanceof UsageError ? USAGE : ''}`);
    process.exit(2);
  },
);
