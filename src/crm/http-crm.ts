/**
 * The http CRM adapter: an external CRM's REST API behind the Crm interface. Every operation has
 * a time budget (CC_CRM_BUDGET_MS, 800 ms by default) that covers its retries; reads are retried
 * once on a transient failure (network, 5xx, 429), writes never (a ticket created twice is worse
 * than an error the agent sees); a circuit breaker stops asking a CRM that keeps failing and asks
 * again after a pause. Policies come from cockatiel (maintained, typed, no dependencies).
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ConstantBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { z } from 'zod';
import { EngineError } from '../errors.js';
import {
  CHANNELS,
  TICKET_LEVELS,
  TICKET_STATUSES,
  type Citizen,
  type CitizenQuery,
  type Crm,
  type Interaction,
  type NewInteraction,
  type NewTicket,
  type Ticket,
  type TicketChange,
  type TicketOwner,
  type TicketPatch,
} from './crm.js';
import { CrmMapping, getPath, type CrmOperation, type RecordKind } from './http-crm-mapping.js';
import { applyTicketPatch } from './ticket-rules.js';

export interface HttpCrmOptions {
  readonly baseUrl: string;
  /** Sent as "Authorization: Bearer …" when given. */
  readonly token?: string;
  readonly mapping?: CrmMapping;
  readonly budgetMs: number;
  /** Consecutive failures that open the breaker. */
  readonly breakerFailures: number;
  /** How long the breaker stays open before one request tries again. */
  readonly breakerResetMs: number;
}

/** A failure of the external CRM; transient ones are retried (reads) and counted by the breaker. */
class CrmFailure extends EngineError {
  constructor(
    code: string,
    message: string,
    readonly transient: boolean,
  ) {
    super(code, message);
  }
}

const str = z.string();
const nullableStr = z.string().nullable().optional().transform((v) => v ?? null);
const id = z.union([z.string(), z.number()]).transform(String);

const citizenSchema = z.object({
  id,
  firstName: str,
  lastName: str,
  fiscalCode: nullableStr,
  phones: z.array(str).optional().default([]),
  email: nullableStr,
  language: z.string().optional().default('it'),
});
const noteSchema = z.object({ at: str, by: str, text: str });
const ticketSchema = z.object({
  number: z.coerce.number().int().positive(),
  citizenId: z.union([z.string(), z.number()]).nullable().optional().transform((v) => (v === null || v === undefined ? null : String(v))),
  callerNumber: nullableStr,
  category: str,
  subject: str,
  description: nullableStr,
  channel: z.string().optional().default('telefono'),
  level: z.enum(TICKET_LEVELS),
  department: nullableStr,
  assignee: nullableStr,
  status: z.enum(TICKET_STATUSES),
  callId: nullableStr,
  createdAt: str,
  createdBy: z.string().optional().default(''),
  updatedAt: str,
  notes: z.array(z.unknown()).optional().default([]),
});
const changeSchema = z.object({ at: str, by: str, field: str, from: nullableStr, to: nullableStr });
const interactionSchema = z.object({
  id,
  citizenId: z.union([z.string(), z.number()]).nullable().optional().transform((v) => (v === null || v === undefined ? null : String(v))),
  callerNumber: nullableStr,
  channel: z.string().optional().default(CHANNELS[0]),
  callId: nullableStr,
  startedAt: str,
  endedAt: nullableStr,
  topics: z.array(str).optional().default([]),
  outcome: str,
  ticketNumber: z.coerce.number().int().nullable().optional().transform((v) => v ?? null),
  summary: nullableStr,
});

export class HttpCrm implements Crm {
  readonly kind = 'http';
  private readonly mapping: CrmMapping;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly readPolicy: IPolicy;
  private readonly writePolicy: IPolicy;

