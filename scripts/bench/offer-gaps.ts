/**
 * For `npm run bench:offer`: from the agents' phone's SIPp message trace (`-trace_msg`), the time
 * from each agent's BYE (the agent hangs up: free, with no wrap-up) to the next INVITE that phone
 * receives for the same agent (the next caller offered). Pure: text in, milliseconds out.
 */

export interface SipMessage {
  /** Milliseconds, from SIPp's local timestamp (µs precision); only differences matter. */
  readonly atMs: number;
  readonly sent: boolean;
  readonly method: string;
  /** The Request-URI's user (the agent's extension) for a request; '' for a response. */
  readonly user: string;
  readonly callId: string;
}

const HEADER = /^-{20,} (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6})\s*$/;

/** The messages of a SIPp `-trace_msg` file, in order. */
export function parseSippMessages(text: string): SipMessage[] {
  const out: SipMessage[] = [];
  const blocks = text.split(/\n(?=-{20,} \d{4}-)/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const head = HEADER.exec(lines[0] ?? '');
    if (!head) continue;
    const [, day, time, micros] = head;
    const atMs = new Date(`${day}T${time}`).getTime() + Number(micros) / 1000;
    const sent = /message sent/.test(lines[1] ?? '');
    const firstLine = lines.slice(2).find((l) => l.trim() !== '') ?? '';
    const request = /^([A-Z]+) sip:([^@;>\s]*)@/.exec(firstLine);
    const callId = lines.find((l) => /^(Call-ID|i):/i.test(l))?.replace(/^(Call-ID|i):\s*/i, '').trim() ?? '';
    out.push({ atMs, sent, method: request?.[1] ?? 'RESPONSE', user: request?.[2] ?? '', callId });
  }
  return out;
}

/**
 * Per agent, BYE sent → next INVITE received, in ms. Retransmissions (the same Call-ID again)
 * count once. Only gaps whose BYE came while fewer than `whileOffersBelow` calls had been offered
 * are kept: after that the queue may be empty, and a gap would measure the callers' arrival, not
 * the engine (the bench keeps at least that many callers waiting until then).
 */
export function offerGaps(messages: readonly SipMessage[], whileOffersBelow: number): number[] {
  const agentOfCall = new Map<string, string>();
  const freeSince = new Map<string, number>();
  const byeSeen = new Set<string>();
  const gaps: number[] = [];
  for (const m of messages) {
    if (!m.sent && m.method === 'INVITE' && !agentOfCall.has(m.callId)) {
      agentOfCall.set(m.callId, m.user);
      const since = freeSince.get(m.user);
      if (since !== undefined) gaps.push(m.atMs - since);
      freeSince.delete(m.user);
    } else if (m.sent && m.method === 'BYE' && !byeSeen.has(m.callId)) {
      byeSeen.add(m.callId);
      const agent = agentOfCall.get(m.callId);
      if (agent !== undefined && agentOfCall.size < whileOffersBelow) freeSince.set(agent, m.atMs);
    }
  }
  return gaps;
}

/** The q-th quantile (0..1) of sorted-or-not numbers, nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
