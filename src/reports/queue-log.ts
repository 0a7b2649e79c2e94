/**
 * Asterisk's `queue_log`, written from the event log as calls happen (#22), so that the tools
 * contact centers already run on app_queue — QueueMetrics, Asternic, wazo-stat — read this
 * engine's queues unchanged. One line per queue event, as app_queue writes it:
 *
 *   epoch|callid|queue|agent|EVENT|data1|data2|data3…
 *
 * ENTERQUEUE||callerid|position · CONNECT|holdtime|agent's channel|ringtime ·
 * COMPLETECALLER / COMPLETEAGENT|holdtime|calltime|origposition · ABANDON|position|origposition|waittime ·
 * EXITWITHTIMEOUT|position|origposition|waittime · EXITWITHKEY|key|position|origposition|waittime
 * (the caller chose a callback) · TRANSFER|extension|context|holdtime|calltime|origposition ·
 * RINGNOANSWER|ringtime · AGENTLOGIN|channel · AGENTLOGOFF|channel|logintime · PAUSE|reason ·
 * UNPAUSE|reason. Agent events name the queue NONE, as app_queue does for PAUSEALL.
 *
 * Times are whole seconds rounded up, so that "held ≤ the service-level threshold" reads the
 * same in the log as in the engine's own figures (which compare milliseconds). The caller id is
 * the masked number: the log never holds a citizen's number. A caller cut off by a failure
 * (`lost`) gets no end line, as app_queue writes none when Asterisk dies. Pure.
 */
import type { CallRecord, QueueVisit } from './call-record.js';
import type { StoredEvent } from './record-store.js';

const seconds = (ms: unknown): number => (typeof ms === 'number' && Number.isFinite(ms) ? Math.ceil(ms / 1000) : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v.replace(/[|\r\n]/g, ' ') : '');

/** The visit this event is about: the last one of that queue. */
const visitOf = (record: CallRecord | undefined, queue: string): QueueVisit | undefined => (record ? [...record.queues].reverse().find((v) => v.queue === queue) : undefined);

/** The queue_log lines of these events, in their order; `recordOf` gives each call's record as it is after them. */
export function queueLogLines(events: readonly StoredEvent[], recordOf: (callId: string) => CallRecord | undefined): string[] {
  const lines: string[] = [];
  for (const e of events) {
    const epoch = Math.floor(Date.parse(e.at) / 1000);
    if (!Number.isFinite(epoch)) continue;
    const d = e.data;
    const line = (queue: string, agent: string, event: string, ...data: (string | number)[]): void => {
      lines.push([epoch, e.callId || 'NONE', queue, agent || 'NONE', event, ...data].join('|'));
    };
    const queue = str(d.queue);
    const agent = str(d.agentId);
    const visit = () => visitOf(recordOf(e.callId), queue);
    switch (e.type) {
      case 'acd.enter':
        line(queue, '', 'ENTERQUEUE', '', recordOf(e.callId)?.caller ?? '', typeof d.length === 'number' ? d.length : 1);
        break;
      case 'acd.answer':
        line(queue, agent, 'CONNECT', seconds(d.waitedMs), '', 0);
        break;
      case 'acd.call_ended': {
        const v = visit();
        line(queue, agent, d.endedBy === 'agent' ? 'COMPLETEAGENT' : 'COMPLETECALLER', seconds(v?.waitedMs), typeof d.talkSeconds === 'number' ? d.talkSeconds : 0, v?.position ?? 1);
        break;
      }
      case 'acd.abandon': {
        const position = visit()?.position ?? 1;
        line(queue, '', 'ABANDON', position, position, seconds(d.waitedMs));
        break;
      }
      case 'acd.leave':
        if (d.reason === 'timeout') {
          const position = visit()?.position ?? 1;
          line(queue, '', 'EXITWITHTIMEOUT', position, position, seconds(d.waitedMs));
        }
        break;
      case 'acd.callback_chosen': {
        const v = visit();
        const position = typeof d.position === 'number' ? d.position : (v?.position ?? 1);
        line(queue, '', 'EXITWITHKEY', '*', position, v?.position ?? 1, v ? Math.max(0, Math.ceil((Date.parse(e.at) - Date.parse(v.enteredAt)) / 1000)) : 0);
        break;
      }
      case 'acd.transferred': {
        const from = str(d.from);
        const v = visitOf(recordOf(e.callId), from);
        line(from, agent, 'TRANSFER', str(d.to), d.kind === 'queue' ? 'queue' : 'extension', seconds(v?.waitedMs), typeof d.talkSeconds === 'number' ? d.talkSeconds : 0, v?.position ?? 1);
        break;
      }
      case 'acd.no_answer':
        line(recordOf(e.callId)?.queues.at(-1)?.queue ?? 'NONE', agent, 'RINGNOANSWER', 0);
        // The engine pauses an agent who did not answer, as app_queue's autopause does.
        if (d.agentStatus === 'paused') line('NONE', agent, 'PAUSE', str(d.reason));
        break;
      case 'agent.state': {
        const from = str(d.from);
        const to = str(d.to);
        if (from === 'logged_out' && to !== 'logged_out') line('NONE', agent, 'AGENTLOGIN', `Local/${agent}`);
        if (to === 'logged_out' && from !== 'logged_out') line('NONE', agent, 'AGENTLOGOFF', `Local/${agent}`, 0);
        if (to === 'paused' && from !== 'paused') line('NONE', agent, 'PAUSE', str(d.reason));
        if (from === 'paused' && to !== 'paused' && to !== 'logged_out') line('NONE', agent, 'UNPAUSE', '');
        break;
      }
      default:
        break;
    }
  }
  return lines;
}
