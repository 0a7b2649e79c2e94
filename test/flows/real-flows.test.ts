/**
 * Regression cases for the flows in ivr-flows/ (expect prompts → press keys → expect destination),
 * run on the simulator: the same runtime and nodes as live calls. A change to a real flow that
 * breaks one of these is a change supervisors must see.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/ivr/catalog.js';
import { romeInstant } from '../../src/shared/schedule.js';
import { simulate, type SimulationInput } from '../../src/ivr/simulator.js';
import { CrmGuard } from '../../src/crm/crm-guard.js';
import type { Crm } from '../../src/crm/crm.js';
import { EmbeddedCrm } from '../../src/crm/embedded-crm.js';

/** A CRM whose every answer never comes. */
function stubbornCrm(): Partial<Crm> {
  const never = () => new Promise<never>(() => undefined);
  return { findCitizens: never, openTickets: never, createTicket: never, recordInteraction: never };
}

const catalog = loadCatalog('ivr-flows');
const MONDAY = '2026-11-23 10:00';

async function call(input: Omit<Partial<SimulationInput>, 'at'> & { at: string; number: string }) {
  const sim = await simulate(catalog, { caller: '+393331234567', keys: '', ...input, at: romeInstant(input.at) });
  const said = sim.lines.filter((l) => l.startsWith('🔊'));
  // Flow and system prompts by id; texts the engine speaks (directory names) as "tts".
  const heard = said.map((l) => (l.startsWith('🔊 spoken:') ? 'tts' : l.startsWith('🔊 the ') ? (l.split(' ')[2] as string) : l.slice(3, l.indexOf(':'))));
  const spoken = said.filter((l) => l.startsWith('🔊 spoken:')).map((l) => l.slice(l.indexOf('«') + 1, l.lastIndexOf('»')));
  // The flow's prompts apart from what the queue announces while the caller waits (tested on their own).
  const inQueue = (id: string) => id.startsWith('queue') || id === 'number';
  return { ...sim, heard: heard.filter((id) => !inQueue(id)), heardInQueue: heard.filter(inQueue), spoken };
}

