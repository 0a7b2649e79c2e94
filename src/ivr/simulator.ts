/**
 * Runs a flow as a caller would experience it, instantly: prompts "play" at once, the caller's
 * keys come from a script ("2", "." for silence), and the result is a readable transcript.
 * The same runtime and nodes as live calls; only the channel and the digits are simulated.
 */
import type { EngineEvent, EventLog } from '../events/event-log.js';
import { DEMO_DIRECTORY_CSV, DirectoryIndex, parseDirectoryCsv } from '../directory/index.js';
import { callbackHours, callbackWhen, checkNumber, dialDigits, queueFreeSlots, queueSlotRules, slotInItalian } from '../callbacks/index.js';
import type { IvrCallbackService, IvrCrm, IvrDirectory, QueueRequest, QueueResult } from './nodes/node.js';
import { queueAnnouncement, type QueueOutlook } from '../acd/index.js';
import { createLogger } from '../logger.js';
import { CallHungUpError, type CallChannel, type InboundCallInfo, type PlaybackOutcome } from '../telephony/telephony.js';
import type { IvrCatalog } from './catalog.js';
import { runIvr } from './call-runtime.js';
import { DigitBuffer } from './digit-buffer.js';
import { ItalianHolidays } from '../shared/holidays.js';
import { scheduleState, TIME_ZONE } from '../shared/schedule.js';
import { promptMedia } from '../shared/prompts.js';
import { SYSTEM_PROMPTS } from '../shared/system-prompts.js';

export interface SimulationInput {
  readonly number: string;
  readonly at: Date;
  readonly caller: string;
  /** Keys the caller presses when asked, in order; "." is silence (a timeout). */
  readonly keys: string;
  readonly emergency?: boolean;
  /** Text of an emergency announcement to simulate (implies emergency). */
  readonly emergencyText?: string;
  /** Whether a transfer is answered. */
  readonly transferAnswered?: boolean;
  /** What happens in an operator queue (default: an operator answers). */
  readonly queueOutcome?: QueueResult['outcome'];
  /** The CRM the lookup and ticket steps ask (default: every caller is unknown, tickets are numbered but not kept). */
  readonly crm?: IvrCrm;
  /** The telephone directory the centralino searches (default: the demo directory). */
  readonly directory?: IvrDirectory;
  /**
   * The queue as a new caller would find it: the live engine's (API, --live), or by default
   * position `queuePosition` (1), wait `waitMinutes` (none known), someone logged in.
   */
  readonly queueOutlook?: (queue: string, priority: number) => Promise<QueueOutlook | undefined>;
  readonly queuePosition?: number;
  /** The "meno di N minuti" the queue announces (default: no estimate yet). */
  readonly waitMinutes?: number;
  /** Whether the caller is one of the `oneIn` a survey invites (default: yes). */
  readonly sampled?: boolean;
  /** A callback already booked for the caller's number (a caller calling again). */
  readonly bookedCallback?: { readonly kind: 'keep_place' | 'scheduled'; readonly at?: Date };
}

let demoDirectory: IvrDirectory | undefined;
/** The demo directory (src/directory/demo-directory.ts), indexed once. */
export function demoDirectoryIndex(): IvrDirectory {
  return (demoDirectory ??= new DirectoryIndex(parseDirectoryCsv(DEMO_DIRECTORY_CSV)));
}

/** Stands in for a CRM when the simulation has none: nothing is written anywhere. */
const SIMULATED_CRM: IvrCrm = {
  recognise: () => Promise.resolve({ outcome: 'unknown', openTickets: [] }),
  openTicket: () => Promise.resolve({ number: 100001 }),
  flagForReview: () => Promise.resolve({ number: 100002, action: 'created' }),
};

/**
 * Callbacks in a simulation: the real number guard and the queue's real free slots (from
 * queues.yaml, as if nothing were booked); bookings are only told, never kept.
 */
