/**
 * The supervisor's command line: `npm run cc -- flows check|simulate|diagram …` (or `cc-engine …`
 * once installed). flows check/simulate/diagram read ivr-flows/ (CC_FLOWS_DIR) and change nothing;
 * the other commands go through the engine's API.
 */
import { catalogFor, checkPaths, diagramSvg, loadCatalog, mermaid, type QueueResult, simulate } from '../ivr/index.js';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FlowInvalidError } from '../shared/yaml-document.js';
import { romeInstant } from '../shared/schedule.js';
import { CrmGuard, EmbeddedCrm } from '../crm/index.js';
import { api, ApiError, out, UsageError } from './engine-api.js';
import { schedulesCommand, SCHEDULES_USAGE } from './schedules-command.js';

const USAGE = `usage:
  cc flows check [PATH…]              validate flows, schedules.yaml and queues.yaml: the files or
                                      folders given (default: the flows folder, --dir)
  cc flows simulate [PATH] --number 020202 [--at "2026-11-23 10:00"] [--caller +393331234567]
                    [--keys "2"] [--emergency] [--transfer-answered] [--live]
                    [--queue-outcome answered|callback|timeout|no_agents|full]
                    [--position 4] [--wait-minutes 6]
                    [--booked-callback in-turn|"2026-11-24 10:30"]
                                      what a caller hears and where the call goes
                                      (PATH: a flow file or a folder, default the flows
                                      folder; --keys: one key per question, "." = no answer;
                                      --position, --wait-minutes: the caller's place and the
                                      wait a queue announces; the CRM holds the demo citizens:
                                      --caller +393331110001 is recognised and has an open
                                      ticket; --live: on the engine's live flows, schedules,
                                      emergency message and queues)
  cc flows diagram <flow-id> [--svg]  the flow as a Mermaid flowchart, or an SVG image
                                      (> flusso.svg, to open in a browser)
  cc flows publish <file> -m "what changed" [--override-tests "why"]
                                      make the file the live version for new calls, at once
                                      (refused if its test cases fail, unless overridden)
  cc flows versions <flow-id>         every version: number, author, time, message, live
  cc flows diff <flow-id> <from> [<to>]
                                      what changed between two versions (to: the live one)
  cc flows rollback <flow-id> <version>
                                      make an earlier version live again, for new calls
  cc flows draft <file> [-m "…"]      try a flow first: only test callers' calls run it
  cc flows draft-remove <flow-id>
  cc testers list | add <number> | remove <number>
                                      the caller numbers that run drafts

${SCHEDULES_USAGE}
  cc announcements list
  cc announcements on <id> --kind emergency|info --text "…" [--flows milano-020202,…]
                    [--from "2026-11-23 08:00"] [--until "2026-11-23 20:00"]
  cc announcements off <id>
  cc emergency on <id> --text "…" [--flows …] [--until …]   (announcements with --kind emergency)
  cc emergency off <id>
                                      switch a message on or off for new calls, at once
                                      (through the engine's API: CC_API_URL, CC_API_TOKEN)
`;


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
      live: { type: 'boolean', default: false },
      svg: { type: 'boolean', default: false },
      'transfer-answered': { type: 'boolean', default: false },
      'queue-outcome': { type: 'string' },
      'booked-callback': { type: 'string' },
      position: { type: 'string' },
      'wait-minutes': { type: 'string' },
      dir: { type: 'string', default: process.env.CC_FLOWS_DIR ?? 'ivr-flows' },
      help: { type: 'boolean', short: 'h', default: false },
      kind: { type: 'string' },
      text: { type: 'string' },
      flows: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      to: { type: 'string' },
      'override-tests': { type: 'string' },
      name: { type: 'string' },
      message: { type: 'string', short: 'm' },
    },
  });
  const [area, command, arg] = positionals;
  if (area === 'announcements' && command !== undefined) return announcementsCommand(command, arg, values);
  // `cc emergency on|off <id> --text …`: the same as announcements with --kind emergency.
  if (area === 'emergency' && command !== undefined) return announcementsCommand(command, arg, { ...values, kind: 'emergency' });
  if (area === 'testers' && command !== undefined) return testersCommand(command, arg);
  if (area === 'schedules' && command !== undefined) return schedulesCommand(command, positionals.slice(2), values);
  if (values.help || area !== 'flows' || command === undefined) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const remote = await flowsApiCommand(command, positionals.slice(2), values.message, values['override-tests']);
  if (remote !== undefined) return remote;
  if (command === 'check') {
    const { lines, problems } = await checkPaths(positionals.slice(2), values.dir);
    for (const line of lines) out(line);
    for (const p of problems) process.stderr.write(`${p.message}\n`);
    return problems.length > 0 ? 1 : 0;
  }
  if (command === 'simulate' && values.live) {
    // On the engine: its live flows, schedules, closures and emergency message.
    if (values.number === undefined) throw new UsageError('simulate needs --number');
    if (positionals.length > 2) throw new UsageError('simulate --live runs the live versions: give no file or folder');
    const queueOutcome = values['queue-outcome'];
    const { json } = await api('POST', '/api/flows/simulate', { number: values.number, keys: values.keys, caller: values.caller, ...(values.at === undefined ? {} : { at: values.at }), ...(queueOutcome === undefined ? {} : { queueOutcome }), ...queueWhatIf(values.position, values['wait-minutes']) });
    for (const line of (json as { lines: string[] }).lines) out(line);
    return 0;
  }
  switch (command) {
    case 'simulate': {
      if (values.number === undefined) throw new UsageError('simulate needs --number');
      if (positionals.length > 3) throw new UsageError('simulate takes one file or folder');
      const { catalog, notes } = catalogFor(arg ?? values.dir, values.dir);
      for (const note of notes) out(note);
      const at = values.at === undefined ? new Date() : romeInstant(values.at);
      const queueOutcome = values['queue-outcome'];
      const bookedCallback = values['booked-callback'];
      if (queueOutcome !== undefined && !['answered', 'callback', 'timeout', 'no_agents', 'full', 'unavailable'].includes(queueOutcome)) throw new UsageError('--queue-outcome: answered, callback (the caller pressed 2), timeout, no_agents, full or unavailable');
      // The demo citizens, in memory: --caller +393331110001 is recognised, with an open ticket.
      const demoCrm = new EmbeddedCrm({ path: ':memory:', seedDemo: true, now: () => at });
      const crm = new CrmGuard({ crm: demoCrm, budgetMs: 800, counter: { count: () => Promise.resolve() }, events: { append: () => Promise.resolve('') }, now: () => at });
      const sim = await simulate(catalog, {
        crm,
        number: values.number,
        at,
        caller: values.caller,
        keys: values.keys,
        emergency: values.emergency,
        transferAnswered: values['transfer-answered'],
        ...(queueOutcome === undefined ? {} : { queueOutcome: queueOutcome as QueueResult['outcome'] }),
        ...queueWhatIf(values.position, values['wait-minutes']),
        // A callback already booked for the caller (in turn, or for a slot at that Rome time).
        ...(bookedCallback === undefined ? {} : { bookedCallback: bookedCallback === 'in-turn' ? { kind: 'keep_place' as const } : { kind: 'scheduled' as const, at: romeInstant(bookedCallback) } }),
      });
      await demoCrm.close();
      for (const line of sim.lines) out(line);
      return 0;
    }
    case 'diagram': {
      const catalog = loadCatalog(values.dir);
      const flow = arg === undefined ? undefined : catalog.flows.get(arg);
      if (!flow) throw new UsageError(`diagram needs a flow id: ${[...catalog.flows.keys()].join(', ')}`);
      out(values.svg ? diagramSvg(flow.flow) : mermaid(flow.flow));
      return 0;
    }
    default:
      throw new UsageError(`unknown command "flows ${command}"`);
  }
}

