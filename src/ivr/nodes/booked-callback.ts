import { z } from 'zod';
import { promptMedia } from '../../shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../shared/system-prompts.js';
import { nodeRef, seconds } from './common.js';
import type { IvrBooking, NodeType } from './node.js';

/**
 * A caller who calls again while a callback is booked for their number hears when it is due and
 * may keep it (1, then `kept`: usually a goodbye) or cancel it (2); pressing nothing keeps it and
 * the flow goes on to `next`, as it does at once for callers without a booking. A CRM or Redis
 * failure never stops the call: the flow goes on.
 */
export const bookedCallbackNodeSchema = z
  .object({
    type: z.literal('booked-callback'),
    timeoutSeconds: seconds(60).default(6),
    kept: nodeRef.describe('Where a caller who keeps their callback (key 1) goes: usually a goodbye.'),
    next: nodeRef.describe('Where the flow goes on: no callback booked, cancelled (key 2), or nothing pressed (it stays booked).'),
  })
  .strict()
  .describe("Tells a caller who calls again of their booked callback; they keep it (1) or cancel it (2).");

export const bookedCallback: NodeType<typeof bookedCallbackNodeSchema> = {
  type: 'booked-callback',
  schema: bookedCallbackNodeSchema,
  nextNodes: (node) => [...new Set([node.kept, node.next])],
  promptRefs: () => [],
  async run(node, rt) {
    const cb = rt.callbacks();
    let booking: IvrBooking | undefined;
    try {
      booking = await cb?.openFor(rt.call.info.callerNumber);
    } catch (error) {
      rt.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'callback.lookup_failed');
    }
    if (!cb || !booking) return { next: node.next, detail: { outcome: 'none' } };
    rt.vars.set('callback_id', booking.id);
    rt.vars.set('callback_when', booking.when);
    await rt.play([await rt.speak(`Risulta una richiamata prenotata per questo numero: la richiameremo ${booking.when}.`), promptMedia(SYSTEM_PROMPTS.callbackKeepOrCancel)], true);
    const pressed = await rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);
    if (pressed === '1') {
      await rt.play([promptMedia(SYSTEM_PROMPTS.callbackKept)], false);
      return { next: node.kept, detail: { outcome: 'kept', callback: booking.id } };
    }
    if (pressed === '2') {
      try {
        await cb.cancel(booking.id);
      } catch (error) {
        rt.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'callback.cancel_failed');
        await rt.play([promptMedia(SYSTEM_PROMPTS.callbackNotCancelled)], false);
        return { next: node.next, detail: { outcome: 'cancel_failed', callback: booking.id } };
      }
      await rt.play([promptMedia(SYSTEM_PROMPTS.callbackCancelled)], false);
      return { next: node.next, detail: { outcome: 'cancelled', callback: booking.id } };
    }
    rt.digits.clear();
    return { next: node.next, detail: { outcome: 'kept_silently', callback: booking.id } };
  },
};
