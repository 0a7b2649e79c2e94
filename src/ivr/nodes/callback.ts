import { z } from 'zod';
import { promptMedia } from '../../shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../shared/system-prompts.js';
import { nodeRef, readKeys, screenPopData, seconds } from './common.js';
import type { IvrCallbacks, NodeResult, NodeRuntime, NodeType } from './node.js';
import { chooseSlot } from './slot-choice.js';

/**
 * Books a callback for the caller. The number is the caller id, read back and confirmed (1), or
 * one they key in (2, or when the caller id cannot be called back: anonymous, abroad, premium).
 * `in-turn`: called back when their turn comes — from a queue's callback key their place is
 * kept. `slot`: the caller chooses a day and time among the queue's free slots, read in Italian
 * by day, a few at a time, or keys a day and hour (./slot-choice.ts). `ask`: the caller chooses between the two. After the booking the
 * caller hears when they will be called and the flow goes to `next` (usually a goodbye); a
 * caller who gives no usable number or chooses nothing, or a booking refused, goes to
 * `onFailure` with the reason in ${callback_error} — from a queue, back to that queue, where the
 * place is still theirs. The callback's id and when are in ${callback_id} and ${callback_when}.
 */
export const callbackNodeSchema = z
  .object({
    type: z.literal('callback'),
    queue: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a queue id: lower-case letters, digits, -').describe("The queue whose agents call back (its callbacks block in queues.yaml)."),
    when: z
      .enum(['in-turn', 'slot', 'ask'])
      .default('in-turn')
      .describe('in-turn: when the turn comes (keeping the place held in the queue); slot: at a day and time the caller chooses; ask: the caller chooses.'),
    slotsOffered: z.number().int().min(1).max(6, 'at most 6: keys 7, 8, 9 and 0 move between days and times').default(3).describe('Slots of a day read at a time (keys 1..slotsOffered; 9 more that day, 8 the next day, 7 the day before, 0 to key a day and hour).'),
    timeoutSeconds: seconds(60).default(8),
    retries: z.number().int().min(0).max(5).default(2),
    data: z.record(z.string(), z.string()).optional().describe("Data for the agent's screen-pop when the callback is dialled."),
    next: nodeRef.describe('After the booking (the caller has heard when they will be called).'),
    onFailure: nodeRef.describe('Not booked; ${callback_error}: unavailable, no_number, no_choice, no_slots, number_refused, rate_limited, failed.'),
  })
  .strict()
  .describe('Books a callback: number confirmed or keyed in, in turn (keeping the queue place) or at a chosen slot.');

type CallbackNode = z.infer<typeof callbackNodeSchema>;

/** More than a queue's horizon holds (30 days of 15-minute slots). */
const ALL_SLOTS = 30 * 96;

const key = (rt: NodeRuntime, node: CallbackNode) => rt.digits.next(node.timeoutSeconds * 1000, rt.call.ended, rt.call.info.channelId);

/** The number to call back (E.164): the caller id confirmed, or one keyed in and confirmed; undefined after the retries. */
async function confirmNumber(node: CallbackNode, rt: NodeRuntime, cb: IvrCallbacks): Promise<string | undefined> {
  let candidate = cb.check(rt.call.info.callerNumber);
  let failures = 0;
  for (;;) {
    if (candidate.allowed) {
      await rt.play([promptMedia(SYSTEM_PROMPTS.callbackNumberIs), `digits:${candidate.digits}`, promptMedia(SYSTEM_PROMPTS.callbackConfirmNumber)], true);
      const pressed = await key(rt, node);
      if (pressed === '1') return candidate.e164;
      if (pressed === '2') candidate = { allowed: false, reason: 'another number' };
    } else {
      await rt.play([promptMedia(SYSTEM_PROMPTS.callbackKeyNumber)], true);
      const keyed = await readKeys(rt, { timeoutMs: node.timeoutSeconds * 1000, interDigitMs: 5000, terminator: '#', maxDigits: 16 });
      if (keyed !== undefined) {
        const checked = cb.check(keyed);
        if (checked.allowed) {
          // Read back and confirmed like the caller id.
          candidate = checked;
          continue;
        }
        await rt.play([promptMedia(SYSTEM_PROMPTS.callbackNumberRefused)], false);
      }
    }
    failures++;
    if (failures > node.retries) return undefined;
    rt.digits.clear();
  }
}

