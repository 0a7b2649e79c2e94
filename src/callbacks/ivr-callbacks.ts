/**
 * Callbacks as flows use them (the IVR's `callback` and `booked-callback` steps): the number
 * guard with the digits to read back, free slots with how they are said, and booking, where an
 * EngineError becomes the reason the flow branches on.
 */
import { EngineError } from '../errors.js';
import type { CallbackRefusal, IvrBooked, IvrBooking, IvrCallbackService } from '../ivr/index.js';
import type { Callback } from './callback-store.js';
import type { Callbacks } from './callbacks.js';
import { dialDigits } from './number-policy.js';
import { callbackWhen } from './queue-slots.js';
import { slotInItalian } from './slots.js';

const REFUSALS: Readonly<Record<string, CallbackRefusal>> = {
  'CALLBACK.NUMBER_REFUSED': 'number_refused',
  'CALLBACK.RATE_LIMITED': 'rate_limited',
  'CALLBACK.SLOT_FULL': 'slot_full',
  'CALLBACK.NO_SLOTS': 'no_slots',
  'CALLBACK.BAD_SLOT': 'slot_full',
};

export function ivrCallbacks(callbacks: Callbacks, now: () => Date): IvrCallbackService {
  const booking = (cb: Callback): IvrBooking => ({ id: cb.id, kind: cb.kind, queueId: cb.queueId, when: callbackWhen(cb, now()) });
  return {
    check(number) {
      const checked = callbacks.checkNumber(number);
      return checked.allowed ? { allowed: true, e164: checked.e164, digits: dialDigits(checked.e164) } : { allowed: false, reason: checked.reason };
    },
    async freeSlots(queueId, limit) {
      const at = now();
      return (await callbacks.freeSlots(queueId, limit)).map((s) => ({ start: s.start, spoken: slotInItalian(s.start, at) }));
    },
    async book(request, log): Promise<IvrBooked> {
      const book = (place: boolean) =>
        callbacks.book(
          {
            number: request.number,
            queueId: request.queueId,
            kind: request.kind,
            ...(request.at ? { at: request.at } : {}),
            originCallId: request.callId,
            data: request.data,
            ...(place && request.place ? { place: { acdCallId: request.callId, channelId: request.place.channelId } } : {}),
          },
          `ivr:${request.callId}`,
        );
      try {
        let booked;
        try {
          booked = await book(true);
        } catch (error) {
          // The place was given up meanwhile (the queue's maximum wait): booked in turn from now.
          if (!(error instanceof EngineError && error.code === 'CALLBACK.PLACE_GONE')) throw error;
          booked = await book(false);
        }
        return { booking: booking(booked.callback), merged: booked.merged };
      } catch (error) {
        const refused = error instanceof EngineError ? REFUSALS[error.code] : undefined;
        if (refused) return { refused, detail: (error as EngineError).message };
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'callback.ivr_booking_failed');
        return { refused: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
    },
    async openFor(number) {
      const cb = await callbacks.openFor(number);
      return cb ? booking(cb) : undefined;
    },
    async cancel(id, callId) {
      await callbacks.cancel(id, `caller:${callId}`);
    },
  };
}
