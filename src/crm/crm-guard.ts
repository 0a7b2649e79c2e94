/**
 * The CRM as calls meet it: never holding a caller hostage. Every operation races the time
 * budget (whatever the implementation does inside); a timeout or failure is logged, counted in
 * Redis and recorded in the event log, and the call goes on as an unknown caller.
 */
import { EngineError } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { CallerRecognition, IvrCrm, ReviewRequest, ReviewTicket, TicketRequest } from '../ivr/index.js';
import type { Logger } from '../logger.js';
import type { Citizen, Crm, NewInteraction, NewTicket, Ticket } from './crm.js';
import { callerE164 } from './phone-number.js';

/** Counts CRM failures by operation and reason (Redis: cc:stats:crm:failures). */
export interface CrmFailureCounter {
  count(operation: string, reason: string): Promise<void>;
}

export interface CrmGuardDeps {
  readonly crm: Crm;
  readonly budgetMs: number;
  readonly counter: CrmFailureCounter;
  readonly events: EventLog;
  readonly now: () => Date;
}

/**
 * Who opens the tickets of a low survey score. They are the back office's, about the service: the
 * IVR never offers them to the caller as "your open request", nor does the next agent's screen.
 */
export const REVIEW_AUTHOR = 'sondaggio';
const citizensOwn = (tickets: readonly Ticket[]): Ticket[] => tickets.filter((t) => t.createdBy !== REVIEW_AUTHOR);

export class CrmGuard implements IvrCrm {
  constructor(private readonly deps: CrmGuardDeps) {}

  async recognise(callerNumber: string, log: Logger): Promise<CallerRecognition> {
    const phone = callerE164(callerNumber);
    if (phone === undefined) return { outcome: 'anonymous', openTickets: [] };
    const started = Date.now();
    try {
      return await this.bounded(async () => {
        const citizens = await this.deps.crm.findCitizens({ phone });
        const only = citizens.length === 1 ? citizens[0] : undefined;
        if (citizens.length > 1) return { outcome: 'ambiguous', openTickets: [] };
        const tickets = citizensOwn(await this.deps.crm.openTickets(only ? { citizenId: only.id } : { callerNumber: phone }));
        const openTickets = tickets.map((t) => ({ number: t.number, status: t.status, category: t.category }));
        if (!only) return { outcome: 'unknown', openTickets };
        return { outcome: 'known', citizen: { id: only.id, firstName: only.firstName, lastName: only.lastName, language: only.language }, openTickets };
      });
    } catch (error) {
      const reason = await this.failed('lookup', error, log, Date.now() - started);
      return { outcome: reason === 'CRM.TIMEOUT' ? 'timeout' : 'failed', openTickets: [] };
    }
  }

  async openTicket(request: TicketRequest & { callId: string; callerNumber: string; citizenId?: string; tags: readonly string[] }, log: Logger): Promise<{ number: number } | undefined> {
    const phone = callerE164(request.callerNumber);
    if (phone === undefined && request.citizenId === undefined) {
      log.warn({ operation: 'ticket' }, 'crm.ticket.nobody_to_follow');
      return undefined;
    }
    const ticket: NewTicket = {
      category: request.category as NewTicket['category'],
      subject: request.subject,
      channel: 'ivr',
      level: request.level,
      callId: request.callId,
      description: request.tags.length > 0 ? `Percorso IVR: ${request.tags.join(', ')}` : undefined,
      ...(phone === undefined ? {} : { callerNumber: phone }),
      ...(request.citizenId === undefined ? {} : { citizenId: request.citizenId }),
      ...(request.department === undefined ? {} : { department: request.department }),
    };
    const started = Date.now();
    try {
      const created = await this.bounded(() => this.deps.crm.createTicket(ticket, 'ivr', this.deps.now()));
      return { number: created.number };
    } catch (error) {
      await this.failed('ticket', error, log, Date.now() - started);
      return undefined;
    }
  }

