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
  /** Hash: version number → JSON of one immutable version of a flow. */
  flowVersions: (flowId: string) => `cc:flow:${flowId}:versions`,
  /** Hash: content hash → version number (publishing the same text twice reuses the version). */
  flowHashes: (flowId: string) => `cc:flow:${flowId}:hashes`,
  /** Hash: flow id → JSON of its draft (tried by test callers only). */
  flowDrafts: () => 'cc:flows:drafts',
  /** Set: caller numbers whose calls run the drafts. */
  flowTesters: () => 'cc:flows:testers',
  /** Hash: flow id → its live version number. */
  liveFlows: () => 'cc:flows:live',
  /** Stream: the append-only log of every call and ACD event. */
  events: () => 'cc:events',
} as const;