/** Keep-my-place (1) or a chosen slot (2). */
async function chooseKind(node: CallbackNode, rt: NodeRuntime): Promise<'keep_place' | 'scheduled' | undefined> {
  for (let failures = 0; failures <= node.retries; failures++) {
    await rt.play([promptMedia(SYSTEM_PROMPTS.callbackChooseWhen)], true);
    const pressed = await key(rt, node);
    if (pressed === '1') return 'keep_place';
    if (pressed === '2') return 'scheduled';
    rt.digits.clear();
  }
  return undefined;
}

export const callback: NodeType<typeof callbackNodeSchema> = {
  type: 'callback',
  schema: callbackNodeSchema,
  nextNodes: (node) => [...new Set([node.next, node.onFailure])],
  promptRefs: () => [],
  async run(node, rt) {
    const fail = async (reason: string, apology: boolean): Promise<NodeResult> => {
      rt.vars.set('callback_error', reason);
      await rt.record('callback.not_booked', { queue: node.queue, reason });
      if (apology) await rt.play([promptMedia(SYSTEM_PROMPTS.callbackNotBooked)], false);
      return { next: node.onFailure, detail: { failed: reason } };
    };
    const cb = rt.callbacks();
    if (!cb) return fail('unavailable', true);
    const number = await confirmNumber(node, rt, cb);
    if (number === undefined) return fail('no_number', false);
    const kind = node.when === 'ask' ? await chooseKind(node, rt) : node.when === 'slot' ? 'scheduled' : 'keep_place';
    if (kind === undefined) return fail('no_choice', false);
    const data = { ...screenPopData(rt, node.data), ...(rt.tags.size > 0 ? { topic: [...rt.tags][0] as string } : {}) };
    for (;;) {
      let at: Date | undefined;
      if (kind === 'scheduled') {
        // Every free slot of the horizon: the caller may move between days.
        const slots = await cb.freeSlots(node.queue, ALL_SLOTS);
        if (slots.length === 0) {
          await rt.play([promptMedia(SYSTEM_PROMPTS.callbackNoSlots)], false);
          return fail('no_slots', false);
        }
        const slot = await chooseSlot(node, rt, slots);
        if (!slot) return fail('no_choice', false);
        at = slot.start;
      }
      const booked = await cb.book({ number, queueId: node.queue, kind, data, ...(at ? { at } : {}) });
      if ('refused' in booked) {
        if (booked.refused === 'slot_full' && kind === 'scheduled') {
          // Taken by someone else meanwhile: the caller chooses again among what is left.
          await rt.play([promptMedia(SYSTEM_PROMPTS.callbackSlotTaken)], false);
          continue;
        }
        return fail(booked.refused, true);
      }
      const { booking, merged } = booked;
      rt.vars.set('callback_id', booking.id);
      rt.vars.set('callback_when', booking.when);
      if (merged) await rt.play([await rt.speak(`Risulta già una richiamata prenotata per questo numero: la richiameremo ${booking.when}. Ora può riagganciare.`)], false);
      else if (booking.kind === 'keep_place') await rt.play([promptMedia(SYSTEM_PROMPTS.callbackBookedInTurn)], false);
      else await rt.play([await rt.speak(`Grazie. La richiameremo ${booking.when}. Ora può riagganciare.`)], false);
      return { next: node.next, detail: { outcome: merged ? 'merged' : 'booked', kind: booking.kind, callback: booking.id } };
    }
  },
};
