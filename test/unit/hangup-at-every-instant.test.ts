/**
 * A caller can hang up at any instant: before a command's reply, between the reply and its event,
 * or after. Whatever the order, a playback, an originated leg and a bridge settle once, leave no
 * wait, timer or listener behind, and no promise rejects with nobody listening (which would end
 * the engine for every caller). The ARI channel is driven through a fake owner whose replies the
 * test releases; ringing and bridging through the fake telephony's reply gate.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AriCallChannel, type AriChannelOwner, type AriClient } from '../../src/telephony/ari-channel.js';
import { FakeTelephony, type FakeCallChannel } from '../../src/telephony/fake-telephony.js';
import { CallHungUpError, untilEnded } from '../../src/telephony/telephony.js';
import { Waits } from '../../src/telephony/waits.js';
import { Transfers } from '../../src/calls/transfers.js';
import { createLogger } from '../../src/logger.js';

interface Reply {
  readonly command: string;
  ok(): void;
  fail(error: Error): void;
}

/** Runs REST commands as AriTelephony does, but each reply waits until the test releases it. */
class HeldRepliesOwner implements AriChannelOwner {
  readonly waits = new Waits();
  readonly replies: Reply[] = [];

  rest<T>(channel: AriCallChannel, command: (client: AriClient) => Promise<T>): Promise<T> {
    if (channel.ended.aborted) return Promise.reject(new CallHungUpError(channel.info.channelId));
    let name = '';
    const record = (path: string) => () => {
      name = path;
      return new Promise<never>(() => undefined);
    };
    // Only the name of the command matters here: a proxy records it.
    const client = new Proxy({}, { get: (_, group: string) => new Proxy({}, { get: (__, op: string) => record(`${group}.${op}`) }) }) as AriClient;
    void command(client);
    return new Promise<T>((resolve, reject) => {
      this.replies.push({
        command: name,
        ok: () => resolve(undefined as T),
        // As AriTelephony.rest: a failure on a channel that has gone is a hang-up.
        fail: (error) => reject(channel.ended.aborted ? new CallHungUpError(channel.info.channelId) : error),
      });
    });
  }

