/** The slice of ARI's event JSON the engine reads, and small pure helpers around it. */
export interface AriChannelJson {
  readonly id: string;
  readonly caller?: { readonly number?: string; readonly name?: string };
  readonly dialplan?: { readonly context?: string; readonly exten?: string; readonly app_name?: string; readonly app_data?: string };
}

export interface AriEvent {
  readonly type: string;
  readonly channel?: AriChannelJson;
  readonly args?: readonly string[];
  readonly digit?: string;
  readonly soft?: boolean;
  readonly cause?: number;
  readonly cause_txt?: string;
  readonly playback?: { readonly id: string; readonly state: string };
}

/** Capped exponential back-off: 250 ms, 500 ms, 1 s … up to maxMs. */
export function backoffDelay(attempt: number, maxMs: number): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(attempt, 20));
}

/**
 * The only ARI events the engine reads (ari-telephony's dispatch). Asterisk is told to send no
 * others (PUT /applications/{app}/eventFilter): a call in the IVR otherwise costs Asterisk and
 * Node a dozen events nobody reads (ChannelVarset, ChannelStateChange, PlaybackStarted, …).
 */
export const HANDLED_EVENTS = ['StasisStart', 'StasisEnd', 'ChannelHangupRequest', 'ChannelDestroyed', 'ChannelDtmfReceived', 'PlaybackFinished', 'ApplicationReplaced'] as const;

/**
 * The Stasis arguments of a channel found in the application after a reconnection (no
 * StasisStart to carry them): the dialplan application it is in, Stasis(app,source,number), says.
 */
export function stasisArgs(json: AriChannelJson): string[] {
  const d = json.dialplan;
  if (d?.app_name?.toLowerCase() !== 'stasis' || d.app_data === undefined) return [];
  return d.app_data.split(',').slice(1).map((a) => a.trim());
}

/** The dialplan context a channel came from tells who placed the call (see asterisk-config/extensions.conf). */
export function sourceFromContext(context: string | undefined): 'trunk' | 'agent' | 'unknown' {
  if (context === 'from-trunk') return 'trunk';
  if (context === 'from-agents') return 'agent';
  return 'unknown';
}
