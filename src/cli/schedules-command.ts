/**
 * `cc schedules …`: schedules.yaml's live versions through the engine's API — what is live and each
 * service's state now, publish, versions, diff, rollback, and closures (a strike, snow) in one step.
 */
import { readFileSync } from 'node:fs';
import { api, ApiError, out, UsageError } from './engine-api.js';

export const SCHEDULES_USAGE = `  cc schedules status                 each service open or closed now, and why
  cc schedules publish <file> -m "what changed"
                                      make schedules.yaml's text live for the next caller
  cc schedules versions               every version: number, author, time, message, live
  cc schedules diff <from> [<to>]     what changed between two versions (to: the live one)
  cc schedules rollback <version>     make an earlier version live again
  cc schedules close <schedule> --from "2026-12-03" --to "2026-12-03 14:00" --name Sciopero
                    [--text "Oggi il servizio è chiuso per sciopero."]
                                      close a service for a while; callers hear the text once
  cc schedules reopen <schedule> <name>
                                      remove that closure
`;

export async function schedulesCommand(command: string, args: readonly (string | undefined)[], values: Record<string, string | boolean | undefined>): Promise<number> {
  const [first, second] = args;
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  switch (command) {
    case 'status': {
      const { json } = await api('GET', '/api/schedules');
      const s = json as { live?: number; now: { id: string; state: string; reason: string }[] };
      out(`schedules.yaml version ${s.live ?? 'none'} is live`);
      for (const n of s.now) out(`  ${n.id}: ${n.state === 'open' ? 'APERTO' : 'CHIUSO'} (${n.reason})`);
      return 0;
    }
    case 'versions': {
      const { json } = await api('GET', '/api/schedules');
      for (const v of (json as { versions: { version: number; live: boolean; author: string; at: string; message: string }[] }).versions) out(`${v.live ? '* ' : '  '}${v.version}  ${v.at}  ${v.author}  ${v.message}`);
      return 0;
    }
    case 'diff': {
      if (first === undefined) throw new UsageError('diff needs a version');
      const { json } = await api('GET', `/api/schedules/diff?from=${first}${second === undefined ? '' : `&to=${second}`}`);
      const d = json as { from: number; to: number; changes: string[] };
      out(`schedules.yaml: version ${d.from} → ${d.to}`);
      for (const c of d.changes) out(`  - ${c}`);
      if (d.changes.length === 0) out('  (no change)');
      return 0;
    }
    case 'rollback': {
      if (first === undefined) throw new UsageError('rollback needs a version');
      return refusedOr(first, async () => {
        await api('POST', '/api/schedules/rollback', { version: Number(first) });
        return `schedules.yaml version ${first} is live again for the next caller`;
      });
    }
    case 'publish': {
      const message = text('message');
      if (first === undefined || message === undefined) throw new UsageError('publish needs a file and -m "what changed"');
      const body = readFileSync(first, 'utf8');
      return refusedOr(first, async () => {
        const { json } = await api('POST', '/api/schedules/publish', { text: body, message });
        const r = json as { version: number; created: boolean };
        return r.created ? `schedules.yaml version ${r.version} is live for the next caller` : `identical to version ${r.version}, which is live again`;
      });
    }
    case 'close': {
      const [from, to, name] = [text('from'), text('to'), text('name')];
      if (first === undefined || from === undefined || to === undefined || name === undefined) throw new UsageError('close needs a schedule, --from, --to and --name');
      const message = text('text');
      return refusedOr('schedules.yaml', async () => {
        const { json } = await api('POST', `/api/schedules/${encodeURIComponent(first)}/closures`, { from, to, name, ...(message === undefined ? {} : { message }) });
        return `${first} is closed from ${from} to ${to} (${name}): version ${(json as { version: number }).version} is live for the next caller`;
      });
    }
    case 'reopen': {
      if (first === undefined || second === undefined) throw new UsageError('reopen needs a schedule and the closure\'s name');
      return refusedOr('schedules.yaml', async () => {
        const { json } = await api('DELETE', `/api/schedules/${encodeURIComponent(first)}/closures/${encodeURIComponent(second)}`);
        return `${first}: closure ${second} removed; version ${(json as { version: number }).version} is live for the next caller`;
      });
    }
    default:
      throw new UsageError(`unknown command "schedules ${command}"`);
  }
}

/** Runs a change; a refusal prints its problems, located, and exits 1 (the live version unchanged). */
async function refusedOr(file: string, change: () => Promise<string>): Promise<number> {
  try {
    out(await change());
    return 0;
  } catch (error) {
    const problems = error instanceof ApiError ? (error.body as { problems?: unknown } | undefined)?.problems : undefined;
    if (!Array.isArray(problems)) throw error;
    process.stderr.write(`${file} was NOT published; the live version is unchanged:\n${(problems as string[]).map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
}
