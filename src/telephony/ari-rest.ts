/**
 * ARI's REST API, the part the engine uses, over node:http with kept-alive connections.
 *
 * It replaces ari-client, which loads Asterisk's Swagger description on connect and sends each
 * command through an old swagger-client, shred, bluebird and lodash (54 packages, a deprecated
 * `new Buffer` on every request): measured by `bench:capacity` with a CPU profile of the engine,
 * that cost more Node CPU than the IVR itself (about 2.8 s of 18.6 s) and slowed an engine's start.
 * Parameters go in the query string (as ARI documents them); bodies only for JSON objects.
 */
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What Asterisk answered when a command failed: its HTTP status and its message. */
export class AriHttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    // "404 … not found" in the message: the telephony tells a vanished channel from a failure by it.
    super(`ARI ${method} ${path}: ${status} ${message}`);
    this.name = 'AriHttpError';
  }
}

const REQUEST_BACKSTOP_MS = 120_000;

type Query = Readonly<Record<string, string | number | readonly string[] | undefined>>;

export interface AriApplicationJson {
  readonly name: string;
  readonly channel_ids: readonly string[];
  readonly events_allowed?: readonly { readonly type: string }[];
}

/** The commands the engine sends, shaped as ari-client's were (`client.channels.answer({ channelId })`). */
export interface AriClient {
  readonly channels: {
    answer(p: { channelId: string }): Promise<void>;
    play(p: { channelId: string; media: readonly string[]; playbackId: string }): Promise<unknown>;
    hangup(p: { channelId: string; reason?: string }): Promise<void>;
    originate(p: { endpoint: string; app: string; appArgs: string; timeout: number; channelId: string; callerId?: string }): Promise<unknown>;
    startMoh(p: { channelId: string; mohClass: string }): Promise<void>;
    stopMoh(p: { channelId: string }): Promise<void>;
    get(p: { channelId: string }): Promise<unknown>;
  };
  readonly bridges: {
    create(p: { type: string; bridgeId: string }): Promise<unknown>;
    addChannel(p: { bridgeId: string; channel: string }): Promise<void>;
    removeChannel(p: { bridgeId: string; channel: string }): Promise<void>;
    destroy(p: { bridgeId: string }): Promise<void>;
  };
  readonly playbacks: {
    stop(p: { playbackId: string }): Promise<void>;
  };
  readonly applications: {
    get(p: { applicationName: string }): Promise<AriApplicationJson>;
    filter(p: { applicationName: string; filter: { allowed: readonly { type: string }[] } }): Promise<AriApplicationJson>;
  };
}

export interface AriRestOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Connections kept open to Asterisk (its HTTP server allows 100 sessions, the events socket included). */
  readonly maxSockets?: number;
}

export function createAriRest(options: AriRestOptions): AriClient & { close(): void } {
  const base = new URL(options.url);
  const secure = base.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 }) : new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 });
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const prefix = `${base.pathname.replace(/\/$/, '')}/ari`;
  const send = <T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, Array.isArray(v) ? v.join(',') : String(v));
    const qs = search.toString();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const attempt = (retried: boolean): Promise<T> => new Promise<T>((resolve, reject) => {
      const req = (secure ? httpsRequest : request)(
        {
          host: base.hostname,
          port: base.port || (secure ? 443 : 80),
          method,
          path: `${prefix}${path}${qs ? `?${qs}` : ''}`,
          agent,
          headers: { authorization, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              try {
                resolve((text === '' ? undefined : JSON.parse(text)) as T);
              } catch (error) {
                reject(new AriHttpError(status, method, path, `unreadable reply (${error instanceof Error ? error.message : String(error)})`));
              }
              return;
            }
            reject(new AriHttpError(status, method, path, errorMessage(text, status)));
          });
        },
      );
      // A backstop: the telephony gives up on a command long before (its own timeout); a reply
      // that never comes must not hold a pooled connection for ever.
      req.setTimeout(REQUEST_BACKSTOP_MS, () => req.destroy(new Error(`no reply from Asterisk within ${REQUEST_BACKSTOP_MS} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Asterisk closed a kept-alive connection as the request went out on it: it never read the
        // request, so sending it again on a new connection is safe (the race Node's docs describe).
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) attempt(true).then(resolve, reject);
        else reject(error);
      });
      req.end(payload);
    });
    return attempt(false);
  };
  const id = encodeURIComponent;
  return {
    channels: {
      answer: (p) => send('POST', `/channels/${id(p.channelId)}/answer`),
      play: (p) => send('POST', `/channels/${id(p.channelId)}/play`, { media: p.media, playbackId: p.playbackId }),
      hangup: (p) => send('DELETE', `/channels/${id(p.channelId)}`, { reason: p.reason }),
      originate: (p) => send('POST', '/channels', { endpoint: p.endpoint, app: p.app, appArgs: p.appArgs, timeout: p.timeout, channelId: p.channelId, callerId: p.callerId }),
      startMoh: (p) => send('POST', `/channels/${id(p.channelId)}/moh`, { mohClass: p.mohClass }),
      stopMoh: (p) => send('DELETE', `/channels/${id(p.channelId)}/moh`),
      get: (p) => send('GET', `/channels/${id(p.channelId)}`),
    },
    bridges: {
      create: (p) => send('POST', '/bridges', { type: p.type, bridgeId: p.bridgeId }),
      addChannel: (p) => send('POST', `/bridges/${id(p.bridgeId)}/addChannel`, { channel: p.channel }),
      removeChannel: (p) => send('POST', `/bridges/${id(p.bridgeId)}/removeChannel`, { channel: p.channel }),
      destroy: (p) => send('DELETE', `/bridges/${id(p.bridgeId)}`),
    },
    playbacks: {
      stop: (p) => send('DELETE', `/playbacks/${id(p.playbackId)}`),
    },
    applications: {
      get: (p) => send('GET', `/applications/${id(p.applicationName)}`),
      filter: (p) => send('PUT', `/applications/${id(p.applicationName)}/eventFilter`, {}, p.filter),
    },
    close: () => agent.destroy(),
  };
}

/** Asterisk answers errors as {"message": "Channel not found"}; a proxy or an old version may not. */
function errorMessage(text: string, status: number): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the text itself (trimmed) says what went wrong.
  }
  return text.trim().slice(0, 200) || (status === 404 ? 'not found' : 'no message');
}
