import { promptMedia } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../src/shared/system-prompts.js';
/** Every node type, simulated on the fake telephony with fake timers (no I/O, no real waits). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harness } from '../support/ivr-harness.js';

const MENU = `
id: menu-test
numbers: ["020202"]
language: it
prompts:
  menu: Per l'anagrafe premi 1, per i tributi premi 2, per riascoltare premi asterisco.
  invalid: Scelta non valida.
  silence: Non ho ricevuto nessuna scelta.
  anagrafe: Anagrafe.
  tributi: Tributi.
  sorry: Non è stato possibile capire la scelta. Arrivederci.
start: menu
nodes:
  menu:
    type: menu
    prompt: menu
    choices: { "1": anagrafe, "2": tributi }
    repeatKey: "*"
    retries: 2
    timeoutSeconds: 5
    invalidPrompt: invalid
    noInputPrompt: silence
    onFailure: sorry
  anagrafe: { type: hangup, prompt: anagrafe }
  tributi: { type: hangup, prompt: tributi }
  sorry: { type: hangup, prompt: sorry }
`;

/** Presses keys at fake times (ms after now). */
function press(call: { pressDigit(d: string): void }, at: Record<number, string>): void {
  for (const [ms, digit] of Object.entries(at)) setTimeout(() => call.pressDigit(digit), Number(ms));
}

describe('menu', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('goes to the choice pressed after the prompt', async () => {
    const h = harness([MENU]);
    const call = h.call();
    press(call, { 1500: '2' });
    await h.settle();
    expect(h.heard(call)).toEqual(['menu', 'tributi']);
    expect(h.journey()).toEqual(['menu', 'tributi']);
    expect(h.events.ofType('ivr.node')[0]?.data).toMatchObject({ node: 'menu', digits: '2', choice: '2', next: 'tributi' });
  });

  it('a key pressed during the prompt cuts it short (barge-in) and counts as the choice', async () => {
    const h = harness([MENU]);
    const call = h.call();
    press(call, { 300: '1' });
    await h.settle();
    expect(h.heard(call)).toEqual(['anagrafe']);
    expect(h.journey()).toEqual(['menu', 'anagrafe']);
  });

  it('the repeat key plays the prompt again without counting as a mistake', async () => {
    const h = harness([MENU]);
    const call = h.call();
    press(call, { 1500: '*', 3000: '1' });
    await h.settle();
    expect(h.heard(call)).toEqual(['menu', 'menu', 'anagrafe']);
  });

  it('a wrong key plays the invalid prompt and asks again', async () => {
    const h = harness([MENU]);
    const call = h.call();
    press(call, { 1500: '9', 4500: '2' });
    await h.settle();
    expect(h.heard(call)).toEqual(['menu', 'invalid', 'menu', 'tributi']);
  });

  it('after the retries with no input, goes to onFailure', async () => {
    const h = harness([MENU]);
    const call = h.call();
    await h.settle();
    expect(h.heard(call)).toEqual(['menu', 'silence', 'menu', 'silence', 'menu', 'sorry']);
    expect(h.events.ofType('ivr.node')[0]?.data).toMatchObject({ failed: 'no_input', next: 'sorry' });
  });

  it('a hang-up while waiting for a key leaves no timer, listener or live call', async () => {
    const h = harness([MENU]);
    const call = h.call();
    setTimeout(() => call.callerHangsUp(), 2500);
    await h.settle();
    expect(h.events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'caller_hung_up', visited: ['menu'] });
    expect(h.telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    expect(h.store.live.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a hang-up during each prompt of the menu leaves nothing behind', async () => {
    for (const at of [100, 1200, 6100, 7200]) {
      const h = harness([MENU]);
      const call = h.call();
      setTimeout(() => call.callerHangsUp(), at);
      await h.settle();
      expect(h.store.live.size, `hang-up at ${at} ms`).toBe(0);
      expect(h.telephony.stats(), `hang-up at ${at} ms`).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});

const COLLECT = `
id: collect-test
numbers: ["020202"]
language: it
prompts:
  ask: Digita il numero della pratica seguito da cancelletto.
  confirm: Premi 1 per confermare, 2 per reinserire.
  invalid: Numero non valido.
  ok: Grazie.
  ko: Arrivederci.
start: ask
nodes:
  ask:
    type: collect
    prompt: ask
    variable: pratica
    minDigits: 4
    maxDigits: 8
    pattern: "[0-9]+"
    readBack: true
    confirmPrompt: confirm
    invalidPrompt: invalid
    retries: 1
    next: say
    onFailure: ko
  say: { type: say, kind: digits, value: "\${pratica}", next: ok }
  ok: { type: hangup, prompt: ok }
  ko: { type: hangup, prompt: ko }
`;

describe('collect', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects digits up to the terminator, reads them back, asks to confirm and stores them', async () => {
    const h = harness([COLLECT]);
    const call = h.call();
    press(call, { 1500: '1', 1700: '2', 1900: '3', 2100: '4', 2300: '#', 5000: '1' });
    await h.settle();
    expect(h.heard(call)).toEqual(['ask', 'digits:1234', 'confirm', 'digits:1234', 'ok']);
    expect(h.events.ofType('ivr.node')[0]?.data).toMatchObject({ node: 'ask', variable: 'pratica', length: 4 });
  });

  it('too few digits are invalid; after the retries it goes to onFailure', async () => {
    const h = harness([COLLECT]);
    const call = h.call();
    press(call, { 1500: '1', 1700: '#', 4000: '2', 4200: '#' });
    await h.settle();
    expect(h.heard(call)).toEqual(['ask', 'invalid', 'ask', 'ko']);
  });

  it('an inter-digit pause ends the input', async () => {
    const h = harness([COLLECT]);
    const call = h.call();
    // 4 digits, then silence: the default 4 s inter-digit timeout ends the number.
    press(call, { 1500: '5', 1700: '6', 1900: '7', 2100: '8', 9000: '1' });
    await h.settle();
    expect(h.heard(call)).toEqual(['ask', 'digits:5678', 'confirm', 'digits:5678', 'ok']);
  });
});