  constructor(private readonly options: HttpCrmOptions) {
    this.mapping = options.mapping ?? new CrmMapping();
    const transient = handleWhen((e) => e instanceof CrmFailure && e.transient);
    this.breaker = circuitBreaker(transient, { halfOpenAfter: options.breakerResetMs, breaker: new ConsecutiveBreaker(options.breakerFailures) });
    const budget = () => timeout(options.budgetMs, TimeoutStrategy.Aggressive);
    this.readPolicy = wrap(budget(), retry(transient, { maxAttempts: 1, backoff: new ConstantBackoff(25) }), this.breaker);
    this.writePolicy = wrap(budget(), this.breaker);
  }

  /** closed: asking; open: failing fast; half-open: one request is trying again. */
  breakerState(): 'closed' | 'open' | 'half-open' | 'isolated' {
    return ({ [CircuitState.Closed]: 'closed', [CircuitState.Open]: 'open', [CircuitState.HalfOpen]: 'half-open', [CircuitState.Isolated]: 'isolated' } as const)[this.breaker.state];
  }

  async findCitizens(query: CitizenQuery): Promise<Citizen[]> {
    const [operation, values]: [CrmOperation, Record<string, string>] =
      'phone' in query ? ['citizensByPhone', { phone: query.phone }] : 'fiscalCode' in query ? ['citizensByFiscalCode', { fiscalCode: query.fiscalCode }] : ['citizensByName', { name: query.name }];
    return this.list(operation, values, 'citizen', citizenSchema);
  }

  async getCitizen(citizenId: string): Promise<Citizen | undefined> {
    const body = await this.request('GET', 'citizen', { id: citizenId });
    return body === undefined ? undefined : this.parse('citizen', body, citizenSchema, 'citizen');
  }

  history(citizenId: string, limit: number): Promise<Interaction[]> {
    return this.list('history', { id: citizenId, limit }, 'interaction', interactionSchema);
  }

  openTickets(owner: TicketOwner): Promise<Ticket[]> {
    const tickets =
      'citizenId' in owner
        ? this.list('openTicketsOfCitizen', { citizenId: owner.citizenId }, 'ticket', ticketSchema)
        : this.list('openTicketsOfNumber', { callerNumber: owner.callerNumber }, 'ticket', ticketSchema);
    return tickets.then((all) => all.map((t) => this.withNotes(t)).sort((a, b) => b.number - a.number));
  }

  async getTicket(number: number): Promise<Ticket | undefined> {
    const body = await this.request('GET', 'ticket', { number });
    return body === undefined ? undefined : this.withNotes(this.parse('ticket', body, ticketSchema, 'ticket'));
  }

  async createTicket(ticket: NewTicket, by: string): Promise<Ticket> {
    const body = { ...this.mapping.write('ticket', { ...ticket }), ...this.mapping.write('request', { by }) };
    const created = await this.request('POST', 'createTicket', {}, body);
    if (created === undefined) throw new CrmFailure('CRM.BAD_RESPONSE', 'the CRM answered 404 to creating a ticket', false);
    return this.withNotes(this.parse('ticket', created, ticketSchema, 'created ticket'));
  }

  async updateTicket(number: number, patch: TicketPatch, by: string): Promise<Ticket> {
    const current = await this.getTicket(number);
    if (!current) throw new EngineError('CRM.NO_SUCH_TICKET', `no ticket ${number}`);
    // The same rules as the embedded CRM, checked before anything is sent.
    const { next, changes } = applyTicketPatch(current, patch);
    if (changes.length === 0) return current;
    const fields: Record<string, unknown> = {};
    for (const c of changes) if (c.field !== 'note') fields[c.field] = next[c.field];
    const body = { ...this.mapping.write('ticket', fields), ...this.mapping.write('request', { by, note: patch.note }) };
    const updated = await this.request('PATCH', 'updateTicket', { number }, body);
    if (updated === undefined) throw new EngineError('CRM.NO_SUCH_TICKET', `no ticket ${number}`);
    return this.withNotes(this.parse('ticket', updated, ticketSchema, 'updated ticket'));
  }

