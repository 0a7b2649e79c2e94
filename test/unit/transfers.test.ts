/** Transfers to external numbers dial what the toll-fraud guard checked, never the raw text. */
import { describe, expect, it } from 'vitest';
import { Transfers } from '../../src/calls/transfers.js';
import { createLogger } from '../../src/logger.js';
import { FakeTelephony } from '../../src/telephony/fake-telephony.js';

async function transferTo(number: string, allow: string[] = []): Promise<{ outcome: string; dialled: string[] }> {
  const telephony = new FakeTelephony(1000);
  const transfers = new Transfers(telephony, createLogger('silent'), 'PJSIP/{number}@trunk', { internationalAllowList: allow });
  const caller = telephony.placeCall({ dialledNumber: '020202' });
  const outcome = transfers.connect(caller, 'call-1', { number }, 1);
  // Nobody answers: the ring times out (1 s + 2 s) unless the caller leaves first.
  setImmediate(() => caller.callerHangsUp());
  return { outcome: await outcome, dialled: telephony.originated.map((o) => o.endpoint) };
}

describe('a transfer to an external number', () => {
  it('dials the normalised national number, not the text as written', async () => {
    expect((await transferTo('+39 02 8845 1234')).dialled).toEqual(['PJSIP/0288451234@trunk']);
    expect((await transferTo('02/8845.1234')).dialled).toEqual(['PJSIP/0288451234@trunk']);
  });

  it('refuses "+39 00…" (it dials abroad) and numbers abroad unless allow-listed, before any originate', async () => {
    expect(await transferTo('+39 0041 44 668 18 00')).toEqual({ outcome: 'failed', dialled: [] });
    expect(await transferTo('+41 44 668 18 00')).toEqual({ outcome: 'failed', dialled: [] });
    expect((await transferTo('+41 44 668 18 00', ['+41'])).dialled).toEqual(['PJSIP/0041446681800@trunk']);
    expect(await transferTo('+41 900 123 456', ['+41'])).toEqual({ outcome: 'failed', dialled: [] });
  });
});
