/**
 * What Asterisk itself says is bridged (ARI REST, read-only): the endpoints in each bridge, by
 * channel name ("PJSIP/1019" for PJSIP/1019-00000012; the carrier trunk is "PJSIP/trunk"). Lets a
 * test check who talks to whom, not only what the engine logged.
 */
import { loadConfig } from '../../src/config.js';
import { eventually } from './engine.js';
import { testEnv } from './test-env.js';

interface AriBridge {
  readonly id: string;
  readonly channels: readonly string[];
}
interface AriChannel {
  readonly id: string;
  readonly name: string;
}

async function ari<T>(path: string, method: 'GET' | 'DELETE' = 'GET'): Promise<T> {
  const config = loadConfig(testEnv());
  const auth = Buffer.from(`${config.CC_ARI_USER}:${config.CC_ARI_PASSWORD}`).toString('base64');
  const r = await fetch(`${config.CC_ARI_URL}/ari/${path}`, { method, headers: { authorization: `Basic ${auth}` } });
  if (!r.ok) throw new Error(`ARI ${method} ${path}: ${r.status}`);
  return (r.status === 204 ? undefined : await r.json()) as T;
}

/** The carrier-trunk channel bridged with an agent's phone (e.g. "PJSIP/1014"), once both have answered; waits up to 30 s. */
export async function bridgedTrunkChannel(agentEndpoint: string): Promise<string> {
  let trunk: string | undefined;
  await eventually(
    async () => {
      const [bridges, channels] = await Promise.all([ari<AriBridge[]>('bridges'), ari<AriChannel[]>('channels')]);
      const names = new Map(channels.map((c) => [c.id, c.name.replace(/-[0-9a-f]+$/, '')]));
      const bridge = bridges.find((b) => b.channels.some((c) => names.get(c) === 'PJSIP/trunk') && b.channels.some((c) => names.get(c) === agentEndpoint));
      trunk = bridge?.channels.find((c) => names.get(c) === 'PJSIP/trunk');
      return trunk !== undefined;
    },
    30_000,
    `the citizen was not bridged with ${agentEndpoint}`,
  );
  return trunk as string;
}

/** The names of every channel Asterisk has now (PJSIP/trunk-00000012 …). */
export async function channelsInAsterisk(): Promise<string[]> {
  return (await ari<AriChannel[]>('channels')).map((c) => c.name);
}

/** Hangs up a channel in Asterisk (as the network dropping the call would). */
export async function hangUpChannel(id: string): Promise<void> {
  await ari<undefined>(`channels/${id}`, 'DELETE');
}

/** Each bridge's members as sorted endpoint names, e.g. [["PJSIP/1019", "PJSIP/trunk"]]. */
export async function bridgedEndpoints(): Promise<string[][]> {
  const [bridges, channels] = await Promise.all([ari<AriBridge[]>('bridges'), ari<AriChannel[]>('channels')]);
  const names = new Map(channels.map((c) => [c.id, c.name.replace(/-[0-9a-f]+$/, '')]));
  return bridges.filter((b) => b.channels.length > 0).map((b) => b.channels.map((id) => names.get(id) ?? id).sort());
}
