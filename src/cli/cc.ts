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
    },
  });
  const [area, command, arg] = positionals;
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
