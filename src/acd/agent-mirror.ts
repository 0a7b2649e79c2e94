/**
 * Agents: the admin operations (saved, PIN, removed, state changes) and the engine's mirror of
 * them in the routing state, read from Redis after every change, with the wrap-up timers; also
 * the read side (agents, queues now, a queued call).
 */
import { EngineError } from '../errors.js';
import type { Agent, AgentAction, AgentProfile, QueuedCall } from './acd-store.js';
import { localDate } from '../shared/schedule.js';
import { NO_COUNTERS, type QueueNow } from './acd-store.js';
import type { QueueDefinition } from './queue-config.js';
import type { AcdCore } from './core.js';

export class AgentMirror {
  constructor(private readonly core: AcdCore) {}

  async saveAgent(profile: AgentProfile, actor: string): Promise<{ created: boolean; agent: Agent }> {
    for (const q of profile.queues) if (!this.core.config.queues.has(q)) throw new EngineError('ACD.NO_SUCH_QUEUE', `queues: "${q}" is not a queue in queues.yaml`);
    for (const s of Object.keys(profile.skills)) if (!this.core.config.skills.has(s)) throw new EngineError('ACD.NO_SUCH_SKILL', `skills: "${s}" is not a skill in queues.yaml`);
    const { created } = await this.core.store.saveAgent(profile, actor, this.core.now());
    return { created, agent: await this.refreshAgent(profile.id) };
  }

  /** Sets the PIN an agent logs in to the desktop with (only its hash is kept). */
  async setPinHash(agentId: string, pinHash: string, actor: string): Promise<void> {
    await this.core.store.setPinHash(agentId, pinHash, actor, this.core.now());
  }

  async removeAgent(agentId: string, actor: string): Promise<void> {
    await this.core.store.removeAgent(agentId, actor, this.core.now());
    this.core.routing.removeAgent(agentId);
    this.core.endpoints.delete(agentId);
  }

  async agentAction(agentId: string, action: AgentAction, reason: string | undefined, actor: string): Promise<Agent> {
    if (action === 'pause' && (reason === undefined || !this.core.config.pauseReasons.has(reason))) {
      throw new EngineError('ACD.NO_SUCH_PAUSE_REASON', `reason: "${reason ?? ''}" is not a pause reason (${[...this.core.config.pauseReasons.keys()].join(', ')})`);
    }
    await this.core.store.agentAction(agentId, action, action === 'pause' ? (reason ?? '') : '', actor, this.core.now());
    return this.refreshAgent(agentId);
  }

  agents(): Promise<Agent[]> {
    return this.core.store.agents();
  }

  agent(agentId: string): Promise<Agent | undefined> {
    return this.core.store.agent(agentId);
  }

  /** Per queue of the live configuration: what waits now and today's counters (Rome's day). */
  async queuesNow(): Promise<QueueNow[]> {
    const ids = [...this.core.config.queues.keys()];
    const now = await this.core.store.queuesNow(ids, localDate(this.core.now()));
    return ids.map((id) => {
      const def = this.core.config.queues.get(id) as QueueDefinition;
      const n = now.get(id);
      return { id, name: def.name, serviceLevel: def.serviceLevel, waiting: n?.waiting ?? 0, oldestEnteredAt: n?.oldestEnteredAt, counters: { ...NO_COUNTERS, ...n?.counters } };
    });
  }

  /** A call in the ACD's hands (waiting, offered or connected), from Redis. */
  queuedCall(callId: string): Promise<QueuedCall | undefined> {
    return this.core.store.queuedCall(callId);
  }

  applyAgent(a: Agent): void {
    this.core.endpoints.set(a.id, a.endpoint);
    this.core.routing.upsertAgent({ id: a.id, skills: new Map(Object.entries(a.skills)), queues: a.queues, status: a.status, availableSince: a.availableSince, occupiedSeconds: a.occupiedSeconds });
    clearTimeout(this.core.wrapTimers.get(a.id));
    this.core.wrapTimers.delete(a.id);
    if (a.status === 'wrap_up' && a.wrapUntil !== undefined) {
      this.core.wrapTimers.set(
        a.id,
        setTimeout(() => {
          this.core.wrapTimers.delete(a.id);
          this.core.store
            .agentAction(a.id, 'wrapup_done', '', 'engine:wrap-up-timer', this.core.now())
            .catch((error: unknown) => {
              // The agent ended their wrap-up themselves meanwhile (or logged out): nothing to do.
              if (!(error instanceof EngineError && error.code === 'ACD.BAD_TRANSITION')) throw error;
            })
            .then(() => this.refreshAgent(a.id))
            .catch((error: unknown) => this.core.log.error({ err: String(error), agentId: a.id }, 'acd.wrap_up_end_failed'));
        }, Math.max(0, a.wrapUntil - this.core.nowMs())),
      );
    }
  }

  /** Reads an agent's truth from Redis into the routing state; a freed agent is offered the next call. */
  async refreshAgent(agentId: string, route = true): Promise<Agent> {
    return this.settle(agentId, await this.core.store.agent(agentId), route);
  }

  /**
   * An agent's truth just returned by a store write (a conversation's end): into the routing
   * state, a freed agent offered the next call — no second read of Redis on the way to the offer.
   */
  settle(agentId: string, a: Agent | undefined, route = true): Agent {
    if (!a) {
      this.core.routing.removeAgent(agentId);
      this.core.endpoints.delete(agentId);
      throw new EngineError('ACD.NO_SUCH_AGENT', `agent ${agentId} does not exist`);
    }
    this.applyAgent(a);
    if (a.status === 'available' && route) this.core.rooms.dispatch.routeAgent(agentId);
    // Callers re-check whether anyone is still logged in for their queue.
    if (a.status === 'logged_out') for (const w of this.core.waiters.values()) if (a.queues.includes(w.queued.queueId)) w.wake();
    return a;
  }

  anyAgentLoggedIn(queueId: string): boolean {
    for (const a of this.core.routing.allAgents()) if (a.status !== 'logged_out' && a.queues.includes(queueId)) return true;
    return false;
  }

  agentsServing(queueId: string): number {
    let n = 0;
    for (const a of this.core.routing.allAgents()) if (a.status !== 'logged_out' && a.status !== 'paused' && a.queues.includes(queueId)) n++;
    return n;
  }
}
