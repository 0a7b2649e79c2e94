/** What the IVR's callback steps get from the callbacks service: refusals as reasons, a place gone handled. */
import { describe, expect, it } from 'vitest';
import type { BookRequest, Callbacks } from '../../src/callbacks/callbacks.js';
import type { Callback } from '../../src/callbacks/callback-store.js';
import { ivrCallbacks } from '../../src/callbacks/ivr-callbacks.js';
import { checkNumber } from '../../src/callbacks/number-policy.js';
import { EngineError } from '../../src/errors.js';
import { romeInstant } from '../../src/shared/schedule.js';
import { createLogger } from '../../src/logger.js';

const NOW = romeInstant('2026-11-23 10:00');
const log = createLogger('silent');

function booked(over: Partial<Callback> = {}): Callback {
  return { id: 'cb1', kind: 'keep_place', number: '+393331234567', queueId: 'tributi', acdCallId: 'call-1', dueAt: NOW.getTime(), status: 'booked', attempt: 0, dialled: 0, callerId: '020202', createdAt: NOW.getTime(), createdBy: 'ivr:call-1', data: {}, ...over };
}

/** A Callbacks whose book() answers from a script and records each request. */
function scripted(answers: (Callback | Error)[]): { service: Callbacks; requests: BookRequest[] } {
  const requests: BookRequest[] = [];
  const service = {
    checkNumber: (n: string) => checkNumber(n),
    book(request: BookRequest) {
      requests.push(request);
      const next = answers.shift();
      return next instanceof Error ? Promise.reject(next) : Promise.resolve({ callback: next as Callback, merged: false });
    },
  } as unknown as Callbacks;
  return { service, requests };
}

const REQUEST = { number: '+393331234567', queueId: 'tributi', kind: 'keep_place' as const, data: {}, callId: 'call-1', place: { channelId: 'chan-1' } };

describe('IVR callbacks', () => {
  it('keeps the caller’s place: the booking names their ACD entry and channel; told "in turn"', async () => {
    const { service, requests } = scripted([booked()]);
    expect(await ivrCallbacks(service, () => NOW).book(REQUEST, log)).toEqual({ booking: { id: 'cb1', kind: 'keep_place', queueId: 'tributi', when: 'appena sarà il suo turno' }, merged: false });
    expect(requests[0]).toMatchObject({ originCallId: 'call-1', place: { acdCallId: 'call-1', channelId: 'chan-1' } });
  });

  it('a place given up meanwhile: booked again in turn from now, without it', async () => {
    const { service, requests } = scripted([new EngineError('CALLBACK.PLACE_GONE', 'gone'), booked({ acdCallId: 'callback-cb1' })]);
    expect(await ivrCallbacks(service, () => NOW).book(REQUEST, log)).toMatchObject({ booking: { id: 'cb1' } });
    expect(requests.map((r) => r.place)).toEqual([{ acdCallId: 'call-1', channelId: 'chan-1' }, undefined]);
  });

  it.each([
    ['CALLBACK.NUMBER_REFUSED', 'number_refused'],
    ['CALLBACK.RATE_LIMITED', 'rate_limited'],
    ['CALLBACK.SLOT_FULL', 'slot_full'],
    ['CALLBACK.BAD_SLOT', 'slot_full'],
    ['CALLBACK.NO_SLOTS', 'no_slots'],
    ['CALLBACK.NO_SUCH_QUEUE', 'failed'],
  ])('%s → the flow hears %s', async (code, refused) => {
    const { service } = scripted([new EngineError(code, 'why')]);
    expect(await ivrCallbacks(service, () => NOW).book(REQUEST, log)).toEqual({ refused, detail: 'why' });
  });

  it('Redis failing is a failed booking, never an exception in the flow', async () => {
    const { service } = scripted([new Error('connect ECONNREFUSED')]);
    expect(await ivrCallbacks(service, () => NOW).book(REQUEST, log)).toEqual({ refused: 'failed', detail: 'connect ECONNREFUSED' });
  });

  it('the number read back is the national one; what cannot be called back says why', () => {
    const cb = ivrCallbacks(scripted([]).service, () => NOW);
    expect(cb.check('333 123 4567')).toEqual({ allowed: true, e164: '+393331234567', digits: '3331234567' });
    expect(cb.check('anonymous')).toMatchObject({ allowed: false });
    expect(cb.check('899123456')).toMatchObject({ allowed: false });
  });
});
