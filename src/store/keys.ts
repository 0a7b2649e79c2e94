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
  /** List (newest first, capped): who switched which message on or off, when. */
  announcementHistory: () => 'cc:announcements:history',
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
  /** Hash: one agent's profile (name, endpoint, skills, queues) and state. */
  agent: (agentId: string) => `cc:acd:agent:${agentId}`,
  /** Set: ids of every agent. */
  agents: () => 'cc:acd:agents',
  /** Hash: a call in the ACD's hands (waiting, offered or connected); removed when it leaves. */
  queuedCall: (callId: string) => `cc:acd:call:${callId}`,
  /** Sorted set: call id → entry time (ms), every call in the ACD's hands. */
  queuedCalls: () => 'cc:acd:calls',
  /** Sorted set: call id → entry time (ms), the calls of one queue not yet answered (length limit). */
  queue: (queueId: string) => `cc:acd:queue:${queueId}`,
  /** List: recent handle times (seconds, newest first) of one queue, for the wait estimate. */
  handleTimes: (queueId: string) => `cc:acd:queue:${queueId}:handle-times`,
  /** Hash (kept 40 days): one queue's counters for one day in Rome (entered, answered, answeredInSl, waitMs, abandoned, timedOut, lost, handled, talkSeconds). */
  queueStats: (queueId: string, day: string) => `cc:stats:queue:${queueId}:${day}`,
  /** Counter: arrival order of queued calls (tie-break within a millisecond). */
  queueSeq: () => 'cc:acd:seq',
  /** Hash: version number → JSON of one immutable version of a settings document (queues.yaml). */
  settingsVersions: (doc: string) => `cc:settings:${doc}:versions`,
  /** Hash: content hash → version number of a settings document. */
  settingsHashes: (doc: string) => `cc:settings:${doc}:hashes`,
  /** Hash: settings document → its live version number. */
  liveSettings: () => 'cc:settings:live',
  /** Hash: "operation:code" → count of CRM failures (timeouts, errors) since the start of the install. */
  crmFailures: () => 'cc:stats:crm:failures',
  /** String: an agent's PIN, as a scrypt hash. */
  agentPin: (agentId: string) => `cc:acd:agent:${agentId}:pin`,
  /** Hash (expiring): login attempts for an agent in the current window, by source address ('*': all). */
  loginAttempts: (agentId: string) => `cc:auth:attempts:agent:${agentId}`,
  /** Counter (expiring): login attempts from one source address in the current window, any agent. */
  loginAttemptsFrom: (source: string) => `cc:auth:attempts:source:${source}`,
  /** Set (expiring): the session keys of one agent (ended together when their PIN changes or they are removed). */
  agentSessions: (agentId: string) => `cc:sessions:agent:${agentId}`,
  /** Hash (expiring): one session, by the SHA-256 of its token (the token itself is never stored). */
  session: (tokenHash: string) => `cc:session:${tokenHash}`,
  /** String (expiring): JSON of the screen-pop an agent was shown for a call. */
  screenPop: (callId: string) => `cc:desktop:pop:${callId}`,
  /** String (expiring): set once when an agent's wrap-up of a call is submitted (two tabs cannot both). */
  wrapUp: (callId: string) => `cc:desktop:wrapup:${callId}`,
  /** Hash: entry id → JSON of one directory entry from one source (csv, ldap); an import replaces it whole. */
  directorySource: (source: string) => `cc:directory:source:${source}`,
  /** String (expiring): which engine has the turn for a directory job (the periodic LDAP sync). */
  directoryTurn: (name: string) => `cc:directory:turn:${name}`,
  /** Counter: the directory's version, raised by every import or sync (engines rebuild their index on a change). */
  directoryVersion: () => 'cc:directory:version',
  /** Hash: one callback (booking, attempts, outcome); kept 40 days once closed. */
  callback: (id: string) => `cc:callback:${id}`,
  /** String: the open callback of a number (E.164): one per number, later requests merge into it. */
  callbackOpenFor: (number: string) => `cc:callbacks:open-number:${number}`,
  /** Sorted set: open callback id → due time (ms). */
  callbacksOpen: () => 'cc:callbacks:open',
  /** Counter (expiring): callbacks booked in one slot of a queue. */
  callbackSlot: (queueId: string, slotStart: number) => `cc:callbacks:slot:${queueId}:${slotStart}`,
  /** Counter (expiring): callbacks booked for a number on one day (abuse guard). */
  callbackRateNumber: (number: string, day: string) => `cc:callbacks:rate:number:${number}:${day}`,
  /** Counter (expiring): callbacks booked in one minute, all numbers (abuse guard). */
  callbackRateMinute: (minute: number) => `cc:callbacks:rate:minute:${minute}`,
  /** Prefix of the BullMQ queue that wakes callbacks up when they are due. */
  callbackJobsPrefix: () => 'cc:jobs',
  /** Stream: the append-only log of every call and ACD event (trimmed once every reports projector has read it: events-trim.lua). */
  events: () => 'cc:events',
  /** Hash: each reports projector's last event applied and when it said so (events-trim.lua). */
  eventsProjected: () => 'cc:events:projected',
} as const;
