/**
 * The projector over a real (in-memory) call-record store and a log given batch by batch: each
 * batch applied with its queue_log lines, how far it has read told to the log, and a Rome day the
 * log moved past handed on once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { CallRecordStore, ReportsProjector, type EventSource } from '../../src/reports/index.js';

type Raw = Awaited<ReturnType<EventSource['after']>>[number];
const raw = (ms: number, seq: number, type: string, callId: string, data: Record<string, unknown>): Raw => ({ id: `${ms}-${seq}`, type, callId, at: new Date(ms).toISOString(), data: JSON.stringify(data) });

/** A log handing out the batches given, then nothing (each read resolves on the next turn of the loop, as a blocking read would later). */
class BatchedLog implements EventSource {
  readonly projectedCalls: [string, string][] = [];
  reads = 0;
  constructor(private readonly batches: Raw[][]) {}
  after(): Promise<Raw[]> {
    this.reads++;
    const batch = this.batches.shift() ?? [];
    return new Promise((resolve) => setImmediate(() => resolve(batch)));
  }
  projected(consumer: string, id: string): Promise<number> {
    this.projectedCalls.push([consumer, id]);
    return Promise.resolve(0);
  }
}

describe('the reports projector', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('applies each batch with its queue_log, says how far it has read, and hands on a Rome day the log moved past', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-projector-'));
    dirs.push(dir);
    // 21:30 and 21:50 UTC on 3 May 2027 are 23:30 and 23:50 in Rome; 22:10 UTC is 00:10 on the 4th.
    const t = (utc: string) => Date.parse(`2027-05-03T${utc}:00.000Z`);
    const log = new BatchedLog([
      [raw(t('21:30'), 0, 'call.started', 'c1', { flowId: 'f', caller: '+39333****567' }), raw(t('21:30') + 1, 0, 'acd.enter', 'c1', { queue: 'tributi', length: 1 })],
      [raw(t('21:50'), 0, 'acd.abandon', 'c1', { queue: 'tributi', reason: 'abandoned', waitedMs: 1_200_000 })],
      [raw(t('22:10'), 0, 'call.ended', 'c1', { outcome: 'caller_hung_up' })],
    ]);
    const store = new CallRecordStore(':memory:');
    const ended: string[] = [];
    const projector = new ReportsProjector(store, log, createLogger('silent'), { consumer: 'test', queueLog: join(dir, 'queue_log'), onDayEnded: (day) => ended.push(day), batchWindowMs: 0 });
    projector.start();
    while (log.reads < 5) await new Promise((r) => setImmediate(r));
    await projector.stop();

    expect(store.call('c1')).toMatchObject({ complete: true, queues: [{ queue: 'tributi', outcome: 'abandoned', position: 1 }] });
    expect(ended).toEqual(['2027-05-03']);
    // Told once (at most once a minute), after the first batch.
    expect(log.projectedCalls).toEqual([['test', `${t('21:30') + 1}-0`]]);
    expect(readFileSync(join(dir, 'queue_log'), 'utf8')).toBe(`${t('21:30') / 1000}|c1|tributi|NONE|ENTERQUEUE||+39333****567|1\n${t('21:50') / 1000}|c1|tributi|NONE|ABANDON|1|1|1200\n`);
    store.close();
  });
});
