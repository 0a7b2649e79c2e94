/**
 * A call's phase in the ACD and every event that moves it: the one state machine the rooms
 * follow, for a caller on the line and for a callback alike.
 *
 *   waiting ──offer──▶ offered ──answered──▶ connected ──consult──▶ consulting
 *      ▲                  │                     │  ▲                     │
 *      └───offer_ended────┘                     │  └───consult_ended─────┘
 *                                               ├──ended──────▶ ended      (either side hung up; the agent wraps up)
 *                                               └──transfer───▶ handed_on  (to a queue or an extension)
 *   waiting ──callback_key──▶ callback   (the caller leaves their place to be called back)
 *   waiting | offered ──left──▶ gone     (hung up, timeout, no agents, lost)
 *   any but a final phase ──detached──▶ detached  (the engine stops: the next one adopts the call)
 *
 * A typed reducer, not XState (which runs the IVR's flows): the ACD's waits are async loops on
 * Asterisk and Redis, and a reducer names and checks their moves without moving their control
 * flow into actors; it is pure, costs nothing on the hot path and is tested on its own.
 */
export type CallPhase = 'waiting' | 'offered' | 'connected' | 'consulting' | 'ended' | 'handed_on' | 'callback' | 'gone' | 'detached';
export type CallPhaseEvent = 'offer' | 'offer_ended' | 'answered' | 'consult' | 'consult_ended' | 'ended' | 'transfer' | 'callback_key' | 'left' | 'detached';

const MOVES: { readonly [P in CallPhase]: Readonly<Partial<Record<CallPhaseEvent, CallPhase>>> } = {
  waiting: { offer: 'offered', callback_key: 'callback', left: 'gone', detached: 'detached' },
  offered: { answered: 'connected', offer_ended: 'waiting', left: 'gone', detached: 'detached' },
  connected: { consult: 'consulting', ended: 'ended', transfer: 'handed_on', detached: 'detached' },
  consulting: { consult_ended: 'connected', ended: 'ended', transfer: 'handed_on', detached: 'detached' },
  ended: {},
  handed_on: {},
  callback: {},
  gone: {},
  detached: {},
};

/** The phase after `event`, or undefined when the event cannot happen in `phase`. */
export function nextPhase(phase: CallPhase, event: CallPhaseEvent): CallPhase | undefined {
  return MOVES[phase][event];
}

/** Phases the call does not leave. */
export function isFinal(phase: CallPhase): boolean {
  return Object.keys(MOVES[phase]).length === 0;
}
