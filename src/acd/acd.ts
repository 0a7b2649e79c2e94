/**
 * The ACD at run time — its one public module. Callers wait in queues on music on hold with
 * announcements; the routing core (in memory) chooses; every change is claimed in Redis
 * atomically before it happens; an offer rings the agent's phone; on answer caller and agent are
 * bridged; when the conversation ends the agent goes to wrap-up. Redis holds the truth, so an
 * engine that restarts (even after kill -9) finds agents in their state and callers in their
 * place, and adopts them. The work is done by the rooms (core.ts lists them; docs/architecture.md
 * draws a call's way through them); this class is their front door.
 */
import type { EventType } from '../events/event-log.js';
import type { Logger } from '../logger.js';
import type { QueueRequest, QueueResult } from '../ivr/index.js';
import type { CallChannel } from '../telephony/telephony.js';
import type { Agent, AgentAction, AgentProfile, QueuedCall, QueueNow } from './acd-store.js';
import { AgentMirror } from './agent-mirror.js';
import { CallbackAttempts } from './callback-attempts.js';
import { Conversation, type AgentRequest } from './conversation.js';
import { AcdCore, type AcdDeps, type CallbackAttemptOutcome, type CallbackRequest } from './core.js';
import { Dispatch } from './dispatch.js';
import { Offers } from './offers.js';
import type { AcdConfig } from './queue-config.js';
import type { WaitOutlook } from './announcement.js';
import { Recovery } from './recovery.js';
import type { RoutingState } from './routing.js';
import { Wait } from './wait.js';

export { callbackOutcome, CallDetachedError, despiteSlowAsterisk } from './core.js';
export type { AcdDeps, AgentTransfer, CallbackAttemptOutcome, CallbackRequest } from './core.js';
export type { AgentRequest } from './conversation.js';

export interface QueueOutlook extends WaitOutlook {
  readonly position: number;
  /** Someone is logged in to serve the queue (else a caller leaves at once: no_agents). */
  readonly agentsLoggedIn: boolean;
}

/** The events the ACD acts on as they arrive (asked from the desktop, on whichever engine). */
export const ACD_READS: readonly EventType[] = ['acd.transfer_requested', 'acd.consult_complete_requested', 'acd.consult_cancel_requested'];

export class Acd {
  private readonly core: AcdCore;

  constructor(deps: AcdDeps) {
    const core = new AcdCore(deps);
    core.wire({
      recovery: new Recovery(core),
      wait: new Wait(core),
      talk: new Conversation(core),
      callbacks: new CallbackAttempts(core),
      mirror: new AgentMirror(core),
      dispatch: new Dispatch(core),
      offer: new Offers(core),
    });
    this.core = core;
  }

  get config(): AcdConfig {
    return this.core.config;
  }

  get routing(): RoutingState {
    return this.core.routing;
  }

  /** Applies another configuration at once (a queues.yaml version went live). */
  useConfig(config: AcdConfig): void {
    this.core.useConfig(config);
  }

  // --- calls ---------------------------------------------------------------------------------

  /** Loads agents and queued calls from Redis; ends offers that were ringing; conversations are adopted as their channels come back. */
  start(): Promise<void> {
    return this.core.rooms.recovery.start();
  }

  /** True (and handled) if this channel is an agent leg (or an extension, or a citizen) the ACD dialled. */
  claimLeg(channel: CallChannel): boolean {
    return this.core.rooms.recovery.claimLeg(channel);
  }

  /** A flow's queue step: waits until an agent has answered and the conversation is over, or the caller must leave. */
  queue(call: CallChannel, callId: string, request: QueueRequest, log: Logger): Promise<QueueResult> {
    return this.core.rooms.wait.queue(call, callId, request, log);
  }

