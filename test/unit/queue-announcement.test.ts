/** What a waiting caller hears at an announcement (pure): the words the live wait and the simulator share. */
import { describe, expect, it } from 'vitest';
import { queueAnnouncement } from '../../src/acd/announcement.js';
import { promptMedia } from '../../src/shared/prompts.js';
import { SYSTEM_PROMPTS } from '../../src/shared/system-prompts.js';

const ALL = { everySeconds: 45, position: true, estimate: true };
const P = (id: keyof typeof SYSTEM_PROMPTS) => promptMedia(SYSTEM_PROMPTS[id]);

describe('queueAnnouncement', () => {
  it('says the position and "less than N minutes"', () => {
    expect(queueAnnouncement(ALL, { position: 4, minutes: 7 })).toEqual({ media: [P('queuePosition'), 'number:4', P('queueWaitLessThan'), 'number:7', P('queueMinutes')], callbackOffered: false });
  });

  it('one minute is said in words, not "meno di 1 minuti"', () => {
    expect(queueAnnouncement(ALL, { position: 1, minutes: 1 }).media).toEqual([P('queuePosition'), 'number:1', P('queueWaitUnderOneMinute')]);
  });

  it('without an honest estimate only the position; with nothing to say, "stay on the line"', () => {
    expect(queueAnnouncement(ALL, { position: 2, minutes: undefined }).media).toEqual([P('queuePosition'), 'number:2']);
    expect(queueAnnouncement({ ...ALL, position: false, estimate: false }, { position: 2, minutes: 9 }).media).toEqual([P('queueStayOnLine')]);
    expect(queueAnnouncement(ALL, { position: undefined, minutes: 9 }).media).toEqual([P('queueStayOnLine')]);
  });

  it('offers the callback once the wait said reaches the threshold, at once with 0, never on a wait not said', () => {
    expect(queueAnnouncement(ALL, { position: 9, minutes: 4 }, { afterMinutes: 5 }).callbackOffered).toBe(false);
    const offered = queueAnnouncement(ALL, { position: 9, minutes: 5 }, { afterMinutes: 5 });
    expect(offered.callbackOffered).toBe(true);
    expect(offered.media.at(-1)).toBe(P('queueCallbackOffer'));
    expect(queueAnnouncement(ALL, { position: 9, minutes: undefined }, { afterMinutes: 0 }).callbackOffered).toBe(true);
    // An estimate the queue does not announce does not offer a callback either.
    expect(queueAnnouncement({ ...ALL, estimate: false }, { position: 9, minutes: 20 }, { afterMinutes: 5 }).callbackOffered).toBe(false);
  });
});