const ROUTING = `
id: routing-test
numbers: ["020202"]
language: it
prompts:
  open: Siamo aperti.
  closed: Siamo chiusi.
  holiday: Oggi è festa.
  emergency: Emergenza neve.
  vip: Linea dedicata.
start: route
nodes:
  route:
    type: branch
    cases:
      - when: { emergency: true }
        next: emergency
      - when: { caller: { startsWith: ["+3902"] } }
        next: vip
      - when: { schedule: { id: contact-center, is: holiday } }
        next: holiday
      - when: { schedule: { id: contact-center, is: open } }
        next: tag
    otherwise: closed
  tag: { type: set, tags: [Anagrafe], variables: { origine: "\${caller}" }, next: open }
  open: { type: play, prompts: [open], next: queue }
  queue: { type: queue, queue: anagrafe, priority: 3, data: { origine: "\${origine}" } }
  closed: { type: hangup, prompt: closed }
  holiday: { type: hangup, prompt: holiday }
  emergency: { type: hangup, prompt: emergency }
  vip: { type: hangup, prompt: vip }
`;

const SCHEDULES = `
schedules:
  contact-center:
    hours:
      mon-fri: ["08:00-20:00"]
      sat: ["08:30-13:30"]
    holidays: { country: IT, region: "25", city: MI }
`;

