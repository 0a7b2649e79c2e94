/** Setting up the queues of the soak and the chaos through the engine's API, as a supervisor would. */
import { parseDocument } from 'yaml';
import type { EngineProcess } from './engine-process.js';

/** Publishes the live queue configuration with these queues' wrap-up shortened (a load test's agents take the next call soon). */
export async function shortenWrapUp(engine: EngineProcess, queues: readonly string[], seconds: number, message: string): Promise<void> {
  const live = await engine.api<{ text: string }>('GET', '/api/queues/config');
  const doc = parseDocument(live.text);
  for (const q of queues) {
    if (!doc.hasIn(['queues', q])) throw new Error(`the live queue configuration has no queue ${q}`);
    doc.setIn(['queues', q, 'wrapUpSeconds'], seconds);
  }
  await engine.api('POST', '/api/queues/config/publish', { text: doc.toString(), message });
}

/** Saves each agent (extension `ext`, id `${prefix}-${ext}`) for one queue and skill, and signs them in, available. */
export async function agentsAvailable(engine: EngineProcess, prefix: string, extensions: readonly string[], queue: string, skill: string): Promise<void> {
  for (const ext of extensions) {
    const id = `${prefix}-${ext}`;
    await engine.api('PUT', `/api/agents/${id}`, { name: `${prefix} ${ext}`, endpoint: ext, skills: { [skill]: 3 }, queues: [queue] });
    await engine.api('POST', `/api/agents/${id}/state`, { action: 'login' });
  }
  const agents = await engine.api<{ id: string; status: string }[]>('GET', '/api/agents');
  for (const a of agents) if (a.id.startsWith(`${prefix}-`) && a.status === 'paused') await engine.api('POST', `/api/agents/${a.id}/state`, { action: 'ready' });
}
