/**
 * Agents for end-to-end tests, the way a deployment gets them: a supervisor saves the profile and
 * (optionally) a PIN, the agent's SIP phone (SIPp) registers, the agent signs in. And the
 * way each test file leaves them: logged out, with no wrap-up pending, whatever happened.
 */
import type { App } from '../../src/app.js';
import { registerAgentPhone } from './sipp.js';

export const SUPERVISOR = { authorization: 'Bearer demo-supervisor-token' };

export interface TestAgent {
  readonly id: string;
  readonly name: string;
  /** Their phone's extension (a PJSIP endpoint in asterisk-config). */
  readonly endpoint: string;
  readonly skills: Record<string, number>;
  readonly queues: readonly string[];
  /** Set: the agent gets this PIN (to sign in with openSession, or in the desktop page). */
  readonly pin?: string;
  /** Set: the agent's phone (SIPp) registers with its contact on this local port. */
  readonly phonePort?: number;
}

/** Saves the agent (logged out), sets the PIN if given, registers the phone if asked. */
export async function setUpAgent(app: App, agent: TestAgent): Promise<void> {
  const { id, pin, phonePort, ...profile } = agent;
  const saved = await app.http.inject({ method: 'PUT', url: `/api/agents/${id}`, headers: SUPERVISOR, payload: profile });
  if (saved.statusCode >= 300) throw new Error(`saving agent ${id}: ${saved.statusCode} ${saved.body}`);
  await leaveService(app, [id]);
  if (phonePort !== undefined) await registerAgentPhone(agent.endpoint, phonePort);
  if (pin === undefined) return;
  const pinSet = await app.http.inject({ method: 'PUT', url: `/api/agents/${id}/pin`, headers: SUPERVISOR, payload: { pin } });
  if (pinSet.statusCode >= 300) throw new Error(`setting ${id}'s PIN: ${pinSet.statusCode} ${pinSet.body}`);
}

/** The agent signs in with their PIN, as the desktop does; returns the session's token. */
export async function openSession(app: App, id: string, pin: string): Promise<string> {
  const opened = await app.http.inject({ method: 'POST', url: '/api/sessions', payload: { agentId: id, pin } });
  if (opened.statusCode !== 201) throw new Error(`opening ${id}'s session: ${opened.statusCode} ${opened.body}`);
  return opened.json<{ token: string }>().token;
}

/** Ends each agent's wrap-up if any and logs them out (later test files expect nobody in the queues). */
export async function leaveService(app: App, ids: readonly string[]): Promise<void> {
  const listed = await app.http.inject({ method: 'GET', url: '/api/agents', headers: SUPERVISOR });
  const agents = listed.json<{ id: string; status: string }[]>();
  for (const id of ids) {
    const status = agents.find((a) => a.id === id)?.status;
    if (status === undefined || status === 'logged_out') continue;
    const act = (action: string) => app.http.inject({ method: 'POST', url: `/api/agents/${id}/state`, headers: SUPERVISOR, payload: { action } });
    if (status === 'wrap_up') await act('wrapup_done');
    const out = await act('logout');
    if (out.statusCode >= 300) throw new Error(`logging ${id} out: ${out.statusCode} ${out.body}`);
  }
}
