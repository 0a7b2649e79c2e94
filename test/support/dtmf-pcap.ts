/**
 * Writes a pcap of RFC 4733 DTMF events for any key sequence, for SIPp's play_pcap_audio.
 * SIPp's own captures are one recording of 1…9, *, # (a call can send them only in that order,
 * each once, since Asterisk drops RTP whose sequence goes backwards); these are generated with
 * ever-increasing sequence numbers and timestamps, so any sequence works, repeats included.
 * A comma is a one-second pause (e.g. "2,,,,1": 2, then 1 four seconds later).
 */
import { writeFileSync } from 'node:fs';

const EVENT: Record<string, number> = { '*': 10, '#': 11 };
for (let d = 0; d <= 9; d++) EVENT[String(d)] = d;

export function writeDtmfPcap(keys: string, file: string, gapMs = 400): void {
  const packets: Buffer[] = [];
  let seq = 1000;
  let rtpTs = 8000;
  let timeUs = 0;
  for (const key of keys) {
    if (key === ',') {
      // A second with no key pressed.
      rtpTs += 8000;
      timeUs += 1_000_000;
      continue;
    }
    const event = EVENT[key];
    if (event === undefined) throw new Error(`"${key}" is not a telephone key`);
    // 6 packets while the key is held (duration grows by 20 ms), then the end packet 3 times.
    for (let i = 0; i < 9; i++) {
      const end = i >= 6;
      const duration = Math.min(i + 1, 6) * 160;
      const rtp = Buffer.alloc(16);
      rtp.writeUInt8(0x80, 0);
      rtp.writeUInt8((i === 0 ? 0x80 : 0) | 101, 1); // marker on the first packet; payload type 101
      rtp.writeUInt16BE(seq++ & 0xffff, 2);
      rtp.writeUInt32BE(rtpTs >>> 0, 4);
      rtp.writeUInt32BE(0x0cc0e0e0, 8); // SSRC
      rtp.writeUInt8(event, 12);
      rtp.writeUInt8((end ? 0x80 : 0) | 10, 13); // end bit, volume 10
      rtp.writeUInt16BE(duration, 14);
      packets.push(record(timeUs, udpPacket(rtp)));
      timeUs += 20_000;
    }
    rtpTs += 8 * gapMs + 960;
    timeUs += gapMs * 1000;
  }
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // Ethernet
  writeFileSync(file, Buffer.concat([header, ...packets]));
}

function record(timeUs: number, data: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(Math.floor(timeUs / 1e6), 0);
  h.writeUInt32LE(timeUs % 1e6, 4);
  h.writeUInt32LE(data.length, 8);
  h.writeUInt32LE(data.length, 12);
  return Buffer.concat([h, data]);
}

/** Ethernet + IPv4 + UDP around an RTP packet (addresses are rewritten by SIPp). */
function udpPacket(rtp: Buffer): Buffer {
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + 8 + rtp.length, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  ip.writeUInt32BE(0x7f000001, 12);
  ip.writeUInt32BE(0x7f000001, 16);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(6000, 0);
  udp.writeUInt16BE(6002, 2);
  udp.writeUInt16BE(8 + rtp.length, 4);
  return Buffer.concat([eth, ip, udp, rtp]);
}
