/**
 * Telephony over Asterisk ARI. REST through ari-rest.ts (node:http, kept-alive connections); the
 * events WebSocket is owned here (with `ws`) so that reconnection never gives up and every
 * (re)connection is followed by a reconciliation of the channels in Stasis.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Logger } from '../logger.js';
import { CallHungUpError, DialledLegs, dialLeg, TelephonyTimeoutError, TelephonyUnavailableError, type CallChannel, type DialOptions, type DialParams, type InboundCallInfo, type OriginateParams, type RingResult, type Telephony, type TelephonyStats } from './telephony.js';
import { EngineError } from '../errors.js';
import { Waits } from './waits.js';
import { AriCallChannel, type AriChannelOwner, type RestOptions } from './ari-channel.js';
import { AriHttpError, createAriRest, type AriClient } from './ari-rest.js';

export type { ChannelEndReason } from './ari-channel.js';
import { backoffDelay, HANDLED_EVENTS, sourceFromContext, stasisArgs, type AriEvent, type AriChannelJson } from './ari-events.js';

export interface AriTelephonyOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly app: string;
  readonly reconnectMaxDelayMs: number;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
  /** Told of every ARI command: its name, how long Asterisk took, and the error code if it failed (metrics). */
  readonly observeCommand?: (command: string, seconds: number, code?: string) => void;
}