  /**
   * A call to review (a low survey score): a note on the ticket this call already has (opened by
   * the IVR or by the agent, still open), else a new back-office ticket for the department. The
   * subject and the note say "Da rivedere": the back office's queue of tickets to review.
   */
  async flagForReview(request: ReviewRequest & { callId: string; callerNumber: string; citizenId?: string }, log: Logger): Promise<ReviewTicket | undefined> {
    const phone = callerE164(request.callerNumber);
    const owner = request.citizenId !== undefined ? { citizenId: request.citizenId } : phone !== undefined ? { callerNumber: phone } : undefined;
    const started = Date.now();
    try {
      return await this.bounded(async () => {
        const own = owner ? (await this.deps.crm.openTickets(owner)).find((t) => t.callId === request.callId) : undefined;
        if (own) {
          await this.deps.crm.updateTicket(own.number, { note: request.note }, REVIEW_AUTHOR, this.deps.now());
          return { number: own.number, action: 'updated' as const };
        }
        const created = await this.deps.crm.createTicket(
          {
            category: request.category as NewTicket['category'],
            subject: request.subject,
            description: request.note,
            channel: 'ivr',
            level: 'back_office',
            department: request.department,
            callId: request.callId,
            ...(phone === undefined ? {} : { callerNumber: phone }),
            ...(request.citizenId === undefined ? {} : { citizenId: request.citizenId }),
          },
          REVIEW_AUTHOR,
          this.deps.now(),
        );
        return { number: created.number, action: 'created' as const };
      });
    } catch (error) {
      await this.failed('review', error, log, Date.now() - started);
      return undefined;
    }
  }

  /**
   * What the agent's screen shows about the caller: the citizen the IVR recognised (or every
   * citizen with this number) and their open tickets. Within the budget; `available: false` when
   * the CRM did not answer in time, so the desktop can say so instead of "unknown".
   */
  async screenPop(callerNumber: string, citizenId: string | undefined, log: Logger): Promise<{ available: boolean; citizens: Citizen[]; openTickets: Ticket[] }> {
    const phone = callerE164(callerNumber);
    const started = Date.now();
    try {
      return await this.bounded(async () => {
        const known = citizenId ? await this.deps.crm.getCitizen(citizenId) : undefined;
        const citizens = known ? [known] : phone ? await this.deps.crm.findCitizens({ phone }) : [];
        const only = citizens.length === 1 ? citizens[0] : undefined;
        const openTickets = citizensOwn(only ? await this.deps.crm.openTickets({ citizenId: only.id }) : phone ? await this.deps.crm.openTickets({ callerNumber: phone }) : []);
        return { available: true, citizens, openTickets };
      });
    } catch (error) {
      await this.failed('screen_pop', error, log, Date.now() - started);
      return { available: false, citizens: [], openTickets: [] };
    }
  }

  /** The CRM behind the guard, for the agent's own actions (tickets from the desktop). */
  get crm(): Crm {
    return this.deps.crm;
  }

  /** Records a finished call in the citizen's contact history; a failure is logged and counted. */
  async recordCall(interaction: Omit<NewInteraction, 'callerNumber'> & { readonly callerNumber: string }, log: Logger): Promise<void> {
    // Anonymous or internal callers are recorded without a number.
    const { callerNumber, ...rest } = interaction;
    const phone = callerE164(callerNumber);
    const record: NewInteraction = phone === undefined ? rest : { ...rest, callerNumber: phone };
    const started = Date.now();
    try {
      await this.bounded(() => this.deps.crm.recordInteraction(record));
    } catch (error) {
      await this.failed('interaction', error, log, Date.now() - started);
    }
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EngineError('CRM.TIMEOUT', `no answer from the CRM within ${this.deps.budgetMs} ms`)), this.deps.budgetMs);
    });
    try {
      return await Promise.race([work(), budget]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Logs, counts and records a failure; returns its code. */
  private async failed(operation: string, error: unknown, log: Logger, elapsedMs: number): Promise<string> {
    const code = error instanceof EngineError ? error.code : 'CRM.FAILED';
    log.warn({ operation, code, err: error instanceof Error ? error.message : String(error), elapsedMs }, 'crm.failed');
    await Promise.all([
      this.deps.counter.count(operation, code).catch((e: unknown) => log.error({ err: String(e) }, 'crm.count_failed')),
      this.deps.events.append({ type: 'crm.failed', at: this.deps.now(), data: { operation, code, elapsedMs } }).catch((e: unknown) => log.error({ err: String(e) }, 'crm.event_failed')),
    ]);
    return code;
  }
}