  ticketChanges(number: number): Promise<TicketChange[]> {
    return this.list('ticketChanges', { number }, 'change', changeSchema);
  }

  async recordInteraction(interaction: NewInteraction): Promise<Interaction> {
    const created = await this.request('POST', 'recordInteraction', {}, this.mapping.write('interaction', { ...interaction }));
    if (created === undefined) throw new CrmFailure('CRM.BAD_RESPONSE', 'the CRM answered 404 to recording an interaction', false);
    return this.parse('interaction', created, interactionSchema, 'interaction');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private withNotes(ticket: z.infer<typeof ticketSchema>): Ticket {
    const notes = ticket.notes.map((n, i) => this.parse('note', n, noteSchema, `ticket ${ticket.number} note ${i}`));
    return { ...ticket, notes };
  }

  private async list<S extends z.ZodType>(operation: CrmOperation, values: Record<string, string | number>, kind: RecordKind, schema: S): Promise<z.infer<S>[]> {
    const body = await this.request('GET', operation, values);
    if (body === undefined) return [];
    const items = this.mapping.listField === undefined ? body : getPath(body, this.mapping.listField);
    if (!Array.isArray(items)) throw new CrmFailure('CRM.BAD_RESPONSE', `${operation}: expected a list${this.mapping.listField ? ` in "${this.mapping.listField}"` : ''}, got ${typeof items}`, false);
    return items.map((item, i) => this.parse(kind, item, schema, `${operation}[${i}]`));
  }

  private parse<S extends z.ZodType>(kind: RecordKind, theirs: unknown, schema: S, what: string): z.infer<S> {
    const parsed = schema.safeParse(this.mapping.read(kind, theirs));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
      throw new CrmFailure('CRM.BAD_RESPONSE', `the CRM's ${what} does not fit the mapping: ${problems}`, false);
    }
    return parsed.data;
  }

  /** One request under the operation's policy; a 404 is `undefined`. */
  private async request(method: 'GET' | 'POST' | 'PATCH', operation: CrmOperation, values: Record<string, string | number>, body?: unknown): Promise<unknown> {
    const url = new URL(this.options.baseUrl.replace(/\/$/, '') + this.mapping.path(operation, values));
    const policy = method === 'GET' ? this.readPolicy : this.writePolicy;
    try {
      return await policy.execute(async ({ signal }) => {
        let response: Response;
        try {
          response = await fetch(url, {
            method,
            signal,
            headers: {
              accept: 'application/json',
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
        } catch (error) {
          // The budget ran out: counted by the breaker like any failure (the caller sees CRM.TIMEOUT).
          if (signal.aborted) throw new CrmFailure('CRM.TIMEOUT', `${operation}: no answer within ${this.options.budgetMs} ms`, true);
          throw new CrmFailure('CRM.UNAVAILABLE', `${operation}: the CRM cannot be reached (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error)})`, true);
        }
        const text = await response.text();
        if (response.status === 404 && method !== 'POST') return undefined;
        if (response.status >= 500 || response.status === 429) throw new CrmFailure('CRM.UNAVAILABLE', `${operation}: the CRM answered ${response.status}`, true);
        if (response.status >= 400) throw new CrmFailure('CRM.REJECTED', `${operation}: the CRM refused the request (${response.status}): ${text.slice(0, 200)}`, false);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new CrmFailure('CRM.BAD_RESPONSE', `${operation}: the CRM's answer is not JSON: ${JSON.stringify(text.slice(0, 60))}`, false);
        }
      });
    } catch (error) {
      if (error instanceof TaskCancelledError) throw new EngineError('CRM.TIMEOUT', `${operation}: no answer from the CRM within ${this.options.budgetMs} ms`);
      if (error instanceof BrokenCircuitError) throw new EngineError('CRM.UNAVAILABLE', `${operation}: the CRM is failing; not asked again before ${this.options.breakerResetMs} ms have passed`);
      throw error;
    }
  }
}
