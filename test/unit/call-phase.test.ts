import { describe, expect, it } from 'vitest';
import { isFinal, nextPhase, type CallPhase, type CallPhaseEvent } from '../../src/acd/call-phase.js';

const walk = (events: CallPhaseEvent[], from: CallPhase = 'waiting'): (CallPhase | undefined)[] => {
  const seen: (CallPhase | undefined)[] = [];
  let phase: CallPhase | undefined = from;
  for (const e of events) {
    phase = phase === undefined ? undefined : nextPhase(phase, e);
    seen.push(phase);
  }
  return seen;
};

describe("a call's phases in the ACD", () => {
  it('waits, is offered, rings out and waits again, is answered, consults, talks again and ends', () => {
    expect(walk(['offer', 'offer_ended', 'offer', 'answered', 'consult', 'consult_ended', 'ended'])).toEqual(['offered', 'waiting', 'offered', 'connected', 'consulting', 'connected', 'ended']);
  });

  it('is handed on by a transfer, from a conversation or from a consult', () => {
    expect(walk(['offer', 'answered', 'transfer'])).toEqual(['offered', 'connected', 'handed_on']);
    expect(walk(['offer', 'answered', 'consult', 'transfer'])).toEqual(['offered', 'connected', 'consulting', 'handed_on']);
  });

  it('leaves while waiting or ringing, chooses a callback only while waiting, is detached from any live phase', () => {
    expect(nextPhase('waiting', 'left')).toBe('gone');
    expect(nextPhase('offered', 'left')).toBe('gone');
    expect(nextPhase('waiting', 'callback_key')).toBe('callback');
    expect(nextPhase('offered', 'callback_key')).toBeUndefined();
    for (const p of ['waiting', 'offered', 'connected', 'consulting'] as const) expect(nextPhase(p, 'detached')).toBe('detached');
  });

  it('refuses moves that cannot happen: answered without an offer, a consult while waiting, anything after the end', () => {
    expect(nextPhase('waiting', 'answered')).toBeUndefined();
    expect(nextPhase('waiting', 'consult')).toBeUndefined();
    expect(nextPhase('connected', 'offer')).toBeUndefined();
    for (const p of ['ended', 'handed_on', 'callback', 'gone', 'detached'] as const) {
      expect(isFinal(p)).toBe(true);
      expect(nextPhase(p, 'offer')).toBeUndefined();
    }
    expect(isFinal('connected')).toBe(false);
  });
});