function simulatedCallbacks(catalog: IvrCatalog, input: SimulationInput, holidays: ItalianHolidays, say: (line: string) => void): IvrCallbackService {
  const when = (kind: 'keep_place' | 'scheduled', at?: Date) => callbackWhen({ kind, dueAt: at?.getTime() ?? input.at.getTime(), ...(at ? { slotStart: at.getTime() } : {}) }, input.at);
  return {
    check(number) {
      const checked = checkNumber(number);
      return checked.allowed ? { allowed: true, e164: checked.e164, digits: dialDigits(checked.e164) } : { allowed: false, reason: checked.reason };
    },
    freeSlots(queueId, limit) {
      const def = catalog.acd?.queues.get(queueId);
      const rules = def ? queueSlotRules(def) : undefined;
      if (!def || !rules) return Promise.resolve([]);
      return Promise.resolve(queueFreeSlots(callbackHours(def, catalog.schedules), rules, input.at, holidays, new Map(), limit).map((s) => ({ start: s.start, spoken: slotInItalian(s.start, input.at) })));
    },
    book(request) {
      const booking = { id: 'simulated', kind: request.kind, queueId: request.queueId, when: when(request.kind, request.at) };
      say(`📞 callback booked for ${request.number} (${request.queueId}): ${booking.when}${request.place ? ', keeping the place in the queue' : ''}`);
      return Promise.resolve({ booking, merged: false });
    },
    openFor() {
      const b = input.bookedCallback;
      return Promise.resolve(b ? { id: 'simulated', kind: b.kind, queueId: 'simulated', when: when(b.kind, b.at) } : undefined);
    },
    cancel() {
      say('📞 the callback is cancelled');
      return Promise.resolve();
    },
  };
}

export interface Simulation {
  readonly lines: string[];
  readonly destination: string;
  readonly journey: string[];
  readonly tags: readonly string[];
  /** What the caller heard, in order: prompt ids (the flows' and the system's), "tts" for spoken text. */
  readonly heard: readonly string[];
  /** The queue the caller was handed to, if any. */
  readonly queue?: string;
  /** The extension or number the caller was transferred to, if any. */
  readonly transfer?: string;
}

/** Digits from a script; when it runs out the caller hangs up. */
class ScriptedDigits extends DigitBuffer {
  constructor(
    private readonly script: string[],
    private readonly say: (line: string) => void,
    private readonly hangUp: () => void,
  ) {
    super();
  }

  /** The key the caller will press next, without pressing it. */
  peek(): string | undefined {
    return this.script[0];
  }

  override next(): Promise<string | undefined> {
    const key = this.script.shift();
    if (key === undefined) {
      this.say('✖ the caller hangs up (no more keys in the script)');
      this.hangUp();
      return Promise.reject(new CallHungUpError('simulated'));
    }
    this.say(key === '.' ? '… the caller presses nothing (timeout)' : `⌨ the caller presses ${key}`);
    return Promise.resolve(key === '.' ? undefined : key);
  }
}

/** Media that are not a known prompt: spoken text, a number or digits read out. */
function spoken(media: string): string {
  const [kind, value] = [media.slice(0, media.indexOf(':')), media.slice(media.indexOf(':') + 1)];
  if (kind === 'tts') return `spoken: «${value}»`;
  if (kind === 'number') return `the number ${value}`;
  if (kind === 'digits') return `the digits ${[...value].join(' ')}`;
  return media;
}

