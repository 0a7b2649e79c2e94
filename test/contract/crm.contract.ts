/**
 * The CRM contract: what every implementation of the Crm interface must do, run against the
 * embedded one (SQLite) and the http one (against the fixture CRM). Each test starts from the
 * demo citizens and their tickets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Crm } from '../../src/crm/crm.js';

export interface CrmUnderTest {
  readonly crm: Crm;
  cleanup(): Promise<void>;
}

const AT = new Date('2026-11-23T09:00:00Z');

export function crmContract(name: string, make: () => Promise<CrmUnderTest>): void {
  describe(`CRM contract: ${name}`, () => {
    let subject: CrmUnderTest;
    let crm: Crm;
    beforeEach(async () => {
      subject = await make();
      crm = subject.crm;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('finds a citizen by phone (E.164), by codice fiscale, and by name whatever the accents, apostrophes and case', async () => {
      const byPhone = await crm.findCitizens({ phone: '+393331110001' });
      expect(byPhone).toEqual([expect.objectContaining({ id: 'demo-giulia-bianchi', firstName: 'Giulia', lastName: 'Bianchi', fiscalCode: 'BNCGLI58A41F205H', phones: ['+393331110001'], language: 'it' })]);
      expect((await crm.findCitizens({ fiscalCode: 'RSSMRA45C12F205C' })).map((c) => c.id)).toEqual(['demo-mario-rossi']);
      expect((await crm.findCitizens({ name: 'dangelo' })).map((c) => c.lastName)).toEqual(["D'Angelo"]);
      expect((await crm.findCitizens({ name: "NICOLO' colombo" })).map((c) => c.firstName)).toEqual(['Nicolò']);
      expect(await crm.findCitizens({ phone: '+393339999999' })).toEqual([]);
    });

    it('a number several citizens share finds them all', async () => {
      expect((await crm.findCitizens({ phone: '+390255550010' })).map((c) => c.id).sort()).toEqual(['demo-giuseppe-ferrari', 'demo-sara-esposito']);
    });

    it('reads a citizen by id; an unknown id is undefined', async () => {
      const mario = await crm.getCitizen('demo-mario-rossi');
      expect(mario).toMatchObject({ lastName: 'Rossi', fiscalCode: 'RSSMRA45C12F205C', email: null });
      expect([...(mario?.phones ?? [])].sort()).toEqual(['+390255550002', '+393331110002']);
      expect(await crm.getCitizen('nobody')).toBeUndefined();
    });

    it("lists a citizen's open tickets", async () => {
      const open = await crm.openTickets({ citizenId: 'demo-giulia-bianchi' });
      expect(open).toEqual([expect.objectContaining({ citizenId: 'demo-giulia-bianchi', category: 'Tributi', status: 'in_lavorazione', level: 'back_office' })]);
      expect(await crm.openTickets({ citizenId: 'demo-mario-rossi' })).toEqual([]);
    });

    it('creates a ticket with a short number, status aperto, audited; an unknown caller finds it by their number', async () => {
      const ticket = await crm.createTicket({ callerNumber: '+393334445566', category: 'Informazioni', subject: 'Richiesta di ricontatto', channel: 'ivr', level: 'primo_livello', callId: 'call-1' }, 'ivr', AT);
      expect(ticket).toMatchObject({ citizenId: null, callerNumber: '+393334445566', category: 'Informazioni', status: 'aperto', level: 'primo_livello', channel: 'ivr', callId: 'call-1', createdBy: 'ivr', notes: [] });
      expect(ticket.number).toBeGreaterThan(100000);
      expect(ticket.number).toBeLessThan(1000000);
      expect(await crm.getTicket(ticket.number)).toEqual(ticket);
      expect((await crm.openTickets({ callerNumber: '+393334445566' })).map((t) => t.number)).toEqual([ticket.number]);
      expect(await crm.ticketChanges(ticket.number)).toEqual([expect.objectContaining({ by: 'ivr', field: 'created', to: 'aperto' })]);
      const second = await crm.createTicket({ citizenId: 'demo-mario-rossi', category: 'Tributi', subject: 'Avviso TARI', channel: 'telefono', level: 'primo_livello' }, 'anna', AT);
      expect(second.number).toBeGreaterThan(ticket.number);
    });

    it('works a ticket: taken, noted, escalated to back office then to the department; every change audited with who', async () => {
      const { number } = await crm.createTicket({ citizenId: 'demo-mario-rossi', category: 'Anagrafe', subject: 'Certificato storico', channel: 'telefono', level: 'primo_livello' }, 'anna', AT);
      const taken = await crm.updateTicket(number, { status: 'in_lavorazione', assignee: 'anna', note: 'Il cittadino richiama domani' }, 'anna', AT);
      expect(taken).toMatchObject({ status: 'in_lavorazione', assignee: 'anna', notes: [expect.objectContaining({ by: 'anna', text: 'Il cittadino richiama domani' })] });
      const backOffice = await crm.updateTicket(number, { level: 'back_office' }, 'anna', AT);
      expect(backOffice).toMatchObject({ level: 'back_office', status: 'inoltrato' });
      const second = await crm.updateTicket(number, { level: 'secondo_livello', department: 'Servizi Anagrafici' }, 'bruno', AT);
      expect(second).toMatchObject({ level: 'secondo_livello', department: 'Servizi Anagrafici', status: 'inoltrato' });
      const changes = await crm.ticketChanges(number);
      expect(changes.map((c) => [c.by, c.field, c.from, c.to])).toEqual([
        ['anna', 'created', null, 'aperto'],
        ['anna', 'status', 'aperto', 'in_lavorazione'],
        ['anna', 'assignee', null, 'anna'],
        ['anna', 'note', null, 'Il cittadino richiama domani'],
        ['anna', 'status', 'in_lavorazione', 'inoltrato'],
        ['anna', 'level', 'primo_livello', 'back_office'],
        ['bruno', 'level', 'back_office', 'secondo_livello'],
        ['bruno', 'department', null, 'Servizi Anagrafici'],
      ]);
    });

    it('refuses what the life cycle forbids, and writes nothing', async () => {
      const { number } = await crm.createTicket({ citizenId: 'demo-mario-rossi', category: 'Tributi', subject: 'Doppio addebito', channel: 'telefono', level: 'primo_livello' }, 'anna', AT);
      await crm.updateTicket(number, { status: 'annullato' }, 'anna', AT);
      const before = await crm.ticketChanges(number);
      await expect(crm.updateTicket(number, { status: 'in_lavorazione' }, 'anna', AT)).rejects.toMatchObject({ code: 'CRM.BAD_TRANSITION' });
      await expect(crm.updateTicket(number, { assignee: 'bruno' }, 'anna', AT)).rejects.toMatchObject({ code: 'CRM.BAD_TRANSITION' });
      const open = await crm.createTicket({ citizenId: 'demo-mario-rossi', category: 'Tributi', subject: 'Rateizzazione', channel: 'telefono', level: 'primo_livello' }, 'anna', AT);
      await expect(crm.updateTicket(open.number, { level: 'secondo_livello' }, 'anna', AT)).rejects.toMatchObject({ code: 'CRM.INVALID', message: expect.stringContaining('department') as unknown });
      expect(await crm.ticketChanges(number)).toEqual(before);
      expect(await crm.getTicket(open.number)).toMatchObject({ level: 'primo_livello', status: 'aperto' });
      await expect(crm.updateTicket(999999, { status: 'risolto' }, 'anna', AT)).rejects.toMatchObject({ code: 'CRM.NO_SUCH_TICKET' });
    });

    it('a resolved ticket can be reopened; an update that changes nothing audits nothing', async () => {
      const { number } = await crm.createTicket({ citizenId: 'demo-mario-rossi', category: 'Mobilità', subject: 'Pass sosta', channel: 'telefono', level: 'primo_livello' }, 'anna', AT);
      await crm.updateTicket(number, { status: 'risolto' }, 'anna', AT);
      expect(await crm.updateTicket(number, { status: 'aperto' }, 'bruno', AT)).toMatchObject({ status: 'aperto' });
      const before = await crm.ticketChanges(number);
      await crm.updateTicket(number, { status: 'aperto' }, 'bruno', AT);
      expect(await crm.ticketChanges(number)).toEqual(before);
    });

    it('refuses a ticket for a citizen it does not know, and creates nothing', async () => {
      const before = await crm.openTickets({ citizenId: 'demo-mario-rossi' });
      await expect(crm.createTicket({ citizenId: 'nobody', category: 'Tributi', subject: 'x', channel: 'telefono', level: 'primo_livello' }, 'anna', AT)).rejects.toMatchObject({ code: expect.stringMatching(/^CRM\.(NO_SUCH_CITIZEN|REJECTED)$/) as unknown });
      expect(await crm.openTickets({ citizenId: 'demo-mario-rossi' })).toEqual(before);
    });

    it("records calls in the contact history: a known number is the citizen's, newest first", async () => {
      await crm.recordInteraction({ callerNumber: '+393331110004', channel: 'telefono', callId: 'c1', startedAt: '2026-11-20T09:00:00.000Z', endedAt: '2026-11-20T09:04:37.000Z', topics: ['Tributi'], outcome: 'completed' });
      const ticket = await crm.createTicket({ citizenId: 'demo-nicolo-colombo', category: 'Anagrafe', subject: 'Residenza', channel: 'telefono', level: 'primo_livello' }, 'anna', AT);
      await crm.recordInteraction({ citizenId: 'demo-nicolo-colombo', callerNumber: '+393331110004', channel: 'telefono', callId: 'c2', startedAt: '2026-11-23T09:00:00.000Z', topics: ['Anagrafe'], outcome: 'completed', ticketNumber: ticket.number, summary: 'Chiede lo stato della residenza' });
      const history = await crm.history('demo-nicolo-colombo', 10);
      expect(history.map((h) => [h.callId, h.topics, h.ticketNumber])).toEqual([
        ['c2', ['Anagrafe'], ticket.number],
        ['c1', ['Tributi'], null],
      ]);
      expect(history[1]).toMatchObject({ citizenId: 'demo-nicolo-colombo', callerNumber: '+393331110004', endedAt: '2026-11-20T09:04:37.000Z', outcome: 'completed' });
      expect(await crm.history('demo-nicolo-colombo', 1)).toHaveLength(1);
      // A number two citizens share is recorded without guessing whose call it was.
      const shared = await crm.recordInteraction({ callerNumber: '+390255550010', channel: 'telefono', startedAt: '2026-11-23T10:00:00.000Z', topics: [], outcome: 'caller_hung_up' });
      expect(shared.citizenId).toBeNull();
    });
  });
}