describe('020202', () => {
  it.each([
    ['1', 'queue anagrafe (priority 5)', 'Anagrafe', 'info-anagrafe'],
    ['2', 'queue tributi (priority 5)', 'Tributi', 'info-tributi'],
    ['3', 'queue polizia-locale (priority 5)', 'Polizia Locale', 'info-polizia'],
    ['4', 'queue servizi-sociali (priority 3)', 'Servizi Sociali', 'info-sociali'],
    ['5', 'queue educazione (priority 5)', 'Educazione', 'info-educazione'],
    ['6', 'queue mobilita (priority 5)', 'Mobilità', 'info-mobilita'],
  ])('open hours, key %s → %s, tagged %s, after the information message', async (key, destination, tag, info) => {
    const sim = await call({ number: '020202', at: MONDAY, keys: key });
    expect(sim.destination).toBe(destination);
    expect(sim.tags).toEqual([tag]);
    expect(sim.heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', info]);
    expect(sim.lines).toContain(`🎧 an operator of ${destination.split(' ')[1] ?? ''} answers`);
  });

  it.each(['timeout', 'no_agents', 'full'] as const)('a caller leaving the queue (%s) is told when to call back, then the call ends', async (queueOutcome) => {
    const sim = await call({ number: '020202', at: MONDAY, keys: '2', queueOutcome });
    expect(sim.heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', 'info-tributi', 'busy']);
    expect(sim.destination).toBe('queue tributi (priority 5)');
    expect(sim.journey.slice(-3)).toEqual(['queue-tributi', 'busy', 'bye']);
  });

  describe('waiting in the queue (what the first announcement says)', () => {
    it('position and wait as the queue announces them; past 5 minutes the callback offer, and 2 takes it', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '2 2 1', queuePosition: 7, waitMinutes: 12 });
      expect(sim.heardInQueue).toEqual(['queuePosition', 'number', 'queueWaitLessThan', 'number', 'queueMinutes', 'queueCallbackOffer']);
      expect(sim.lines).toEqual(expect.arrayContaining(['🔊 the number 7', '🔊 the number 12', '⌨ the caller presses 2']));
      expect(sim.journey.slice(-3)).toEqual(['queue-tributi', 'callback-tributi', 'goodbye']);
    });

    it('a short wait offers no callback: the caller stays for an operator', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '2 2', queuePosition: 1, waitMinutes: 1 });
      expect(sim.heardInQueue).toEqual(['queuePosition', 'number', 'queueWaitUnderOneMinute']);
      // The 2 pressed in the queue is left over: at the survey's invitation it is not the key that accepts.
      expect(sim.lines).toContain('🎧 an operator of tributi answers; the operator hangs up first and the caller stays on the line');
      expect(sim.journey.slice(-3)).toEqual(['queue-tributi', 'sondaggio', 'bye']);
      expect(sim.heard).not.toContain('sondaggio-voto');
    });

    it('a live queue with nobody logged in turns the caller away at once, with no announcement', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '2', queueOutlook: () => Promise.resolve({ position: 1, minutes: undefined, agentsLoggedIn: false }) });
      expect(sim.heardInQueue).toEqual([]);
      expect(sim.journey.slice(-3)).toEqual(['queue-tributi', 'busy', 'bye']);
    });
  });

  describe('centralino (key 9, the demo directory)', () => {
    it('0 → the centralino operators', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '90' });
      expect(sim.destination).toBe('queue centralino (priority 5)');
      expect(sim.heard.slice(-1)).toEqual(['rubrica']);
    });

    it("* and D-A-N (3 2 6) finds Nicolò D'Angelo; 1 transfers to his extension", async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '9*326#1', transferAnswered: true });
      expect(sim.spoken).toEqual(["Per Nicolò D'Angelo, Ufficio Tributi, premere 1.", 'Per un operatore, premere 0.', "Attenda: la metto in contatto con Nicolò D'Angelo, Ufficio Tributi."]);
      expect(sim.destination).toBe('transfer to {"extension":"2001"}: connected');
      expect(sim.tags).toEqual(['Centralino']);
    });

    it('R-O-S (7 6 7) finds Rossi and Rossini; the second is 2', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '9*767#2', transferAnswered: true });
      expect(sim.spoken.slice(0, 2)).toEqual(['Per Mario Rossi, Anagrafe, premere 1.', 'Per Anna Rossini, Polizia Locale, premere 2.']);
      expect(sim.destination).toBe('transfer to {"extension":"2004"}: connected');
    });

    it('an extension keyed directly', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '92006#', transferAnswered: true });
      expect(sim.spoken).toEqual(['Attenda: la metto in contatto con URP Municipio 1.']);
      expect(sim.destination).toBe('transfer to {"extension":"2006"}: connected');
    });

    it('# lists the offices; 9 is no choice when there are no more: asked again', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '9#91', transferAnswered: true });
      expect(sim.spoken.slice(0, 4)).toEqual(['Per Protocollo generale, premere 1.', 'Per Sportello Anagrafe Centrale, premere 2.', 'Per URP Municipio 1, premere 3.', 'Per un operatore, premere 0.']);
      // Three offices: no second page, 9 is not a choice; the caller is asked again and picks 1.
      expect(sim.heard).toContain('rubrica-nessuno');
    });

    it('an extension nobody has, twice, then the operators', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '99999#9999#9999#' });
      expect(sim.heard.filter((h) => h === 'rubrica-nessuno')).toHaveLength(2);
      expect(sim.destination).toBe('queue centralino (priority 5)');
    });

    it('an extension that does not answer: told so, then the operators (never a dead end)', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '9*326#1' });
      expect(sim.heard.slice(-1)).toEqual(['rubrica-non-risponde']);
      expect(sim.destination).toBe('queue centralino (priority 5)');
    });
  });

  it('the transcript is told on Rome\'s clock and says why the service is closed', async () => {
    const ambrogio = await call({ number: '020202', at: '2026-12-07 10:00', keys: '.' });
    expect(ambrogio.lines[0]).toMatch(/^☎ \+393331234567 calls 020202 on lunedì 7 dicembre 2026.* 10:00 \(Rome\) → flow milano-020202/);
    expect(ambrogio.lines).toContain("  ⏰ contact-center-milano: holiday — Sant'Ambrogio");
    const sunday = await call({ number: '800292020', at: '2026-11-22 10:00' });
    expect(sunday.lines).toContain('  ⏰ numero-verde-regione: closed — closed on sun');
  });

  it('a wrong key, then a right one', async () => {
    const sim = await call({ number: '020202', at: MONDAY, keys: '72' });
    expect(sim.heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', 'invalid', 'menu', 'info-tributi']);
  });

  it('* repeats the menu', async () => {
    expect((await call({ number: '020202', at: MONDAY, keys: '*1' })).heard.filter((h) => h === 'menu')).toHaveLength(2);
  });

  it('a caller who presses nothing reaches an operator, not a dead end', async () => {
    const sim = await call({ number: '020202', at: MONDAY, keys: '...' });
    expect(sim.heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', 'noinput', 'menu', 'noinput', 'menu']);
    expect(sim.destination).toBe('queue generale (priority 5)');
  });

  it('closed on Sunday and after 20:00 (a caller who presses nothing hears the hours); Saturday morning open', async () => {
    expect((await call({ number: '020202', at: '2026-11-22 11:00', keys: '.' })).heard).toEqual(['welcome', 'privacy', 'closed-offer', 'closed']);
    expect((await call({ number: '020202', at: '2026-11-23 20:00', keys: '.' })).heard).toEqual(['welcome', 'privacy', 'closed-offer', 'closed']);
    expect((await call({ number: '020202', at: '2026-11-28 09:00', keys: '1' })).destination).toBe('queue anagrafe (priority 5)');
  });

  it("Sant'Ambrogio and Christmas are holidays; Christmas Eve closes at 13:00", async () => {
    expect((await call({ number: '020202', at: '2026-12-07 10:00', keys: '.' })).heard).toEqual(['welcome', 'privacy', 'holiday-offer', 'holiday']);
    expect((await call({ number: '020202', at: '2026-12-25 10:00', keys: '.' })).heard).toEqual(['welcome', 'privacy', 'holiday-offer', 'holiday']);
    expect((await call({ number: '020202', at: '2026-12-24 12:59', keys: '1' })).destination).toBe('queue anagrafe (priority 5)');
    expect((await call({ number: '020202', at: '2026-12-24 13:00', keys: '.' })).heard).toEqual(['welcome', 'privacy', 'closed-offer', 'closed']);
  });

  it('an emergency plays its message first, then the service goes on', async () => {
    const sim = await call({ number: '020202', at: MONDAY, keys: '1', emergencyText: 'Per la neve, gli uffici anagrafe sono chiusi oggi.' });
    expect(sim.heard.slice(0, 2)).toEqual(['announcement', 'welcome']);
    expect(sim.lines).toContain('🔊 announcement: «Per la neve, gli uffici anagrafe sono chiusi oggi.»');
    // The schedule reads "emergency" (it wins over open): the flow does not close for it.
    expect(sim.destination).toBe('queue anagrafe (priority 5)');
  });

  it('an emergency on a Sunday plays its message, then the closed message', async () => {
    const sim = await call({ number: '020202', at: '2026-11-22 11:00', keys: '.', emergencyText: 'Sciopero dei mezzi pubblici.' });
    expect(sim.heard).toEqual(['announcement', 'welcome', 'privacy', 'closed-offer', 'closed']);
  });

  it('outside opening hours, 1 leaves a request: a ticket is opened and its number read back twice', async () => {
    const sim = await call({ number: '020202', at: '2026-11-22 11:00', keys: '1' });
    expect(sim.heard).toEqual(['welcome', 'privacy', 'closed-offer', 'ticketNumberIs', 'digits', 'ticketNumberAgain', 'digits', 'request-left']);
    expect(sim.lines).toContain('🎫 ticket 100001 opened (Informazioni: Richiesta di ricontatto lasciata fuori orario)');
  });

  it('a request the CRM cannot take: the caller is asked to call back in opening hours, never left in silence', async () => {
    const sim = await call({ number: '020202', at: '2026-11-22 11:00', keys: '1', crm: { recognise: () => Promise.resolve({ outcome: 'timeout', openTickets: [] }), openTicket: () => Promise.resolve(undefined), flagForReview: () => Promise.resolve(undefined) } });
    expect(sim.heard).toEqual(['welcome', 'privacy', 'closed-offer', 'request-failed']);
  });

  describe('a caller the CRM recognises (the demo citizens)', () => {
    const crm = new CrmGuard({
      crm: new EmbeddedCrm({ path: ':memory:', seedDemo: true }),
      budgetMs: 800,
      counter: { count: () => Promise.resolve() },
      events: { append: () => Promise.resolve('') },
      now: () => new Date(),
    });

    it('is welcomed back and offered the status of their open ticket (1: number and status, then the menu)', async () => {
      const sim = await call({ number: '020202', at: MONDAY, caller: '+393331110001', keys: '12', crm });
      expect(sim.heard).toEqual(['welcome-back', 'privacy', 'ticket-offer', 'ticket-number', 'digits', 'status-in_lavorazione', 'after-status', 'menu', 'info-tributi']);
      expect(sim.lines).toContain('🔊 the digits 1 0 0 0 0 1');
      expect(sim.destination).toBe('queue tributi (priority 5)');
    });

    it('2 skips the ticket and goes on to the services; a ticket forwarded to a department says so', async () => {
      expect((await call({ number: '020202', at: MONDAY, caller: '3331110003', keys: '21', crm })).heard).toEqual(['welcome-back', 'privacy', 'ticket-offer', 'selfhelp', 'menu', 'info-anagrafe']);
      expect((await call({ number: '020202', at: MONDAY, caller: '3331110003', keys: '1', crm })).heard).toContain('status-inoltrato');
    });

    it('without open tickets, only the welcome changes; a number two citizens share is not greeted as either', async () => {
      expect((await call({ number: '020202', at: MONDAY, caller: '+393331110002', keys: '1', crm })).heard).toEqual(['welcome-back', 'privacy', 'selfhelp', 'menu', 'info-anagrafe']);
      expect((await call({ number: '020202', at: MONDAY, caller: '+390255550010', keys: '1', crm })).heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', 'info-anagrafe']);
    });

    it('a CRM that does not answer in time: the caller goes on as unknown, without waiting past the budget', async () => {
      const slow = new CrmGuard({
        crm: { ...stubbornCrm(), kind: 'http' } as unknown as Crm,
        budgetMs: 50,
        counter: { count: () => Promise.resolve() },
        events: { append: () => Promise.resolve('') },
        now: () => new Date(),
      });
      const sim = await call({ number: '020202', at: MONDAY, caller: '+393331110001', keys: '1', crm: slow });
      expect(sim.lines).toContain('👤 CRM: timeout, open tickets: none');
      expect(sim.heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', 'info-anagrafe']);
    });
  });

  describe('callbacks', () => {
    const booked = (sim: { lines: string[] }) => sim.lines.filter((l) => l.startsWith('📞'));

    it('waiting in a queue, 2 then 1 confirms the caller id read back: booked in turn, keeping the place, then goodbye', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '2 1', queueOutcome: 'callback' });
      expect(sim.heard).toEqual(['welcome', 'privacy', 'selfhelp', 'menu', 'info-tributi', 'callbackNumberIs', 'digits', 'callbackConfirmNumber', 'callbackBookedInTurn', 'goodbye']);
      expect(sim.lines).toContain('🔊 the digits 3 3 3 1 2 3 4 5 6 7');
      expect(booked(sim)).toEqual(['📞 callback booked for +393331234567 (tributi): appena sarà il suo turno, keeping the place in the queue']);
      expect(sim.journey.slice(-3)).toEqual(['queue-tributi', 'callback-tributi', 'goodbye']);
    });

    it('an anonymous caller keys a number; a premium number is refused and keyed again; 2 on the read-back keys another', async () => {
      const sim = await call({ number: '020202', at: MONDAY, caller: 'anonymous', keys: '1 899123456# 3351234567# 2 0230301# 1', queueOutcome: 'callback' });
      expect(sim.heard.slice(5)).toEqual([
        'callbackKeyNumber',
        'callbackNumberRefused',
        'callbackKeyNumber',
        'callbackNumberIs',
        'digits',
        'callbackConfirmNumber',
        'callbackKeyNumber',
        'callbackNumberIs',
        'digits',
        'callbackConfirmNumber',
        'callbackBookedInTurn',
        'goodbye',
      ]);
      expect(booked(sim)).toEqual(['📞 callback booked for +390230301 (anagrafe): appena sarà il suo turno, keeping the place in the queue']);
    });

    it('a caller who gives no number goes back to the queue (where their place is still theirs)', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '6 . . .', queueOutcome: 'callback' });
      expect(booked(sim)).toEqual([]);
      expect(sim.lines).toContain('→ callback-mobilita (callback) → queue-mobilita');
      expect(sim.heard.slice(5, 8)).toEqual(['callbackNumberIs', 'digits', 'callbackConfirmNumber']);
    });

    it('closed on Monday evening: 2 offers the free slots by day from Tuesday 8:00, three at a time; 9 for more that day', async () => {
      const sim = await call({ number: '020202', at: '2026-11-23 21:00', keys: '2 1 9 2' });
      const menu = (day: string, times: string, before = false) => [
        `Per ${day}: ${times}.`,
        `Per altri orari di ${day}, prema 9.`,
        'Per il giorno dopo, prema 8.',
        ...(before ? ['Per il giorno prima, prema 7.'] : []),
        "Per dire il giorno e l'ora, prema 0.",
      ];
      expect(sim.spoken).toEqual([
        ...menu('domani', 'alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3'),
        ...menu('domani', 'alle 9 e 30, prema 1; alle 10, prema 2; alle 10 e 30, prema 3'),
        'Grazie. La richiameremo domani alle 10. Ora può riagganciare.',
      ]);
      expect(booked(sim)).toEqual(['📞 callback booked for +393331234567 (generale): domani alle 10']);
      expect(sim.journey.slice(-3)).toEqual(['closed-offer', 'callback-closed', 'goodbye']);

      // 8 the next day, 8 again, 7 back: Wednesday's first slot.
      const days = await call({ number: '020202', at: '2026-11-23 21:00', keys: '2 1 8 8 7 1' });
      expect(days.spoken.filter((l) => l.startsWith('Per ') && l.includes(': alle'))).toEqual([
        'Per domani: alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3.',
        'Per mercoledì 25 novembre: alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3.',
        'Per giovedì 26 novembre: alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3.',
        'Per mercoledì 25 novembre: alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3.',
      ]);
      expect(booked(days)).toEqual(['📞 callback booked for +393331234567 (generale): mercoledì 25 novembre alle 8']);
    });

    it('0 lets the caller key a day and an hour (25 10 #), confirmed with 1; a day with nothing free is said so', async () => {
      const keyed = await call({ number: '020202', at: '2026-11-23 21:00', keys: '2 1 0 2 5 1 0 # 1' });
      expect(keyed.spoken.slice(-2)).toEqual([
        'Il primo orario libero è mercoledì 25 novembre alle 10. Per confermare, prema 1. Per scegliere ancora, prema 2.',
        'Grazie. La richiameremo mercoledì 25 novembre alle 10. Ora può riagganciare.',
      ]);
      // Sunday the 29th is closed: nothing free; the caller is back at the days, and picks tomorrow at 8.
      const sunday = await call({ number: '020202', at: '2026-11-23 21:00', keys: '2 1 0 2 9 1 2 # 1' });
      expect(sunday.spoken).toContain("Quel giorno, da quell'ora, non ci sono orari liberi.");
      expect(booked(sunday)).toEqual(['📞 callback booked for +393331234567 (generale): domani alle 8']);
    });

    it("on Saturday evening the next slots are on Monday (Sunday closed); on Sant'Ambrogio, after the Immacolata", async () => {
      const saturday = await call({ number: '020202', at: '2026-11-28 20:30', keys: '2 1 1' });
      expect(saturday.spoken[0]).toBe('Per lunedì 30 novembre: alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3.');
      const santAmbrogio = await call({ number: '020202', at: '2026-12-07 10:00', keys: '2 1 1' });
      expect(santAmbrogio.heard.slice(0, 3)).toEqual(['welcome', 'privacy', 'holiday-offer']);
      expect(santAmbrogio.spoken[0]).toBe('Per mercoledì 9 dicembre: alle 8, prema 1; alle 8 e 30, prema 2; alle 9, prema 3.');
    });

    it('no slot chosen: the caller hears the closed message', async () => {
      const sim = await call({ number: '020202', at: '2026-11-23 21:00', keys: '2 1 . . .' });
      expect(booked(sim)).toEqual([]);
      expect(sim.heard.slice(-1)).toEqual(['closed']);
    });

    it('a caller calling again with a callback booked hears when; 1 keeps it and ends the call', async () => {
      const sim = await call({ number: '020202', at: MONDAY, keys: '1', bookedCallback: { kind: 'scheduled', at: romeInstant('2026-11-24 10:30') } });
      expect(sim.spoken).toEqual(['Risulta una richiamata prenotata per questo numero: la richiameremo domani alle 10 e 30.']);
      expect(sim.heard).toEqual(['welcome', 'privacy', 'tts', 'callbackKeepOrCancel', 'callbackKept', 'goodbye']);
    });

    it('2 cancels it and the caller goes on to the services; pressing nothing keeps it and goes on too', async () => {
      const cancelled = await call({ number: '020202', at: MONDAY, keys: '2 1', bookedCallback: { kind: 'keep_place' } });
      expect(cancelled.spoken).toEqual(['Risulta una richiamata prenotata per questo numero: la richiameremo appena sarà il suo turno.']);
      expect(cancelled.lines).toContain('📞 the callback is cancelled');
      expect(cancelled.heard).toEqual(['welcome', 'privacy', 'tts', 'callbackKeepOrCancel', 'callbackCancelled', 'selfhelp', 'menu', 'info-anagrafe']);
      const silent = await call({ number: '020202', at: MONDAY, keys: '. 1', bookedCallback: { kind: 'keep_place' } });
      expect(silent.lines).not.toContain('📞 the callback is cancelled');
      expect(silent.destination).toBe('queue anagrafe (priority 5)');
    });
  });

  it('the long form 0202020202 reaches the same flow', async () => {
    expect((await call({ number: '0202020202', at: MONDAY, keys: '2' })).destination).toBe('queue tributi (priority 5)');
  });
});

