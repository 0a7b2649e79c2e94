/**
 * A small external CRM for the http adapter's tests: a real HTTP server on loopback speaking
 * Italian (test/fixtures/crm-http-mapping.yaml maps it), holding the demo citizens in memory.
 * It plays a municipality's CRM, with its own rules (ticket numbers, audit, which citizen a number
 * belongs to), and can misbehave on demand: slow, failing, malformed or hanging answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CITIZENS } from '../../src/crm/demo-citizens.js';
import { searchName } from '../../src/crm/embedded-crm.js';

type Rec = Record<string, unknown>;

export interface Misbehaviour {
  /** Answer after this long (a hanging CRM: a delay longer than any budget). */
  readonly delayMs?: number;
  /** Answer with this status (e.g. 503) instead of doing the work. */
  readonly status?: number;
  /** Answer 200 with a body that is not JSON. */
  readonly malformed?: boolean;
  /** Answer 200 with records missing their required fields. */
  readonly wrongShape?: boolean;
  /** How many requests misbehave before the CRM recovers (default: all). */
  readonly times?: number;
}

const OPEN = new Set(['aperto', 'in_lavorazione', 'inoltrato']);

export class FixtureCrm {
  private server: Server | undefined;
  private citizens: Rec[] = [];
  private tickets: Rec[] = [];
  private changes: Rec[] = [];
  private interactions: Rec[] = [];
  private misbehaviour: Misbehaviour | undefined;
  private misbehaved = 0;
  /** Every request received, as "METHOD path". */
  readonly requests: string[] = [];

  constructor() {
    this.reset();
  }

  /** Back to the demo citizens and their tickets, behaving well. */
  reset(): void {
    this.misbehaviour = undefined;
    this.misbehaved = 0;
    this.requests.length = 0;
    this.tickets = [];
    this.changes = [];
    this.interactions = [];
    this.citizens = DEMO_CITIZENS.map((c) => ({
      codice: c.id,
      anagrafica: { nome: c.firstName, cognome: c.lastName, codiceFiscale: c.fiscalCode },
      recapiti: { telefoni: [...c.phones], email: c.email },
      lingua: c.language,
    }));
    const at = new Date().toISOString();
    for (const c of DEMO_CITIZENS) for (const t of c.tickets) this.addTicket({ cittadino: c.id, categoria: t.category, oggetto: t.subject, canale: 'telefono', livello: t.level, ufficio: t.department ?? null, stato: t.status }, 'demo', at);
  }