  async restIfPresent(channel: AriCallChannel, command: (client: AriClient) => Promise<unknown>): Promise<void> {
    await this.rest(channel, command);
  }
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  // Unhandled rejections are reported after the microtask queue drains: let it drain.
  await new Promise((r) => setImmediate(r));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

function channel(): { ch: AriCallChannel; owner: HeldRepliesOwner } {
  const owner = new HeldRepliesOwner();
  const ch = new AriCallChannel({ channelId: 'ch-1', callerNumber: '+393331234567', dialledNumber: '020202', source: 'trunk', recovered: false, appArgs: [] }, owner);
  return { ch, owner };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('a playback when the caller hangs up', () => {
  const cases: [string, (ch: AriCallChannel, owner: HeldRepliesOwner) => Promise<void>, 'finished' | 'hung_up'][] = [
    ['before the reply, which then fails (404)', async (ch, o) => {
      ch.end('caller');
      await tick();
      o.replies[0]?.fail(new Error('Channel not found'));
    }, 'hung_up'],
    ['before the reply, which then succeeds', async (ch, o) => {
      ch.end('caller');
      await tick();
      o.replies[0]?.ok();
    }, 'hung_up'],
    ['before the reply, which never comes', async (ch) => {
      ch.end('caller');
      await tick();
    }, 'hung_up'],
    ['between the reply and PlaybackFinished', async (ch, o) => {
      o.replies[0]?.ok();
      await tick();
      ch.end('caller');
    }, 'hung_up'],
    ['after PlaybackFinished came before the reply', async (ch, o) => {
      o.waits.resolve('playback:p1', 'done');
      await tick();
      o.replies[0]?.ok();
      await tick();
      ch.end('caller');
    }, 'finished'],
    ['after the reply and PlaybackFinished', async (ch, o) => {
      o.replies[0]?.ok();
      o.waits.resolve('playback:p1', 'done');
      await tick();
      ch.end('caller');
    }, 'finished'],
  ];

  it.each(cases)('%s: settles once, leaves nothing behind', async (_, script, expected) => {
    const { ch, owner } = channel();
    const played = ch.play(['sound:cc/welcome'], { timeoutMs: 60_000, playbackId: 'p1' });
    const outcome = played.then(
      (v) => v,
      (e: unknown) => (e instanceof CallHungUpError ? 'hung_up' : e),
    );
    await tick();
    expect(owner.replies.map((r) => r.command)).toEqual(['channels.play']);
    await script(ch, owner);
    expect(await outcome).toBe(expected);
    expect(owner.waits.size()).toBe(0);
  });
});

describe('waits with a timeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a reply that never comes ends the playback with TELEPHONY.TIMEOUT and asks Asterisk to stop it', async () => {
    const { ch, owner } = channel();
    const played = ch.play(['sound:cc/welcome'], { timeoutMs: 5000, playbackId: 'p1' });
    const assertion = expect(played).rejects.toMatchObject({ code: 'TELEPHONY.TIMEOUT' });
    await vi.advanceTimersByTimeAsync(5000);
    await vi.advanceTimersByTimeAsync(0);
    owner.replies[1]?.ok();
    await assertion;
    expect(owner.replies.map((r) => r.command)).toEqual(['channels.play', 'playbacks.stop']);
    expect(owner.waits.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** The fake telephony with every reply held until the test lets it through. */
function heldTelephony(): { telephony: FakeTelephony; held: { command: string; release(): void }[] } {
  const telephony = new FakeTelephony(1000);
  const held: { command: string; release(): void }[] = [];
  telephony.replyGate = (command) => new Promise<void>((release) => held.push({ command, release }));
  return { telephony, held };
}

const nextHeld = async (held: { command: string }[], n: number) => {
  for (let i = 0; i < 100 && held.length < n; i++) await tick();
  expect(held.length).toBeGreaterThanOrEqual(n);
};

describe('an originated leg when the other side hangs up or the leg ends', () => {
  it.each(['before the originate reply', 'after the reply, while it rings'])('the caller hangs up %s: stopped, the leg hung up', async (when) => {
    const { telephony, held } = heldTelephony();
    const caller = telephony.placeCall({ dialledNumber: '020202' });
    const rung = telephony.dial({ endpoint: 'PJSIP/1001', purpose: ['leg'], timeoutSeconds: 15 }, { stop: untilEnded(caller.ended) });
    await nextHeld(held, 1);
    if (when === 'before the originate reply') {
      caller.callerHangsUp();
      held[0]?.release();
    } else {
      held[0]?.release();
      await tick();
      caller.callerHangsUp();
    }
    expect(await rung).toMatchObject({ reason: 'stopped' });
  });

  it('the leg refuses (486) before the originate reply: gone, with its cause', async () => {
    const { telephony, held } = heldTelephony();
    const rung = telephony.dial({ endpoint: 'PJSIP/1001', purpose: ['leg'], timeoutSeconds: 15 });
    await nextHeld(held, 1);
    telephony.channelGone(telephony.originated[0]?.channelId ?? '', 'User busy');
    held[0]?.release();
    expect(await rung).toEqual({ reason: 'gone', cause: 'User busy' });
  });

  it('the originate reply fails after the leg answered: failed, and the answered leg is hung up', async () => {
    const telephony = new FakeTelephony(1000);
    // The leg answers at once; the originate's reply then fails (as a reply that came too late).
    telephony.originateAnswersAfterMs = 0;
    telephony.replyGate = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('ARI command did not complete within 10000 ms');
    };
    const rung = await telephony.dial({ endpoint: 'PJSIP/1001', purpose: ['leg'], timeoutSeconds: 15 });
    expect(rung).toMatchObject({ reason: 'failed', cause: expect.stringContaining('10000 ms') as unknown });
    const leg = telephony.calls.find((c) => c.info.channelId === telephony.originated[0]?.channelId);
    expect(leg?.ended.aborted).toBe(true);
  });
});

describe('a transfer (originate, bridge) when the caller hangs up', () => {
  // The reply the caller hangs up before: 0 originate, 1 createBridge, 2 and 3 addToBridge (caller,
  // leg); 4: after the transfer connected.
  it.each([0, 1, 2, 3, 4])('before reply %i: the transfer ends, the leg is released, nothing is left behind', async (at) => {
    const { telephony, held } = heldTelephony();
    telephony.originateAnswersAfterMs = 0;
    const transfers = new Transfers(telephony, createLogger('silent'), undefined);
    const caller = telephony.placeCall({ dialledNumber: '020202' });
    let settled = false;
    const result = transfers.connect(caller, 'call-1', { extension: '2001' }, 15).finally(() => (settled = true));
    let released = 0;
    for (let i = 0; i < 1000 && !settled; i++) {
      await tick();
      const next = held[released];
      if (next === undefined) continue;
      if (released === at) caller.callerHangsUp();
      next.release();
      released++;
    }
    if (!caller.ended.aborted) caller.callerHangsUp();
    const outcome = await result;
    if (outcome === 'connected') await transfers.untilOver('call-1');
    // A leg that answers after the transfer gave up is released as it arrives.
    const legOf = () => telephony.calls.find((c) => c.info.channelId !== caller.info.channelId);
    for (let i = 0; i < 100 && !legOf()?.ended.aborted; i++) await new Promise((r) => setTimeout(r, 1));
    expect((legOf() as FakeCallChannel).ended.aborted).toBe(true);
    // Hung up before the bridge was asked for: the transfer failed; after: it connected and was then released.
    if (at <= 2) expect(outcome).toBe('failed');
    if (at === 4) expect(outcome).toBe('connected');
    expect(telephony.stats()).toEqual({ channels: 0, pendingWaits: 0, dtmfListeners: 0 });
    expect([...telephony.bridges.values()].filter((b) => b.size > 0)).toEqual([]);
  });
});
