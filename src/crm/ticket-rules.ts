/**
 * What may change on a ticket, and how (pure): the status life cycle, escalation between levels,
 * closed tickets. Both CRM implementations apply these rules, so the desktop meets the same ones
 * whatever CRM is behind.
 */
import { EngineError } from '../errors.js';
import type { Ticket, TicketLevel, TicketPatch, TicketStatus } from './crm.js';

const NEXT_STATUS: Record<TicketStatus, readonly TicketStatus[]> = {
  aperto: ['in_lavorazione', 'inoltrato', 'risolto', 'annullato'],
  in_lavorazione: ['inoltrato', 'risolto', 'annullato'],
  inoltrato: ['in_lavorazione', 'risolto', 'annullato'],
  // A resolved ticket can be reopened when the citizen calls back about it; a cancelled one cannot.
  risolto: ['aperto'],
  annullato: [],
};

export interface FieldChange {
  readonly field: 'status' | 'level' | 'department' | 'assignee' | 'note';
  readonly from: string | null;
  readonly to: string | null;
}

type Fields = Pick<Ticket, 'status' | 'level' | 'department' | 'assignee'>;

/**
 * The fields after the patch and the changes to audit (empty when nothing changes). Throws
 * CRM.BAD_TRANSITION for a change the life cycle forbids.
 */
export function applyTicketPatch(current: Fields, patch: TicketPatch): { readonly next: Fields; readonly changes: readonly FieldChange[] } {
  const closed = current.status === 'risolto' || current.status === 'annullato';
  const reopening = patch.status === 'aperto' && current.status === 'risolto';
  if (closed && !reopening && (patch.level !== undefined || patch.department !== undefined || patch.assignee !== undefined)) {
    throw new EngineError('CRM.BAD_TRANSITION', `ticket is ${current.status}: reopen it before changing level, department or assignee`);
  }
  let status: TicketStatus = current.status;
  if (patch.status !== undefined && patch.status !== current.status) {
    if (!NEXT_STATUS[current.status].includes(patch.status)) {
      const allowed = NEXT_STATUS[current.status];
      throw new EngineError('CRM.BAD_TRANSITION', `status ${current.status} cannot become ${patch.status} (${allowed.length ? `allowed: ${allowed.join(', ')}` : 'it is final'})`);
    }
    status = patch.status;
  }
  const level: TicketLevel = patch.level ?? current.level;
  const department = patch.department ?? current.department;
  const assignee = patch.assignee === undefined ? current.assignee : patch.assignee;
  if (level !== current.level) {
    if (level === 'secondo_livello' && department === null) throw new EngineError('CRM.INVALID', 'department: a second-level ticket names its department');
    // Escalating (or sending back) hands the ticket on, unless the patch says otherwise.
    if (patch.status === undefined && !closed) status = 'inoltrato';
  }
  const next: Fields = { status, level, department, assignee };
  const changes: FieldChange[] = [];
  for (const field of ['status', 'level', 'department', 'assignee'] as const) {
    if (next[field] !== current[field]) changes.push({ field, from: current[field], to: next[field] });
  }
  if (patch.note !== undefined) changes.push({ field: 'note', from: null, to: patch.note });
  return { next, changes };
}
