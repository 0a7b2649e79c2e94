import { describe, expect, it } from 'vitest';
import { offerGaps, parseSippMessages, quantile } from '../../scripts/bench/offer-gaps.js';

const msg = (at: string, dir: 'sent' | 'received', first: string, callId: string): string =>
  `----------------------------------------------- 2026-11-29 ${at}\nUDP message ${dir === 'sent' ? 'sent (300 bytes):' : 'received [300] bytes :'}\n\n${first}\nVia: SIP/2.0/UDP 127.0.0.1:5060\nCall-ID: ${callId}\nCSeq: 1 X\n\n`;

describe('agent free → next offer, from the agents phone trace', () => {
  it('reads the timestamp to the microsecond, the direction, the method, the agent and the Call-ID', () => {
    const [m] = parseSippMessages(msg('10:00:00.123456', 'received', 'INVITE sip:1001@127.0.0.1:5200 SIP/2.0', 'a1'));
    expect(m).toMatchObject({ sent: false, method: 'INVITE', user: '1001', callId: 'a1' });
    const [r] = parseSippMessages(msg('10:00:00.000001', 'sent', 'SIP/2.0 200 OK', 'a1'));
    expect(r).toMatchObject({ sent: true, method: 'RESPONSE', user: '' });
    expect((m?.atMs ?? 0) - (r?.atMs ?? 0)).toBeCloseTo(123.455, 3);
  });

  it('measures each agent from their BYE to their next INVITE, once per call, retransmissions ignored', () => {
    const text = [
      msg('10:00:00.000000', 'received', 'INVITE sip:1001@127.0.0.1:5200 SIP/2.0', 'c1'),
      msg('10:00:00.100000', 'received', 'INVITE sip:1002@127.0.0.1:5200 SIP/2.0', 'c2'),
      msg('10:00:02.000000', 'sent', 'BYE sip:x@127.0.0.1:5060 SIP/2.0', 'c1'),
      msg('10:00:02.500000', 'sent', 'BYE sip:x@127.0.0.1:5060 SIP/2.0', 'c1'),
      msg('10:00:02.100000', 'sent', 'BYE sip:x@127.0.0.1:5060 SIP/2.0', 'c2'),
      msg('10:00:02.112000', 'received', 'INVITE sip:1002@127.0.0.1:5200 SIP/2.0', 'c3'),
      msg('10:00:02.112500', 'received', 'INVITE sip:1002@127.0.0.1:5200 SIP/2.0', 'c3'),
      msg('10:00:02.008000', 'received', 'INVITE sip:1001@127.0.0.1:5200 SIP/2.0', 'c4'),
    ].join('');
    const gaps = offerGaps(parseSippMessages(text), 100);
    expect(gaps.map((g) => Math.round(g * 1000) / 1000)).toEqual([12, 8]);
  });

  it('ignores BYEs sent once the queue may have emptied', () => {
    const text = [
      msg('10:00:00.000000', 'received', 'INVITE sip:1001@127.0.0.1:5200 SIP/2.0', 'c1'),
      msg('10:00:00.100000', 'received', 'INVITE sip:1002@127.0.0.1:5200 SIP/2.0', 'c2'),
      msg('10:00:02.000000', 'sent', 'BYE sip:x@127.0.0.1:5060 SIP/2.0', 'c1'),
      msg('10:00:09.000000', 'received', 'INVITE sip:1001@127.0.0.1:5200 SIP/2.0', 'c3'),
    ].join('');
    expect(offerGaps(parseSippMessages(text), 2)).toEqual([]);
    expect(offerGaps(parseSippMessages(text), 3)).toEqual([7000]);
  });

  it('quantiles by nearest rank', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.9)).toBeNaN();
  });
});
