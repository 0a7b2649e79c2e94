/** Durable facts about a live call, kept in Redis so that a restarted engine knows them. */
export interface CallRecord {
  readonly callId: string;
  readonly channelId: string;
  readonly callerNumber: string;
  /** The number as reports show it (caller-identity.ts). */
  readonly callerMasked?: string;
  /** The caller's pseudonymous key for the reports (caller-identity.ts), when the number identifies someone. */
  readonly callerKey?: string;
  readonly dialledNumber: string;
  readonly source: string;
  readonly flowId: string;
  readonly flowVersion: string;
  readonly startedAt: string;
  readonly engineInstance: string;
  /** The playback in progress, so that an engine adopting the call can stop it. */
  readonly playbackId?: string;
  /** Topic tags set by the flow, comma-separated. */
  readonly tags?: string;
  /** Where the caller is in their flow (ivr/checkpoint.ts, JSON), for an engine adopting the call. */
  readonly ivr?: string;
}

export interface CallStore {
  /** Registers the call and logs `call.started` atomically. Throws CALL.EXISTS on a duplicate. */
  start(call: CallRecord, at: Date): Promise<void>;
  /** Updates a live call; false if it has already ended. */
  update(callId: string, fields: Partial<CallRecord>): Promise<boolean>;
  /** Removes the call and logs `call.ended` atomically; false if it was not live. */
  end(callId: string, channelId: string, at: Date, data: Record<string, unknown>): Promise<boolean>;
  /** The live call on an Asterisk channel, if any. */
  findByChannel(channelId: string): Promise<string | undefined>;
  get(callId: string): Promise<CallRecord | undefined>;
  active(): Promise<string[]>;
}
