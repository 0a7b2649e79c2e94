/**
 * The live view's data: queue counters and waits from Redis in one round trip, agents from a map
 * kept up to date by the event log (never a scan per request), the emergency messages switched on
 * and the live flow versions. Pushed to supervisor pages every couple of seconds by the hub, and
 * served by GET /api/live.
 */
import type { Acd, Agent } from '../acd/index.js';
import { liveView, type AgentNow, type LiveView } from './live-view.js';

export interface LiveExtras {
  /** Messages switched on now. */
  readonly announcements: readonly { readonly id: string; readonly kind: string; readonly text: string; readonly flows: readonly string[] }[];
  /** Flow id → live version number. */
  readonly flows: Readonly<Record<string, number>>;
}

export interface LivePayload extends LiveView, LiveExtras {}

export class LiveFeed {
  private readonly agents = new Map<string, AgentNow>();
  private loaded = false;

  constructor(
    private readonly acd: Acd,
    private readonly extras: () => Promise<LiveExtras>,
    private readonly now: () => Date,
  ) {}

  /** Agents changed while nobody was watching: read them all again on the next view. */
  invalidate(): void {
    this.loaded = false;
  }

  /** An agent changed (from the event log): the view follows. */
  agentChanged(agentId: string, agent: Agent | undefined): void {
    if (!agent) this.agents.delete(agentId);
    else this.agents.set(agentId, { id: agent.id, name: agent.name, status: agent.status, since: agent.since, reason: agent.reason, queues: agent.queues });
  }

  async current(): Promise<LivePayload> {
    if (!this.loaded) {
      this.agents.clear();
      for (const a of await this.acd.agents()) this.agentChanged(a.id, a);
      this.loaded = true;
    }
    const [queues, extras] = await Promise.all([this.acd.queuesNow(), this.extras()]);
    return { ...liveView(queues, [...this.agents.values()], this.now().getTime()), ...extras };
  }
}
