/**
 * What Asterisk itself says is bridged (ARI REST, read-only): the endpoints in each bridge, by
 * channel name ("PJSIP/1019" for PJSIP/1019-00000012; the carrier trunk is "PJSIP/trunk"). Lets a
 * test check who talks to whom, not only what the engine logged.
 */
import { loadConfig } from '../../src/config.js';
import { testEnv } from './test-env.js';

interface AriBridge {
  readonly id: string;
  readonly channels: readonly string[];
}
interface AriChannel {
  readonly id: string;
  readonly name: string;
}

async function ari<T>(path: string): Promise<T> {
  const config = loadConfig(testEnv());
  const auth = Buffer.from(`${config.CC_ARI_USER}:${config.CC_ARI_PASSWORD}`).toString('base64');
  const r = await fetch(`${config.CC_ARI_URL}/ari/${path}`, { headers: { authorization: `Basic ${auth}` } });
  if (!r.ok) throw new Error(`ARI ${path}: ${r.status}`);
  return (await r.json()) as T;
}

/** Each bridge's members as sorted endpoint names, e.g. [["PJSIP/1019", "PJSIP/trunk"]]. */
export async function bridgedEndpoints(): Promise<string[][]> {
  const [bridges, channels] = await Promise.all([ari<AriBridge[]>('bridges'), ari<AriChannel[]>('channels')]);
  const names = new Map(channels.map((c) => [c.id, c.name.replace(/-[0-9a-f]+$/, '')]));
  return bridges.filter((b) => b.channels.length > 0).map((b) => b.channels.map((id) => names.get(id) ?? id).sort());
}