  /**
   * What a caller joining this queue now would hear at the first announcement: their place, the
   * wait, whether anyone is logged in to serve it (the supervisor's simulator asks it).
   */
  async outlook(queueId: string, priority: number): Promise<QueueOutlook | undefined> {
    const def = this.core.config.queues.get(queueId);
    if (!def) return undefined;
    const position = this.core.routing.positionForNew(queueId, priority);
    const minutes = def.announcements.estimate ? await this.core.rooms.wait.estimateMinutes(queueId, position) : undefined;
    return { position, minutes, agentsLoggedIn: this.core.rooms.mirror.anyAgentLoggedIn(queueId) };
  }

  /** A channel adopted after a restart whose call the ACD holds: back to waiting, or on with the conversation. */
  resume(call: CallChannel, callId: string, log: Logger): Promise<QueueResult | undefined> {
    return this.core.rooms.recovery.resume(call, callId, log);
  }

  /** A caller's call ended: a place still held in a queue is given up (abandoned, or lost when Asterisk cut the call off); one turned into a callback stays. */
  release(callId: string, channelId: string, byCaller = true): Promise<void> {
    return this.core.rooms.recovery.release(callId, channelId, byCaller);
  }

  /**
   * An agent's transfer request, or their end of an announced transfer: logged, and carried out
   * here at once if this engine holds the caller (else by the engine that does).
   */
  request(req: AgentRequest): Promise<void> {
    return this.core.rooms.talk.request(req);
  }

  /** Such a request read from the event log (written by this engine or another). */
  onEvent(event: { readonly type: string; readonly callId: string; readonly data: Record<string, unknown> }): void {
    this.core.rooms.talk.onEvent(event);
  }

  /** One callback attempt: resolves when it is over, answered or why not. */
  serveCallback(request: CallbackRequest, log: Logger): Promise<CallbackAttemptOutcome> {
    return this.core.rooms.callbacks.serveCallback(request, log);
  }

  /** A callback cancelled while it waits for its turn leaves the queue (on whichever engine holds it). */
  cancelCallback(acdCallId: string): Promise<void> {
    return this.core.rooms.callbacks.cancelCallback(acdCallId);
  }

  /** After Asterisk (re)connected: calls whose channel is gone leave the ACD (and free their agent). */
  endLostCalls(present: ReadonlySet<string>): Promise<void> {
    return this.core.rooms.recovery.endLostCalls(present);
  }

  /** The engine is stopping: callers stay in Asterisk (music on hold, bridges) for the next engine. */
  detach(): void {
    this.core.rooms.recovery.detach();
  }

  stop(): Promise<void> {
    return this.core.rooms.recovery.stop();
  }

  // --- agents and what the ACD holds -----------------------------------------------------------

  saveAgent(profile: AgentProfile, actor: string): Promise<{ created: boolean; agent: Agent }> {
    return this.core.rooms.mirror.saveAgent(profile, actor);
  }

  /** Sets the hash of the PIN an agent logs in to the desktop with (agents/pin.ts hashes it). */
  setPinHash(agentId: string, pinHash: string, actor: string): Promise<void> {
    return this.core.rooms.mirror.setPinHash(agentId, pinHash, actor);
  }

  removeAgent(agentId: string, actor: string): Promise<void> {
    return this.core.rooms.mirror.removeAgent(agentId, actor);
  }

  agentAction(agentId: string, action: AgentAction, reason: string | undefined, actor: string): Promise<Agent> {
    return this.core.rooms.mirror.agentAction(agentId, action, reason, actor);
  }

  agents(): Promise<Agent[]> {
    return this.core.rooms.mirror.agents();
  }

  agent(agentId: string): Promise<Agent | undefined> {
    return this.core.rooms.mirror.agent(agentId);
  }

  /** Per queue of the live configuration: what waits now and today's counters (Rome's day). */
  queuesNow(): Promise<QueueNow[]> {
    return this.core.rooms.mirror.queuesNow();
  }

  /** A call in the ACD's hands (waiting, offered or connected), from Redis. */
  queuedCall(callId: string): Promise<QueuedCall | undefined> {
    return this.core.rooms.mirror.queuedCall(callId);
  }
}