export class AriTelephony implements Telephony, AriChannelOwner {
  readonly waits = new Waits();
  private readonly client: AriClient & { close(): void };
  private socket: WebSocket | undefined;
  private connected = false;
  private stopped = false;
  private readonly channels = new Map<string, AriCallChannel>();
  private readonly goneListeners = new Map<string, Set<(cause: string) => void>>();
  /** Legs this engine dialled and waits for: they go to their dial, never to the call handler. */
  private readonly dialled = new DialledLegs();
  private handler: ((call: CallChannel) => void) | undefined;
  private reconciledHandler: ((present: ReadonlySet<string>) => void) | undefined;
  private readonly log: Logger;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: AriTelephonyOptions) {
    this.log = options.logger.child({ component: 'telephony' });
    this.client = createAriRest({ url: options.url, user: options.user, password: options.password });
  }

  onCall(handler: (call: CallChannel) => void): void {
    this.handler = handler;
  }

  onReconciled(handler: (presentChannelIds: ReadonlySet<string>) => void): void {
    this.reconciledHandler = handler;
  }

  isConnected(): boolean {
    return this.connected;
  }

  start(): Promise<void> {
    this.stopped = false;
    this.loop = this.connectLoop();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    this.socket?.close();
    await this.loop;
    this.client.close();
    for (const ch of this.channels.values()) ch.end('asterisk');
    this.channels.clear();
  }

  stats(): TelephonyStats {
    let dtmfListeners = 0;
    for (const ch of this.channels.values()) dtmfListeners += ch.dtmfListenerCount();
    return { channels: this.channels.size, pendingWaits: this.waits.size(), dtmfListeners };
  }

  async createBridge(type: 'mixing' | 'holding'): Promise<string> {
    const bridgeId = randomUUID();
    await this.restNoChannel((c) => c.bridges.create({ type, bridgeId }), undefined, 'bridge_create');
    return bridgeId;
  }

  async addToBridge(bridgeId: string, channelId: string): Promise<void> {
    await this.restNoChannel((c) => c.bridges.addChannel({ bridgeId, channel: channelId }), undefined, 'bridge_add');
  }

  async removeFromBridge(bridgeId: string, channelId: string): Promise<void> {
    await this.ignoringGone(() => this.restNoChannel((c) => c.bridges.removeChannel({ bridgeId, channel: channelId }), undefined, 'bridge_remove'));
  }

  /** No error if the bridge is already gone (Asterisk destroys a bridge its last channel left). */
  async destroyBridge(bridgeId: string): Promise<void> {
    await this.ignoringGone(() => this.restNoChannel((c) => c.bridges.destroy({ bridgeId }), undefined, 'bridge_destroy'));
  }

  private async ignoringGone(op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  dial(params: DialParams, options?: DialOptions): Promise<RingResult> {
    return dialLeg(this, this.dialled, params, options);
  }

  async originate(params: OriginateParams): Promise<string> {
    const channelId = params.channelId ?? randomUUID();
    await this.restNoChannel((c) =>
      c.channels.originate({
        endpoint: params.endpoint,
        app: this.options.app,
        appArgs: params.appArgs.join(','),
        timeout: params.timeoutSeconds,
        channelId,
        ...(params.callerId === undefined ? {} : { callerId: params.callerId }),
      }),
      undefined,
      'originate',
    );
    return channelId;
  }

  onChannelGone(channelId: string, listener: (cause: string) => void): () => void {
    let set = this.goneListeners.get(channelId);
    if (!set) this.goneListeners.set(channelId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.goneListeners.delete(channelId);
    };
  }

  async hangupChannel(channelId: string): Promise<void> {
    const known = this.channels.get(channelId);
    if (known) return known.hangup();
    try {
      await this.restNoChannel((c) => c.channels.hangup({ channelId }), undefined, 'hangup');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Runs a REST command for a channel; a channel that has gone away turns into CallHungUpError. */
  async rest<T>(channel: AriCallChannel, command: (client: AriClient) => Promise<T>, options: RestOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (channel.ended.aborted) throw new CallHungUpError(channel.info.channelId);
      try {
        return await this.restNoChannel(command, options.timeoutMs, options.name);
      } catch (error) {
        if (channel.ended.aborted || isNotFound(error)) throw new CallHungUpError(channel.info.channelId);
        if (error instanceof TelephonyTimeoutError && attempt < (options.retries ?? 0)) {
          this.log.warn({ channelId: channel.info.channelId, attempt: attempt + 1 }, 'ari.command.retry_after_timeout');
          continue;
        }
        if (connectionDropped(error) && attempt < (options.retries ?? 0)) {
          this.log.warn({ channelId: channel.info.channelId, attempt: attempt + 1, command: options.name }, 'ari.command.retry_after_connection_dropped');
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * A command on something of the channel's that may already be gone (a playback that ended, music
   * not playing): a 404 while the channel is still up means there is nothing to do.
   */
  async restIfPresent(channel: AriCallChannel, command: (client: AriClient) => Promise<unknown>, options: RestOptions = {}): Promise<void> {
    try {
      await this.rest(channel, command, options);
    } catch (error) {
      if (error instanceof CallHungUpError && !channel.ended.aborted) return;
      throw error;
    }
  }

  private async restNoChannel<T>(command: (client: AriClient) => Promise<T>, timeoutMs = this.options.commandTimeoutMs, name = 'other'): Promise<T> {
    const client = this.client;
    if (!this.connected) throw new TelephonyUnavailableError('ARI command');
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    let code: string | undefined;
    try {
      // Promise.race listens to the reply to the end: one that fails after the timeout is observed, not unhandled.
      return await Promise.race([
        command(client),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TelephonyTimeoutError('ARI command', timeoutMs)), timeoutMs);
        }),
      ]);
    } catch (error) {
      code = isNotFound(error) ? 'NOT_FOUND' : error instanceof TelephonyTimeoutError ? 'TIMEOUT' : 'FAILED';
      if (isNotFound(error) || error instanceof TelephonyTimeoutError) throw error;
      throw new EngineError('TELEPHONY.COMMAND_FAILED', `ARI command failed: ${describe(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
      this.options.observeCommand?.(name, (performance.now() - started) / 1000, code);
    }
  }

  private async connectLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        await this.runSocket(() => {
          attempt = 0;
        });
      } catch (error) {
        this.log.warn({ err: describe(error), attempt }, 'ari.connect.failed');
      }
      if (this.stopped) break;
      const delay = backoffDelay(attempt++, this.options.reconnectMaxDelayMs);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** Opens the events socket and resolves when it closes. */
  private runSocket(onOpen: () => void): Promise<void> {
    const u = new URL(this.options.url);
    const wsUrl = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}/ari/events?app=${encodeURIComponent(this.options.app)}&api_key=${encodeURIComponent(this.options.user)}:${encodeURIComponent(this.options.password)}`;
    return new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(wsUrl);
      this.socket = socket;
      let opened = false;
      socket.on('open', () => {
        opened = true;
        onOpen();
        this.connected = true;
        this.log.info('ari.connected');
        this.filterEvents().catch((error: unknown) => this.log.warn({ err: describe(error) }, 'ari.event_filter.failed'));
        this.reconcile().catch((error: unknown) => this.log.error({ err: describe(error) }, 'ari.reconcile.failed'));
      });
      socket.on('message', (data) => {
        try {
          this.dispatch(JSON.parse((data as Buffer).toString('utf8')) as AriEvent);
        } catch (error) {
          this.log.error({ err: describe(error) }, 'ari.event.failed');
        }
      });
      socket.on('error', (error) => {
        if (!opened) reject(error);
      });
      socket.on('close', () => {
        if (this.connected && !this.stopped) this.log.warn('ari.disconnected');
        this.connected = false;
        this.socket = undefined;
        if (opened) resolve();
        else reject(new Error('events socket closed before it opened'));
      });
    });
  }

  /** Asterisk sends only the events the engine reads; without the filter (it failed) all still work, at a higher cost. */
  private async filterEvents(): Promise<void> {
    await this.restNoChannel((c) => c.applications.filter({ applicationName: this.options.app, filter: { allowed: HANDLED_EVENTS.map((type) => ({ type })) } }), undefined, 'event_filter');
  }

  /** After every (re)connection: end channels that are gone, adopt channels we do not know. */
  private async reconcile(): Promise<void> {
    const client = this.client;
    const app = await client.applications.get({ applicationName: this.options.app });
    const present = new Set(app.channel_ids);
    for (const [id, ch] of this.channels) {
      if (!present.has(id)) {
        this.log.info({ channelId: id }, 'ari.reconcile.channel_gone');
        this.channels.delete(id);
        ch.end('asterisk');
      }
    }
    for (const id of present) {
      if (this.channels.has(id)) continue;
      try {
        const json = (await client.channels.get({ channelId: id })) as AriChannelJson;
        if (this.channels.has(id)) continue; // a StasisStart raced us
        this.log.info({ channelId: id }, 'ari.reconcile.channel_adopted');
        this.admit(json, stasisArgs(json), true);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    this.reconciledHandler?.(present);
  }

  private dispatch(event: AriEvent): void {
    this.log.debug({ type: event.type, channelId: event.channel?.id, playbackId: event.playback?.id }, 'ari.event');
    switch (event.type) {
      case 'StasisStart':
        if (event.channel && !this.channels.has(event.channel.id)) this.admit(event.channel, event.args ?? [], false);
        break;
      case 'ChannelHangupRequest':
      case 'StasisEnd':
      case 'ChannelDestroyed': {
        const id = event.channel?.id;
        const ch = id === undefined ? undefined : this.channels.get(id);
        if (id !== undefined && ch) {
          ch.end(event.type === 'ChannelHangupRequest' && event.soft !== true ? 'caller' : 'asterisk');
          if (event.type !== 'ChannelHangupRequest') this.channels.delete(id);
        }
        if (event.type === 'ChannelDestroyed' && id !== undefined) {
          const listeners = this.goneListeners.get(id);
          this.goneListeners.delete(id);
          for (const l of listeners ?? []) l(event.cause_txt ?? String(event.cause ?? 'unknown'));
        }
        break;
      }
      case 'ApplicationReplaced':
        // Another process connected with the same application name and now receives the calls.
        this.log.error({ app: this.options.app }, 'ari.application_replaced_by_another_engine');
        break;
      case 'ChannelDtmfReceived':
        if (event.channel && event.digit) this.channels.get(event.channel.id)?.deliverDtmf(event.digit);
        break;
      case 'PlaybackFinished':
        if (event.playback) this.waits.resolve(`playback:${event.playback.id}`, event.playback.state);
        break;
      default:
        break;
    }
  }

  private admit(json: AriChannelJson, args: readonly string[], recovered: boolean): void {
    const info: InboundCallInfo = {
      channelId: json.id,
      callerNumber: json.caller?.number ?? '',
      dialledNumber: args[1] ?? json.dialplan?.exten ?? '',
      source: args[0] === 'trunk' || args[0] === 'agent' ? args[0] : sourceFromContext(json.dialplan?.context),
      recovered,
      appArgs: [...args],
    };
    const ch = new AriCallChannel(info, this);
    this.channels.set(json.id, ch);
    if (this.dialled.take(ch, this.log)) return;
    if (!this.handler) {
      this.log.error({ channelId: json.id }, 'ari.call.no_handler');
      void ch.hangup('congestion').catch((error: unknown) => this.log.error({ channelId: json.id, err: describe(error) }, 'ari.call.no_handler_hangup_failed'));
      return;
    }
    this.handler(ch);
  }
}

/** Asterisk closed the connection without a reply (a kept-alive one it was closing, or a session it refused). */
function connectionDropped(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'ECONNRESET' || cause?.code === 'EPIPE';
}

function isNotFound(error: unknown): boolean {
  if (error instanceof AriHttpError) return error.status === 404;
  const text = describe(error);
  return /not found/i.test(text) || /\b404\b/.test(text);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