/** --position and --wait-minutes: the caller's place and the announced wait, checked. */
function queueWhatIf(position: string | undefined, waitMinutes: string | undefined): { queuePosition?: number; waitMinutes?: number } {
  const whole = (value: string, name: string, max: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name}: a whole number from 1 to ${max}, not "${value}"`);
    return n;
  };
  return { ...(position === undefined ? {} : { queuePosition: whole(position, '--position', 100_000) }), ...(waitMinutes === undefined ? {} : { waitMinutes: whole(waitMinutes, '--wait-minutes', 120) }) };
}

/** Version commands go through the engine's API (undefined: not one of them). */
async function flowsApiCommand(command: string, args: string[], message: string | undefined, overrideTests: string | undefined): Promise<number | undefined> {
  const [first, second, third] = args;
  switch (command) {
    case 'publish': {
      if (first === undefined || message === undefined) throw new UsageError('publish needs a file and -m "what changed"');
      return sendFlowFile(first, 'publish', (id, text) => api('POST', `/api/flows/${id}/publish`, { text, message, ...(overrideTests === undefined ? {} : { overrideTests }) }), (id, json) => {
        const r = json as { version: number; created: boolean };
        return r.created ? `${id}: version ${r.version} is live for new calls` : `${id}: identical to version ${r.version}, which is live again`;
      });
    }
    case 'draft': {
      if (first === undefined) throw new UsageError('draft needs a file');
      return sendFlowFile(first, 'draft', (id, text) => api('PUT', `/api/flows/${id}/draft`, { text, message: message ?? '' }), (id) => `${id}: draft saved; calls from test callers (cc testers list) run it`);
    }
    case 'draft-remove': {
      if (first === undefined) throw new UsageError('draft-remove needs a flow id');
      await api('DELETE', `/api/flows/${first}/draft`);
      out(`${first}: draft removed; test callers run the live version again`);
      return 0;
    }
    case 'versions': {
      if (first === undefined) throw new UsageError('versions needs a flow id');
      const { json } = await api('GET', `/api/flows/${first}/versions`);
      for (const v of json as { version: number; live: boolean; author: string; at: string; message: string }[]) out(`${v.live ? '* ' : '  '}${v.version}  ${v.at}  ${v.author}  ${v.message}`);
      return 0;
    }
    case 'diff': {
      if (first === undefined || second === undefined) throw new UsageError('diff needs a flow id and a version');
      const { json } = await api('GET', `/api/flows/${first}/diff?from=${second}${third === undefined ? '' : `&to=${third}`}`);
      const d = json as { from: number; to: number; changes: string[] };
      out(`${first}: version ${d.from} → ${d.to}`);
      for (const c of d.changes) out(`  - ${c}`);
      return 0;
    }
    case 'rollback': {
      if (first === undefined || second === undefined) throw new UsageError('rollback needs a flow id and a version');
      await api('POST', `/api/flows/${first}/rollback`, { version: Number(second) });
      out(`${first}: version ${second} is live again for new calls`);
      return 0;
    }
    default:
      return undefined;
  }
}

/**
 * Sends a flow file to the API (publish, draft). A refused file prints its problems, located in
 * the file as the supervisor named it, and exits 1; the live versions are unchanged.
 */
async function sendFlowFile(
  file: string,
  what: 'publish' | 'draft',
  send: (id: string, text: string) => Promise<{ json: unknown }>,
  done: (id: string, json: unknown) => string,
): Promise<number> {
  const text = readFileSync(file, 'utf8');
  const id = /^id:\s*([a-z][a-z0-9_-]*)/m.exec(text)?.[1];
  if (id === undefined) throw new UsageError(`${file} has no "id:" line`);
  try {
    out(done(id, (await send(id, text)).json));
    return 0;
  } catch (error) {
    const problems = error instanceof ApiError ? (error.body as { problems?: unknown }).problems : undefined;
    if (!Array.isArray(problems)) throw error;
    const heading = what === 'publish' ? 'was NOT published; the live version is unchanged' : 'was NOT saved as a draft';
    process.stderr.write(`${file} ${heading}:\n${(problems as string[]).map((p) => `  - ${p.replace(/^[^:]+\.yaml:/, `${file}:`)}`).join('\n')}\n`);
    return 1;
  }
}

async function testersCommand(command: string, number: string | undefined): Promise<number> {
  if (command === 'list') {
    const { json } = await api('GET', '/api/testers');
    const list = json as string[];
    out(list.length ? list.join('\n') : 'no test callers');
    return 0;
  }
  if (number === undefined) throw new UsageError(`testers ${command} needs a number`);
  if (command === 'add') await api('PUT', `/api/testers/${encodeURIComponent(number)}`);
  else if (command === 'remove') await api('DELETE', `/api/testers/${encodeURIComponent(number)}`);
  else throw new UsageError(`unknown command "testers ${command}"`);
  out(`${number} ${command === 'add' ? 'now runs drafts' : 'no longer runs drafts'}`);
  return 0;
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