/** "martedì 1 dicembre 2026, 10:00": the simulated instant as Rome's wall clock says it. */
const ROME_WHEN = new Intl.DateTimeFormat('it-IT', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export async function simulate(catalog: IvrCatalog, input: SimulationInput): Promise<Simulation> {
  const lines: string[] = [];
  const say = (l: string): number => lines.push(l);
  const texts = new Map<string, string>();
  const ids = new Map<string, string>();
  const known = (id: string, text: string, shown: string) => {
    texts.set(promptMedia(text), `${id}: «${shown}»`);
    ids.set(promptMedia(text), id);
  };
  for (const [id, text] of Object.entries(SYSTEM_PROMPTS)) known(id, text, text);
  // The called flow's prompts win over another flow's with the same text.
  const called = catalog.forNumber(input.number);
  const flows = [...[...catalog.flows.values()].filter((f) => f !== called), ...(called ? [called] : [])];
  for (const { flow } of flows) for (const [id, text] of Object.entries(flow.definition.prompts)) known(id, text, text.replace(/\s+/g, ' '));
  const heard: string[] = [];
  let queue: string | undefined;
  let transfer: string | undefined;
  texts.set(promptMedia(input.emergencyText ?? 'Messaggio di emergenza simulato.'), `announcement: «${input.emergencyText ?? 'Messaggio di emergenza simulato.'}»`);

  const compiled = catalog.forNumber(input.number);
  if (!compiled) return { lines: [`no flow serves ${input.number}: the caller hears "numero non attivo"`], destination: 'number not served', journey: [], tags: [], heard: ['numberNotServed'] };

  const controller = new AbortController();
  const info: InboundCallInfo = { channelId: 'simulated', callerNumber: input.caller, dialledNumber: input.number, source: 'trunk', recovered: false, appArgs: [] };
  const channel: CallChannel = {
    info,
    ended: controller.signal,
    answer: () => Promise.resolve(),
    play(media): Promise<PlaybackOutcome> {
      if (controller.signal.aborted) return Promise.reject(new CallHungUpError('simulated'));
      for (const m of media) {
        say(`🔊 ${texts.get(m) ?? spoken(m)}`);
        heard.push(ids.get(m) ?? (m.startsWith('tts:') ? 'tts' : m));
      }
      return Promise.resolve('finished');
    },
    stopPlayback: () => Promise.resolve(),
    startMoh(mohClass) {
      say(`🎵 music on hold (${mohClass})`);
      return Promise.resolve();
    },
    stopMoh: () => Promise.resolve(),
    onDtmf: () => () => undefined,
    hangup() {
      controller.abort({ by: 'engine' });
      return Promise.resolve();
    },
  };
  let destination = 'the call ended';
  const events: EngineEvent[] = [];
  const log: EventLog = {
    append(e) {
      events.push(e);
      const d = e.data ?? {};
      if (e.type === 'ivr.node') {
        say(`→ ${String(d.node)} (${String(d.nodeType)})${'next' in d ? ` → ${String(d.next)}` : ''}`);
        // A branch on opening hours says why: each schedule's state, and the holiday or closure that applied.
        const node = catalog.flows.get(String(d.flowId))?.flow.definition.nodes[String(d.node)];
        if (node?.type === 'branch') for (const id of new Set(node.cases.flatMap((c) => (c.when.schedule ? [c.when.schedule.id] : [])))) say(`  ⏰ ${scheduleWhy(id)}`);
      }
      if (e.type === 'queue.requested') {
        queue = String(d.queue);
        destination = `queue ${queue} (priority ${String(d.priority)})`;
      }
      if (e.type.startsWith('survey.')) say(`📝 ${e.type} ${JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'flowId' && k !== 'flowVersion')))}`);
      if (e.type === 'call.transfer') {
        const to = d.to as { extension?: string; number?: string } | undefined;
        transfer = to?.extension ?? to?.number ?? JSON.stringify(d.to);
        destination = `transfer to ${JSON.stringify(d.to)}: ${String(d.outcome)}`;
      }
      return Promise.resolve(String(events.length));
    },
  };
  const crm = input.crm ?? SIMULATED_CRM;
  const digits = new ScriptedDigits([...input.keys.replace(/\s/g, '')], say, () => controller.abort({ by: 'caller' }));
  const holidays = new ItalianHolidays();
  const emergencyOn = input.emergency === true || input.emergencyText !== undefined;
  const scheduleWhy = (id: string): string => {
    const schedule = catalog.schedules.get(id);
    if (!schedule) return `${id}: not defined`;
    const status = scheduleState(schedule, input.at, holidays, emergencyOn);
    return `${id}: ${status.state}${status.state === 'emergency' ? ` (by the hours: ${status.base})` : ''} — ${status.reason}`;
  };
  /** The queue step: what the caller hears at the first announcement, the callback key, the outcome. */
  const waitInQueue = async (request: QueueRequest): Promise<QueueResult> => {
    const def = catalog.acd?.queues.get(request.queue);
    const outlook = (await input.queueOutlook?.(request.queue, request.priority)) ?? { position: input.queuePosition ?? 1, minutes: input.waitMinutes, agentsLoggedIn: true };
    if (input.queueOutcome === undefined && !outlook.agentsLoggedIn) {
      say(`⏳ queue ${request.queue}: nobody is logged in to serve it, the caller leaves it at once (no_agents)`);
      return { outcome: 'no_agents' };
    }
    // Callers turned away at the door (nobody logged in, queue full) hear no announcement.
    const waits = input.queueOutcome === undefined || ['answered', 'callback', 'timeout'].includes(input.queueOutcome);
    if (def && waits) {
      const first = request.offerCallback?.afterMinutes === 0 ? 'at once' : `after ${def.announcements.everySeconds} s`;
      say(`🎵 music on hold (${def.musicOnHold}); ${first}, at position ${outlook.position}${outlook.minutes === undefined ? ' with no wait estimate yet' : `, about ${outlook.minutes} min to wait`}:`);
      const { media, callbackOffered } = queueAnnouncement(def.announcements, outlook, request.offerCallback);
      await channel.play(media, { timeoutMs: 60_000 });
      if (callbackOffered && digits.peek() === '2') {
        await digits.next();
        return { outcome: 'callback' };
      }
    }
    const outcome = input.queueOutcome ?? 'answered';
    if (outcome === 'answered' && request.keepCaller && digits.peek() !== undefined) {
      // The flow goes on after the conversation (a survey) when the script has more keys: the operator hangs up first.
      say(`🎧 an operator of ${request.queue} answers; the operator hangs up first and the caller stays on the line`);
      return { outcome, endedBy: 'agent', agentId: 'simulated' };
    }
    say(outcome === 'answered' ? `🎧 an operator of ${request.queue} answers` : `⏳ queue ${request.queue}: ${outcome}`);
    return { outcome };
  };
  say(`☎ ${input.caller} calls ${input.number} on ${ROME_WHEN.format(input.at)} (Rome) → flow ${compiled.flow.definition.id} (version ${compiled.flow.version})`);
  const result = await runIvr(
    {
      catalog,
      holidays,
      callbacks: simulatedCallbacks(catalog, input, holidays, say),
      events: log,
      now: () => input.at,
      promptTimeoutMs: 1000,
      announcements:
        emergencyOn
          ? [{ id: 'simulated', kind: 'emergency', text: input.emergencyText ?? 'Messaggio di emergenza simulato.', flows: ['*'], updatedBy: 'simulator', updatedAt: input.at.toISOString() }]
          : [],
      transfer: () => Promise.resolve(input.transferAnswered ? 'connected' : 'failed'),
      directory: () => input.directory ?? demoDirectoryIndex(),
      queue: (_call, _callId, request) => waitInQueue(request),
      // Every simulated caller is one of the few a survey invites, unless the input says otherwise.
      sample: () => input.sampled ?? true,
      crm: {
        async recognise(caller, l) {
          const found = await crm.recognise(caller, l);
          say(`👤 CRM: ${found.outcome}${found.citizen ? ` (${found.citizen.firstName} ${found.citizen.lastName})` : ''}, open tickets: ${found.openTickets.map((t) => `${t.number} ${t.status}`).join(', ') || 'none'}`);
          return found;
        },
        async flagForReview(request, l) {
          const flagged = await crm.flagForReview(request, l);
          say(flagged ? `🚩 flagged for review: ticket ${flagged.number} ${flagged.action} (${request.department}: ${request.subject})` : '🚩 the review ticket could not be opened');
          return flagged;
        },
        async openTicket(request, l) {
          const created = await crm.openTicket(request, l);
          say(created ? `🎫 ticket ${created.number} opened (${request.category}: ${request.subject})` : '🎫 the ticket could not be opened');
          return created;
        },
      },
    },
    channel,
    'simulation',
    compiled,
    createLogger('silent'),
    digits,
  );
  if (result.outcome === 'failed' && !(result.error instanceof CallHungUpError)) destination = `error: ${String(result.error)}`;
  else if (result.outcome === 'failed') destination = 'the caller hung up';
  else if (result.end === 'hangup' && destination === 'the call ended') destination = 'the engine ended the call';
  say(`■ ${destination}${result.tags.length ? `; tags: ${result.tags.join(', ')}` : ''}`);
  return { lines, destination, journey: [...result.visited], tags: result.tags, heard, ...(queue === undefined ? {} : { queue }), ...(transfer === undefined ? {} : { transfer }) };
}