  misbehave(how: Misbehaviour): void {
    this.misbehaviour = how;
    this.misbehaved = 0;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private addTicket(fields: Rec, by: string, at: string): Rec {
    const numero = 100001 + this.tickets.length;
    const ticket: Rec = { numero, telefono: null, descrizione: null, ufficio: null, assegnatario: null, chiamata: null, ...fields, apertaIl: at, apertaDa: by, aggiornataIl: at, note: [] };
    this.tickets.push(ticket);
    this.changes.push({ pratica: numero, il: at, da: by, campo: 'created', prima: null, dopo: ticket.stato });
    return ticket;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fixture');
    this.requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const how = this.misbehaviour;
    if (how && (how.times === undefined || this.misbehaved < how.times)) {
      this.misbehaved++;
      if (how.delayMs) await new Promise((r) => setTimeout(r, how.delayMs));
      if (res.destroyed) return;
      if (how.status) return void res.writeHead(how.status, { 'content-type': 'text/plain' }).end('Servizio non disponibile');
      if (how.malformed) return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>errore del proxy</html>');
      if (how.wrongShape) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ risultati: [{ codice: 'x' }], numero: 'abc' }));
    }
    if (req.headers.authorization !== 'Bearer fixture-token') return this.send(res, 401, { errore: 'token mancante' });
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Rec) : {};
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    const now = new Date().toISOString();

    if (req.method === 'GET' && path === '/cittadini') {
      let found = this.citizens;
      if (q.has('telefono')) found = found.filter((c) => (c.recapiti as { telefoni: string[] }).telefoni.includes(q.get('telefono') ?? ''));
      else if (q.has('codiceFiscale')) found = found.filter((c) => (c.anagrafica as Rec).codiceFiscale === q.get('codiceFiscale'));
      else if (q.has('nome')) {
        const words = searchName(q.get('nome') ?? '').split(' ').filter(Boolean);
        found = found.filter((c) => {
          const a = c.anagrafica as { nome: string; cognome: string };
          const name = searchName(a.cognome, a.nome);
          return words.every((w) => name.includes(w));
        });
      }
      return this.send(res, 200, { risultati: found });
    }
    if (req.method === 'GET' && (m = /^\/cittadini\/([^/]+)$/.exec(path))) {
      const c = this.citizens.find((x) => x.codice === decodeURIComponent(m![1]!));
      return c ? this.send(res, 200, c) : this.send(res, 404, { errore: 'cittadino non trovato' });
    }
    if (req.method === 'GET' && (m = /^\/cittadini\/([^/]+)\/contatti$/.exec(path))) {
      const id = decodeURIComponent(m[1]!);
      const list = this.interactions.filter((i) => i.cittadino === id).reverse().slice(0, Number(q.get('limite') ?? 50));
      return this.send(res, 200, { risultati: list });
    }
    if (req.method === 'GET' && path === '/pratiche') {
      let list = this.tickets.filter((t) => q.get('aperte') !== '1' || OPEN.has(String(t.stato)));
      if (q.has('cittadino')) list = list.filter((t) => t.cittadino === q.get('cittadino'));
      if (q.has('telefono')) list = list.filter((t) => t.telefono === q.get('telefono') && t.cittadino === null);
      return this.send(res, 200, { risultati: list });
    }
    if (req.method === 'POST' && path === '/pratiche') {
      const cittadino = (body.cittadino as string | undefined) ?? null;
      if (cittadino !== null && !this.citizens.some((c) => c.codice === cittadino)) return this.send(res, 422, { errore: `cittadino ${cittadino} inesistente` });
      const { operatore, ...fields } = body;
      return this.send(res, 201, this.addTicket({ ...fields, cittadino, stato: 'aperto' }, String(operatore), now));
    }
    if ((m = /^\/pratiche\/(\d+)$/.exec(path))) {
      const t = this.tickets.find((x) => x.numero === Number(m![1]));
      if (!t) return this.send(res, 404, { errore: 'pratica non trovata' });
      if (req.method === 'GET') return this.send(res, 200, t);
      if (req.method === 'PATCH') {
        const { operatore, nota, ...fields } = body;
        for (const [k, v] of Object.entries(fields)) {
          const campo = { stato: 'status', livello: 'level', ufficio: 'department', assegnatario: 'assignee' }[k];
          if (!campo) return this.send(res, 400, { errore: `campo ${k} non modificabile` });
          this.changes.push({ pratica: t.numero, il: now, da: operatore, campo, prima: t[k], dopo: v });
          t[k] = v;
        }
        if (typeof nota === 'string') {
          (t.note as Rec[]).push({ il: now, da: operatore, testo: nota });
          this.changes.push({ pratica: t.numero, il: now, da: operatore, campo: 'note', prima: null, dopo: nota });
        }
        t.aggiornataIl = now;
        return this.send(res, 200, t);
      }
    }
    if (req.method === 'GET' && (m = /^\/pratiche\/(\d+)\/storico$/.exec(path))) {
      return this.send(res, 200, { risultati: this.changes.filter((c) => c.pratica === Number(m![1])) });
    }
    if (req.method === 'POST' && path === '/contatti') {
      let cittadino = (body.cittadino as string | undefined) ?? null;
      if (cittadino === null && typeof body.telefono === 'string') {
        const owners = this.citizens.filter((c) => (c.recapiti as { telefoni: string[] }).telefoni.includes(body.telefono as string));
        if (owners.length === 1) cittadino = owners[0]!.codice as string;
      }
      const record = { telefono: null, chiamata: null, fine: null, pratica: null, sintesi: null, ...body, cittadino, id: `k${this.interactions.length + 1}` };
      this.interactions.push(record);
      return this.send(res, 201, record);
    }
    return this.send(res, 404, { errore: `${req.method} ${path} sconosciuto` });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
