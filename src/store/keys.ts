/** Every Redis key the engine uses, built in one place. */
export const keys = {
  /** Hash: one live call (removed when the call ends). */
  call: (callId: string) => `cc:call:${callId}`,
  /** String: the call id of the live call on an Asterisk channel (to adopt it after a restart). */
  callByChannel: (channelId: string) => `cc:call-by-channel:${channelId}`,
  /** Set: ids of the calls in progress. */
  activeCalls: () => 'cc:calls:active',
  /** Hash: announcement id → JSON of an emergency or information message that is switched on. */
  announcements: () => 'cc:announcements',
  /** Stream: the append-only log of every call and ACD event. */
  events: () => 'cc:events',
} as const;