describe('branch, set and queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const run = async (at: string, opts: { emergency?: boolean; caller?: string } = {}) => {
    vi.setSystemTime(new Date(at));
    const h = harness([ROUTING], { schedules: SCHEDULES, emergency: opts.emergency ?? false });
    const call = h.call('020202', opts.caller);
    await h.settle();
    return { h, heard: h.heard(call) };
  };

  it('open hours: tags the call, then hands it to the queue (no ACD here: "operators busy", never silence)', async () => {
    const { h, heard } = await run('2026-11-23T09:00:00Z'); // Monday 10:00 in Rome
    expect(heard).toEqual(['open', promptMedia(SYSTEM_PROMPTS.operatorsBusy)]);
    expect(h.events.ofType('queue.exit')[0]?.data).toMatchObject({ queue: 'anagrafe', reason: 'unavailable' });
    expect(h.events.ofType('queue.requested')[0]?.data).toMatchObject({ queue: 'anagrafe', priority: 3, data: { origine: '+393331234567' }, tags: ['Anagrafe'] });
    expect(h.events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'completed' });
  });

  it('closed on Sunday, and on Saturday afternoon', async () => {
    expect((await run('2026-11-22T11:00:00Z')).heard).toEqual(['closed']);
    expect((await run('2026-11-21T14:00:00Z')).heard).toEqual(['closed']); // Sat 15:00
  });

  it("Milan's Sant'Ambrogio (7 December) is a holiday, though a Monday", async () => {
    expect((await run('2026-12-07T09:00:00Z')).heard).toEqual(['holiday']);
  });

  it('an emergency case wins when the flow asks for it first', async () => {
    expect((await run('2026-12-07T09:00:00Z', { emergency: true })).heard).toEqual(['emergency']);
  });

  it('a closure (a strike, snow) closes an open day: its message once, then the closed path; ${closure} names it', async () => {
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z')); // Monday 10:00 in Rome, normally open
    const closures = `    closures:\n      - { from: "2026-11-23", to: "2026-11-23", name: Sciopero, message: "Oggi il servizio è chiuso per sciopero." }\n      - { from: "2026-11-24 12:00", to: "2026-11-24 16:00", name: Neve }\n`;
    // The closed path hands the call to a queue with ${closure} in its data (as a ticket's subject could).
    const flow = ROUTING.replace('closed: { type: hangup, prompt: closed }', 'closed: { type: queue, queue: anagrafe, data: { motivo: "${closure}" } }');
    const h = harness([flow], { schedules: SCHEDULES + closures });
    const call = h.call('020202');
    await h.settle();
    expect(h.heard(call)).toEqual(['tts:Oggi il servizio è chiuso per sciopero.', promptMedia(SYSTEM_PROMPTS.operatorsBusy)]);
    expect(h.events.ofType('queue.requested')[0]?.data).toMatchObject({ data: { motivo: 'Sciopero' } });
    expect(h.events.ofType('ivr.node').find((e) => e.data?.node === 'route')?.data).toMatchObject({ next: 'closed', case: 'otherwise', closure: 'Sciopero' });

    // A closure with no message: the closed path alone.
    vi.setSystemTime(new Date('2026-11-24T12:00:00Z')); // Tuesday 13:00
    const h2 = harness([ROUTING], { schedules: SCHEDULES + closures });
    const call2 = h2.call('020202');
    await h2.settle();
    expect(h2.heard(call2)).toEqual(['closed']);
  });

  it('a caller prefix routes to its case', async () => {
    expect((await run('2026-11-23T09:00:00Z', { caller: '+39021234567' })).heard).toEqual(['vip']);
  });
});

const SUB = `
id: privacy
numbers: ["0200000001"]
language: it
prompts:
  privacy: I dati personali sono trattati secondo la normativa.
start: notice
nodes:
  notice: { type: play, prompts: [privacy], next: back }
  back: { type: return }
`;
const MAIN = `
id: main
numbers: ["020202"]
language: it
prompts:
  hello: Benvenuto.
  bye: Arrivederci.
  transferring: La trasferisco.
  failed: Il collega non risponde.
start: hello
nodes:
  hello: { type: play, prompts: [hello], next: privacy }
  privacy: { type: subflow, flow: privacy, next: transfer }
  transfer: { type: transfer, to: { extension: "1001" }, announce: transferring, timeoutSeconds: 10, onFailure: bye }
  bye: { type: hangup, prompt: failed }
`;

