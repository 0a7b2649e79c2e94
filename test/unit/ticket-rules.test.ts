import { describe, expect, it } from 'vitest';
import { applyTicketPatch } from '../../src/crm/ticket-rules.js';
import type { TicketStatus } from '../../src/crm/crm.js';

const fresh = { status: 'aperto' as TicketStatus, level: 'primo_livello' as const, department: null, assignee: null };

describe('ticket life cycle', () => {
  it.each([
    ['aperto', 'in_lavorazione'],
    ['aperto', 'risolto'],
    ['aperto', 'annullato'],
    ['in_lavorazione', 'inoltrato'],
    ['in_lavorazione', 'risolto'],
    ['inoltrato', 'in_lavorazione'],
    ['risolto', 'aperto'],
  ] as const)('%s → %s is allowed', (from, to) => {
    expect(applyTicketPatch({ ...fresh, status: from }, { status: to }).next.status).toBe(to);
  });

  it.each([
    ['in_lavorazione', 'aperto'],
    ['risolto', 'in_lavorazione'],
    ['annullato', 'aperto'],
    ['annullato', 'risolto'],
  ] as const)('%s → %s is refused', (from, to) => {
    expect(() => applyTicketPatch({ ...fresh, status: from }, { status: to })).toThrow(expect.objectContaining({ code: 'CRM.BAD_TRANSITION' }));
  });

  it('escalating forwards the ticket unless the patch sets a status; second level needs a department', () => {
    expect(applyTicketPatch(fresh, { level: 'back_office' })).toEqual({
      next: { status: 'inoltrato', level: 'back_office', department: null, assignee: null },
      changes: [
        { field: 'status', from: 'aperto', to: 'inoltrato' },
        { field: 'level', from: 'primo_livello', to: 'back_office' },
      ],
    });
    expect(applyTicketPatch(fresh, { level: 'back_office', status: 'in_lavorazione' }).next.status).toBe('in_lavorazione');
    expect(() => applyTicketPatch(fresh, { level: 'secondo_livello' })).toThrow(/department/);
    expect(applyTicketPatch({ ...fresh, department: 'Tributi' }, { level: 'secondo_livello' }).next.level).toBe('secondo_livello');
  });

  it('a closed ticket takes notes, not reassignment; reopening allows both', () => {
    const closed = { ...fresh, status: 'risolto' as TicketStatus };
    expect(applyTicketPatch(closed, { note: 'Il cittadino ringrazia' }).changes).toEqual([{ field: 'note', from: null, to: 'Il cittadino ringrazia' }]);
    expect(() => applyTicketPatch(closed, { assignee: 'anna' })).toThrow(/reopen it/);
    expect(applyTicketPatch(closed, { status: 'aperto', assignee: 'anna' }).next).toMatchObject({ status: 'aperto', assignee: 'anna' });
  });

  it('nothing to change, nothing audited', () => {
    expect(applyTicketPatch(fresh, { status: 'aperto', level: 'primo_livello' }).changes).toEqual([]);
  });
});
