/**
 * Transfers: the engine originates the target (an agent's extension or an external number) into
 * its own Stasis application, bridges it with the caller when it answers, and keeps the bridge
 * until one side hangs up, then releases the other. Nobody answering in time is a failure the
 * flow handles (`onFailure`).
 */
import { checkNumber, DEFAULT_NUMBER_POLICY, dialDigits, type NumberPolicy } from '../callbacks/index.js';
import type { Logger } from '../logger.js';
import type { TransferTarget } from '../ivr/index.js';
import { untilEnded, type CallChannel, type Telephony } from '../telephony/telephony.js';

const LEG = 'transfer-leg';

interface Connected {
  readonly caller: CallChannel;
  readonly leg: CallChannel;
  readonly bridgeId: string;
}

export class Transfers {
  private readonly connected = new Map<string, Connected>();

  constructor(
    private readonly telephony: Telephony,
    private readonly logger: Logger,
    private readonly externalDialString: string | undefined,
    /** Which numbers abroad may be dialled (CC_CALLBACK_INTERNATIONAL): the same rule as callbacks. */
    private readonly numberPolicy: NumberPolicy = DEFAULT_NUMBER_POLICY,
  ) {}

  async connect(caller: CallChannel, callId: string, target: TransferTarget, timeoutSeconds: number): Promise<'connected' | 'failed'> {
    let endpoint: string | undefined;
    if ('number' in target) {
      // The toll-fraud guard applies to every number dialled out, whatever the flow or directory
      // says, and what is dialled is the number it checked (normalised), never the raw text.
      const checked = checkNumber(target.number, this.numberPolicy);
      if (!checked.allowed) {
        // The reason only: the detail can hold part of the number.
        this.logger.warn({ callId, reason: checked.reason }, 'transfer.number_refused');
        return 'failed';
      }
      endpoint = this.externalDialString?.replace('{number}', dialDigits(checked.e164));
    } else endpoint = `PJSIP/${target.extension}`;
    if (endpoint === undefined) {
      this.logger.warn({ callId }, 'transfer.no_external_route');
      return 'failed';
    }
    // Busy, refused or unreachable: the leg is gone before it answers — no need to wait for the timeout.
    const rung = await this.telephony.dial({ endpoint, purpose: [LEG, callId], timeoutSeconds, callerId: caller.info.callerNumber }, { stop: untilEnded(caller.ended) });
    if (rung.leg === undefined) {
      if (rung.reason === 'failed') this.logger.warn({ callId, err: rung.cause }, 'transfer.failed');
      return 'failed';
    }
    try {
      const bridgeId = await this.telephony.createBridge('mixing');
      this.connected.set(callId, { caller, leg: rung.leg, bridgeId });
      await this.telephony.addToBridge(bridgeId, caller.info.channelId);
      await this.telephony.addToBridge(bridgeId, rung.leg.info.channelId);
      return 'connected';
    } catch (error) {
      this.logger.warn({ callId, err: describe(error) }, 'transfer.failed');
      this.connected.delete(callId);
      await rung.leg.hangup().catch((hangupError: unknown) => this.logger.warn({ callId, err: describe(hangupError) }, 'transfer.leg_hangup_failed'));
      return 'failed';
    }
  }

  /** Resolves when either side of a connected transfer has hung up, after releasing the other. */
  async untilOver(callId: string): Promise<void> {
    const c = this.connected.get(callId);
    if (!c) return;
    await Promise.race([untilEnded(c.caller.ended), untilEnded(c.leg.ended)]);
    const failed = (what: string) => (error: unknown) => this.logger.warn({ callId, err: describe(error) }, what);
    await Promise.all([c.caller.hangup().catch(failed('transfer.caller_hangup_failed')), c.leg.hangup().catch(failed('transfer.leg_hangup_failed'))]);
    await this.telephony.destroyBridge(c.bridgeId).catch(failed('transfer.bridge_destroy_failed'));
    this.connected.delete(callId);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