describe('numero verde regionale', () => {
  it('the centralino: dialling an extension that answers transfers the call', async () => {
    const sim = await call({ number: '800292020', at: MONDAY, keys: '32003#', transferAnswered: true });
    expect(sim.destination).toBe('transfer to {"extension":"2003"}: connected');
    expect(sim.heard).toEqual(['welcome', 'menu', 'rubrica', 'tts']);
  });

  it('an extension that does not answer falls back to the centralino queue', async () => {
    const sim = await call({ number: '800292020', at: MONDAY, keys: '32003#' });
    expect(sim.heard).toEqual(['welcome', 'menu', 'rubrica', 'tts', 'no-answer']);
    expect(sim.destination).toBe('queue centralino (priority 5)');
  });

  it('a too-short surname search twice, then again: the operator', async () => {
    const sim = await call({ number: '800292020', at: MONDAY, keys: '3*7#*7#*7#' });
    expect(sim.heard).toEqual(['welcome', 'menu', 'rubrica', 'rubrica-lettere', 'rubrica-nessuno', 'rubrica', 'rubrica-lettere', 'rubrica-nessuno', 'rubrica', 'rubrica-lettere']);
    expect(sim.destination).toBe('queue centralino (priority 5)');
  });

  it('a queue without an exit branch: a caller who must leave it hears that the operators are busy', async () => {
    const sim = await call({ number: '800292020', at: MONDAY, keys: '30', queueOutcome: 'no_agents' });
    expect(sim.heard).toEqual(['welcome', 'menu', 'rubrica', 'operatorsBusy']);
  });

  it('closed at lunch time and on Saturday', async () => {
    expect((await call({ number: '800292020', at: '2026-11-23 13:30' })).heard).toEqual(['welcome', 'closed']);
    expect((await call({ number: '800292020', at: '2026-11-28 10:00' })).heard).toEqual(['welcome', 'closed']);
  });
});

describe('romeInstant', () => {
  it('reads Rome wall-clock time in winter and summer', () => {
    expect(romeInstant('2026-01-15 08:30').toISOString()).toBe('2026-01-15T07:30:00.000Z');
    expect(romeInstant('2026-07-15 08:30').toISOString()).toBe('2026-07-15T06:30:00.000Z');
    expect(romeInstant('2026-03-29 03:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(() => romeInstant('tomorrow')).toThrow(/not a local date and time/);
  });
});