describe('subflow and transfer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the sub-flow and comes back; a transfer nobody answers goes to onFailure', async () => {
    const h = harness([SUB, MAIN]);
    const call = h.call();
    await h.settle();
    expect(h.heard(call)).toEqual(['hello', 'privacy', 'transferring', 'failed']);
    expect(h.telephony.originated[0]).toMatchObject({ endpoint: 'PJSIP/1001', appArgs: ['dialled', 'transfer-leg', expect.any(String)] });
    expect(h.events.ofType('call.transfer')[0]?.data).toMatchObject({ outcome: 'failed' });
    expect(h.telephony.stats().channels).toBe(0);
  });

  it('a transfer that is answered bridges the two and ends when one side hangs up', async () => {
    const h = harness([SUB, MAIN]);
    h.telephony.originateAnswersAfterMs = 2000;
    const call = h.call();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.events.ofType('call.transfer')[0]?.data).toMatchObject({ outcome: 'connected' });
    expect(call.ended.aborted).toBe(false);
    call.callerHangsUp();
    await h.settle();
    expect(h.telephony.calls.every((c) => c.ended.aborted)).toBe(true);
    expect(h.events.ofType('call.ended')[0]?.data).toMatchObject({ outcome: 'completed' });
  });
});

describe('transfer to a variable', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a variable that is not plain digits never reaches a dial string: onFailure, nothing originated', async () => {
    const h = harness([
      SUB,
      MAIN.replace('start: hello', 'start: set').replace('nodes:\n', 'nodes:\n  set: { type: set, variables: { dove: "123&PJSIP/evil" }, next: hello }\n').replace('to: { extension: "1001" }', 'to: { number: "${dove}" }'),
    ]);
    const call = h.call();
    await h.settle();
    expect(h.heard(call)).toEqual(['hello', 'privacy', 'transferring', 'failed']);
    expect(h.telephony.originated).toEqual([]);
    expect(h.events.ofType('call.transfer')[0]?.data).toMatchObject({ to: { number: '123&PJSIP/evil' }, outcome: 'failed' });
  });

  it.each([
    ['899123456', 0],
    ['+8816 1234 5678', 0],
    ['0288451234', 1],
  ])('an external number passes the toll-fraud guard before it is dialled: %s → %i originated', async (number, originated) => {
    const h = harness([SUB, MAIN.replace('to: { extension: "1001" }', `to: { number: "${number.replace(/\s/g, '')}" }`)]);
    h.call();
    await h.settle();
    expect(h.telephony.originated).toHaveLength(originated);
  });
});

describe('play', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keys pressed during a prompt without barge-in are ignored', async () => {
    const h = harness([
      MENU.replace('start: menu', 'start: notice').replace('nodes:\n', 'nodes:\n  notice: { type: play, prompts: [anagrafe], bargeIn: false, next: menu }\n'),
    ]);
    const call = h.call();
    press(call, { 500: '2', 2500: '1' });
    await h.settle();
    // The 2 pressed during the notice did not pick Tributi, nor skip the menu prompt.
    expect(h.heard(call)).toEqual(['anagrafe', 'menu', 'anagrafe']);
  });
});

describe('a hang-up in any state leaves nothing behind', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const cases: [string, string[], (h: ReturnType<typeof harness>) => void, number[]][] = [
    ['collect (prompt, first digit, between digits, read-back, confirm)', [COLLECT], () => undefined, [500, 1600, 1800, 2600, 4000]],
    ['transfer while the office rings', [SUB, MAIN], () => undefined, [2500, 4000, 9000]],
    ['transfer answered, during the conversation', [SUB, MAIN], (h) => (h.telephony.originateAnswersAfterMs = 2000), [6000, 20_000]],
    ['sub-flow prompt', [SUB, MAIN], () => undefined, [1500]],
  ];
  for (const [name, flows, prepare, times] of cases) {
    it(name, async () => {
      for (const at of times) {
        const h = harness(flows);
        prepare(h);
        const call = h.call();
        if (name.startsWith('collect')) press(call, { 1500: '1', 1700: '2', 1900: '3', 2100: '4', 2300: '#', 5000: '1' });
        setTimeout(() => call.callerHangsUp(), at);
        await h.settle();
        expect(h.store.live.size, `${name} at ${at} ms`).toBe(0);
        expect(h.telephony.stats(), `${name} at ${at} ms`).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
        expect(h.events.ofType('call.ended'), `${name} at ${at} ms`).toHaveLength(1);
        // Past the script's last key press: any timer left now is the engine's.
        await vi.advanceTimersByTimeAsync(10_000);
        expect(vi.getTimerCount(), `${name} at ${at} ms`).toBe(0);
      }
    });
  }
});
