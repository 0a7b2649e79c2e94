/**
 * For `npm run chaos`: what a supervisor writes while the faults happen — a callback booked and
 * a ticket opened every `everyMs`, through the engine's API. A write the engine acknowledged
 * (2xx) must still be there at the end, whatever happened meanwhile: that is what "lost" counts.
 * One refused or unanswered during a fault is the client's to send again, counted apart.
 */
import { TOPICS } from '../../src/shared/topics.js';
import type { EngineProcess } from './engine-process.js';

export interface DurableWritesResult {
  readonly callbacks: { readonly acknowledged: number; readonly refused: number; readonly lost: number };
  readonly tickets: { readonly acknowledged: number; readonly refused: number; readonly lost: number };
  readonly lastRefusal?: string;
}

export class DurableWrites {
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private readonly callbackIds: string[] = [];
  private readonly ticketNumbers: string[] = [];
  private callbacksRefused = 0;
  private ticketsRefused = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private lastRefusal: string | undefined;

  constructor(
    private readonly engine: EngineProcess,
    private readonly everyMs: number,
    /** A queue no agent of the chaos serves: the callbacks wait, booked, and are cancelled at the end. */
    private readonly queue: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const p = this.once().finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  private async once(): Promise<void> {
    const i = ++this.seq;
    const number = `+39333${String(i).padStart(7, '0')}`;
    await Promise.all([
      this.engine.api<{ id: string }>('POST', '/api/callbacks', { number, queue: this.queue, note: `prova di resistenza ${i}` }).then(
        (cb) => void this.callbackIds.push(cb.id),
        (error: unknown) => this.refused('callback', error),
      ),
      this.engine.api<{ number: string }>('POST', '/api/crm/tickets', { callerNumber: number, category: TOPICS[0], subject: `Prova di resistenza ${i}` }).then(
        (t) => void this.ticketNumbers.push(t.number),
        (error: unknown) => this.refused('ticket', error),
      ),
    ]);
  }

  /** The engine was down, or refused: not acknowledged, so not a loss; the last reason is reported. */
  private refused(what: 'callback' | 'ticket', error: unknown): void {
    if (what === 'callback') this.callbacksRefused++;
    else this.ticketsRefused++;
    this.lastRefusal = `${what}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }

  /** Every acknowledged write looked up again (the engine must be up); then the callbacks are cancelled, leaving the queue as it was. */
  async verifyAndClean(): Promise<DurableWritesResult> {
    const missing = async (path: string): Promise<boolean> => {
      try {
        await this.engine.api('GET', path);
        return false;
      } catch (error) {
        if (error instanceof Error && / 404 /.test(error.message)) return true;
        throw error;
      }
    };
    let callbacksLost = 0;
    for (const id of this.callbackIds) if (await missing(`/api/callbacks/${id}`)) callbacksLost++;
    let ticketsLost = 0;
    for (const n of this.ticketNumbers) if (await missing(`/api/crm/tickets/${encodeURIComponent(n)}`)) ticketsLost++;
    for (const id of this.callbackIds) {
      const cb = await this.engine.api<{ status: string }>('GET', `/api/callbacks/${id}`);
      if (cb.status === 'booked' || cb?.status === 'active') await this.engine.api('DELETE', `/api/callbacks/${id}`);
    }
    return {
      callbacks: { acknowledged: this.callbackIds.length, refused: this.callbacksRefused, lost: callbacksLost },
      tickets: { acknowledged: this.ticketNumbers.length, refused: this.ticketsRefused, lost: ticketsLost },
      ...(this.lastRefusal === undefined ? {} : { lastRefusal: this.lastRefusal }),
    };
  }
}
