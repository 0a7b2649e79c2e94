import { describe, expect, it } from 'vitest';
import { DIALLED, DialledLegs, isDialledLeg, type CallChannel, type InboundCallInfo } from '../../src/telephony/telephony.js';

/** A channel as the telephony admits it: only what DialledLegs reads, and its hang-ups counted. */
function channel(info: Partial<InboundCallInfo>): CallChannel & { hangups: number } {
  const c = {
    info: { channelId: 'ch-1', callerNumber: '', dialledNumber: '', source: 'unknown', recovered: false, appArgs: [], ...info },
    hangups: 0,
    hangup: () => {
      c.hangups++;
      return Promise.resolve();
    },
  };
  return c as unknown as CallChannel & { hangups: number };
}
const log = { warn: () => undefined };

describe('legs the engine dialled', () => {
  it('hands an expected leg to its dial', async () => {
    const legs = new DialledLegs();
    const answered = legs.expect('leg-1');
    const leg = channel({ channelId: 'leg-1', appArgs: [DIALLED, 'agent'] });
    expect(legs.take(leg, log)).toBe(true);
    expect(await answered).toBe(leg);
  });

  it('hangs up a leg nobody waits for any more (it answered after its dial gave up)', () => {
    const late = channel({ channelId: 'leg-2', appArgs: [DIALLED, 'agent'] });
    expect(new DialledLegs().take(late, log)).toBe(true);
    expect(late.hangups).toBe(1);
  });

  it('leaves a leg found after a restart to the call handler: it may be an agent in a conversation that goes on', () => {
    const recovered = channel({ channelId: 'leg-3', appArgs: [DIALLED, 'agent'], recovered: true });
    expect(new DialledLegs().take(recovered, log)).toBe(false);
    expect(recovered.hangups).toBe(0);
    expect(isDialledLeg(recovered.info)).toBe(true);
  });

  it('is not about calls placed to the engine', () => {
    const inbound = channel({ appArgs: ['trunk', '020202'] });
    expect(new DialledLegs().take(inbound, log)).toBe(false);
    expect(isDialledLeg(inbound.info)).toBe(false);
  });
});
