/**
 * Pushes to the agent desktops and supervisor pages over WebSocket (/ws). A browser connects,
 * sends {type:"auth", token} first, and gets a snapshot (its state, the call it is offered or on,
 * with the screen-pop); then every change as it happens. Changes come from the append-only event
 * log (tailed from Redis), so what another engine did is pushed too, and a reconnecting desktop
 * loses nothing: its snapshot is rebuilt from Redis. Actions go through the HTTP API, where Redis
 * decides (two tabs of one agent see the same state; the second click on the same action is
 * refused there, never done twice).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Acd, Agent } from '../acd/index.js';
import { type CrmGuard, TICKET_CATEGORIES, TICKET_LEVELS, TICKET_STATUSES } from '../crm/index.js';
import { type DirectoryEntry, displayName } from '../directory/index.js';
import { WRAP_UP_OUTCOMES } from './wrap-up.js';
import type { Logger } from '../logger.js';
import type { EventType } from '../events/catalogue.js';
import type { ArrivedEvent } from '../events/event-router.js';
import { ivrPart, type ScreenPop, type ScreenPopStore } from './screen-pop.js';
import type { Principal, Sessions } from './sessions.js';
import type { LiveFeed } from '../supervisor/index.js';

export interface DesktopHubDeps {
  readonly sessions: Sessions;
  readonly acd: Acd;
  readonly crm: CrmGuard;
  readonly pops: ScreenPopStore;
  readonly logger: Logger;
  readonly now: () => Date;
  /** How long a new socket has to authenticate. */
  readonly authTimeoutMs?: number;
  /** The supervisors' live view, pushed every `livePeriodMs` while one is connected. */
  readonly live: LiveFeed;
  readonly livePeriodMs?: number;
  /** How often every open socket's session is checked again (logout, expiry): closed when it has ended. */
  readonly sessionRecheckMs?: number;
  /** Reverse lookup of the caller's number in the directory (internal callers). */
  readonly directory?: () => { byNumber(number: string): readonly DirectoryEntry[] };
}

/** Close codes the page understands: 4401 log in again; 1001 the engine is stopping. */
const UNAUTHORIZED = 4401;

type Outgoing = Record<string, unknown> & { type: string };

/** What the desktops are told about: every event about an agent (it carries their id). */
export const DESKTOP_READS: readonly EventType[] = [
  'acd.offer', 'acd.no_answer', 'acd.offer_cancelled', 'acd.answer', 'acd.call_ended', 'acd.transfer_requested', 'acd.transferred',
  'acd.consult_started', 'acd.consult_answered', 'acd.consult_failed', 'acd.consult_ended', 'acd.consult_complete_requested', 'acd.consult_cancel_requested',
  'agent.saved', 'agent.removed', 'agent.pin_set', 'agent.state', 'agent.sessions_ended', 'desktop.wrap_up',
];

/** The call offered to the agent, as the desktop shows it. */
const CALL_STATES: Partial<Record<EventType, string>> = { 'acd.answer': 'connected', 'acd.call_ended': 'ended', 'acd.no_answer': 'offer_ended', 'acd.offer_cancelled': 'offer_ended' };

/** An announced transfer's progress, as the desktop shows it. */
const CONSULT_STATES: Partial<Record<EventType, string>> = {
  'acd.consult_started': 'ringing',
  'acd.consult_answered': 'talking',
  'acd.consult_failed': 'ended',
  'acd.consult_ended': 'ended',
};

export class DesktopHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly agentSockets = new Map<string, Set<WebSocket>>();
  private readonly supervisorSockets = new Set<WebSocket>();
  private readonly log: Logger;
  private liveTimer: NodeJS.Timeout | undefined;
  /** The session token each authenticated socket opened with, checked again every sessionRecheckMs. */
  private readonly tokens = new Map<WebSocket, string>();
  private recheckTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: DesktopHubDeps) {
    this.log = deps.logger.child({ component: 'desktop' });
  }

  /** Pushes the live view to every supervisor page; stops when the last one leaves. */
  private pushLive(): void {
    if (this.supervisorSockets.size === 0) {
      clearInterval(this.liveTimer);
      this.liveTimer = undefined;
      return;
    }
    this.deps.live
      .current()
      .then((view) => {
        for (const ws of this.supervisorSockets) send(ws, { type: 'live', view });
      })
      .catch((error: unknown) => this.log.warn({ err: String(error) }, 'desktop.live_failed'));
  }

  /** Takes WebSocket upgrades for /ws on the HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== '/ws') return void socket.destroy();
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Connected sockets, for tests and the live view. */
  stats(): { agents: number; supervisors: number } {
    let agents = 0;
    for (const set of this.agentSockets.values()) agents += set.size;
    return { agents, supervisors: this.supervisorSockets.size };
  }

  /** One event of the log: push what it changed to whoever is concerned. */
  onEvent(event: ArrivedEvent): void {
    const agentId = typeof event.data.agentId === 'string' ? event.data.agentId : undefined;
    if (agentId === undefined) return;
    if (event.type === 'agent.sessions_ended') {
      // The PIN changed or the agent was removed: their desktops close, as their sessions did.
      for (const ws of this.agentSockets.get(agentId) ?? []) ws.close(UNAUTHORIZED, 'session ended');
      return;
    }
    void this.pushAgent(agentId).catch((error: unknown) => this.log.warn({ err: String(error), agentId }, 'desktop.push_failed'));
    if (event.type === 'acd.offer') void this.offer(event.callId, agentId).catch((error: unknown) => this.log.warn({ err: String(error), agentId }, 'desktop.offer_failed'));
    const status = CALL_STATES[event.type];
    if (status) this.sendToAgent(agentId, { type: 'call', callId: event.callId, status, ...(event.type === 'acd.call_ended' ? { endedBy: event.data.endedBy } : {}) });
    const consult = CONSULT_STATES[event.type];
    if (consult) this.sendToAgent(agentId, { type: 'consult', callId: event.callId, status: consult, extension: event.data.extension, ...(event.data.reason === undefined ? {} : { reason: event.data.reason }) });
  }

  /** Sockets whose session has ended (logged out, expired, PIN changed) are closed (4401). */
  private async recheckSessions(): Promise<void> {
    for (const [ws, token] of [...this.tokens]) {
      if ((await this.deps.sessions.resolve(token)) === undefined) ws.close(UNAUTHORIZED, 'session ended');
    }
  }

  close(): void {
    clearInterval(this.liveTimer);
    clearInterval(this.recheckTimer);
    for (const ws of this.wss.clients) ws.close(1001, 'engine stopping');
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    let principal: Principal | undefined;
    const timer = setTimeout(() => principal ?? ws.close(UNAUTHORIZED, 'authenticate first'), this.deps.authTimeoutMs ?? 5000);
    ws.on('message', (raw) => {
      if (principal) return; // after authentication the socket only listens; actions go through the API
      void (async () => {
        let token = '';
        try {
          const msg = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : '') as { type?: string; token?: string };
          if (msg.type === 'auth' && typeof msg.token === 'string') token = msg.token;
        } catch {
          // not JSON: refused below
        }
        principal = await this.deps.sessions.resolve(token);
        clearTimeout(timer);
        if (!principal) return ws.close(UNAUTHORIZED, 'invalid or expired session');
        this.tokens.set(ws, token);
        ws.on('close', () => this.tokens.delete(ws));
        this.recheckTimer ??= setInterval(() => {
          this.recheckSessions().catch((error: unknown) => this.log.warn({ err: String(error) }, 'desktop.session_recheck_failed'));
        }, this.deps.sessionRecheckMs ?? 30_000);
        this.recheckTimer.unref();
        this.register(ws, principal);
        await this.snapshot(ws, principal);
      })().catch((error: unknown) => {
        this.log.warn({ err: String(error) }, 'desktop.auth_failed');
        ws.close(1011, 'error');
      });
    });
    ws.on('close', () => clearTimeout(timer));
    ws.on('error', () => ws.terminate());
  }

  private register(ws: WebSocket, p: Principal): void {
    if (p.role === 'agent' && p.agentId !== undefined) {
      const id = p.agentId;
      const set = this.agentSockets.get(id) ?? new Set<WebSocket>();
      set.add(ws);
      this.agentSockets.set(id, set);
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0) this.agentSockets.delete(id);
      });
    } else {
      this.supervisorSockets.add(ws);
      ws.on('close', () => this.supervisorSockets.delete(ws));
      this.liveTimer ??= setInterval(() => this.pushLive(), this.deps.livePeriodMs ?? 2000);
    }
  }

  /** Everything a (re)connecting page needs, read from Redis. */
  private async snapshot(ws: WebSocket, p: Principal): Promise<void> {
    if (p.role !== 'agent' || p.agentId === undefined) {
      send(ws, { type: 'hello', role: p.role, name: p.name, pauseReasons: [...this.deps.acd.config.pauseReasons.entries()].map(([id, name]) => ({ id, name })) });
      send(ws, { type: 'live', view: await this.deps.live.current() });
      return;
    }
    const agent = await this.deps.acd.agent(p.agentId);
    const pop = agent?.callId ? ((await this.deps.pops.get(agent.callId)) ?? (await this.buildPop(agent.callId, p.agentId))) : undefined;
    const consult = agent?.status === 'on_call' && agent.callId ? (await this.deps.acd.queuedCall(agent.callId))?.consult : undefined;
    send(ws, {
      type: 'hello',
      role: p.role,
      name: p.name,
      agent: agent ? publicAgent(agent) : null,
      pauseReasons: [...this.deps.acd.config.pauseReasons.entries()].map(([id, name]) => ({ id, name })),
      options: { categories: TICKET_CATEGORIES, levels: TICKET_LEVELS, statuses: TICKET_STATUSES, outcomes: WRAP_UP_OUTCOMES, queues: [...this.deps.acd.config.queues.entries()].map(([id, q]) => ({ id, name: q.name })) },
      pop: pop ?? null,
      consult: consult ?? null,
    });
  }

  private async pushAgent(agentId: string): Promise<void> {
    // Nobody is watching: no read on the ACD's path; the live view reloads its agents when a supervisor comes.
    if (!this.agentSockets.has(agentId) && this.supervisorSockets.size === 0) return this.deps.live.invalidate();
    const agent = await this.deps.acd.agent(agentId);
    this.deps.live.agentChanged(agentId, agent);
    const msg = { type: 'agent', agent: agent ? publicAgent(agent) : null, agentId };
    this.sendToAgent(agentId, msg);
    for (const ws of this.supervisorSockets) send(ws, msg);
  }

  private async offer(callId: string, agentId: string): Promise<void> {
    if (!this.agentSockets.has(agentId)) return;
    const pop = await this.buildPop(callId, agentId);
    if (pop) this.sendToAgent(agentId, { type: 'offer', pop });
  }

  private async buildPop(callId: string, agentId: string): Promise<ScreenPop | undefined> {
    const queued = await this.deps.acd.queuedCall(callId);
    if (!queued) return undefined;
    const ivr = ivrPart(queued);
    const crm = await this.deps.crm.screenPop(queued.callerNumber, ivr.vars.citizen_id, this.log);
    const colleague = queued.callerNumber ? this.deps.directory?.().byNumber(queued.callerNumber)[0] : undefined;
    const internalCaller = colleague ? { name: displayName(colleague), ...(colleague.office ? { office: colleague.office } : {}), ...(colleague.extension ? { extension: colleague.extension } : {}) } : undefined;
    const pop: ScreenPop = { callId, agentId, queue: queued.queueId, callerNumber: queued.callerNumber, enteredAt: queued.enteredAt, offeredAt: this.deps.now().getTime(), ...ivr, crm, ...(internalCaller ? { internalCaller } : {}) };
    await this.deps.pops.save(pop);
    return pop;
  }

  private sendToAgent(agentId: string, msg: Outgoing): void {
    for (const ws of this.agentSockets.get(agentId) ?? []) send(ws, msg);
  }
}

function send(ws: WebSocket, msg: Outgoing): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

/** An agent as pages see it (no internal timers). */
function publicAgent(a: Agent): Record<string, unknown> {
  return { id: a.id, name: a.name, endpoint: a.endpoint, queues: a.queues, skills: a.skills, status: a.status, since: a.since, reason: a.reason, callId: a.callId, wrapUntil: a.wrapUntil ?? null };
}
