import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/ivr/catalog.js';
import { parseFlow } from '../../src/ivr/flow-loader.js';
import { FlowInvalidError } from '../../src/shared/yaml-document.js';
import { LiveCatalog } from '../../src/ivr/versions/live-catalog.js';
import { createLogger } from '../../src/logger.js';
import { WELCOME_FLOW } from '../support/flows.js';
import { MemoryFlowVersionStore } from '../support/memory-flow-versions.js';

function logged(): { logger: ReturnType<typeof createLogger>; lines: () => { msg: string }[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      out.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', sink), lines: () => out.map((l) => JSON.parse(l) as { msg: string }) };
}

describe('LiveCatalog', () => {
  it('a broken flow file at start is reported and skipped: the last good version keeps answering', async () => {
    const store = new MemoryFlowVersionStore();
    const { logger, lines } = logged();
    const live = new LiveCatalog(store, { schedules: new Map() }, logger);
    await live.publish(WELCOME_FLOW, 'welcome.yaml', 'ana', 'first', new Date());

    // Somebody breaks the file on disk; the engine restarts.
    await live.importTexts([{ file: 'ivr-flows/welcome.yaml', text: WELCOME_FLOW.replace('next: end', 'next: nowhere') }], new Date());

    expect(lines().map((l) => l.msg)).toContain('flows.rejected');
    expect((await live.current()).forNumber('020202')?.flow.number).toBe(1);
    expect(store.liveMap).toEqual({ 'test-welcome': 1 });
  });

  it("a flow's test cases gate its publish: failing, it is refused with each case located; an override publishes and is kept in the history", async () => {
    const store = new MemoryFlowVersionStore();
    const { logger, lines } = logged();
    const live = new LiveCatalog(store, { schedules: new Map() }, logger);
    const tested = (hears: string) => `${WELCOME_FLOW}tests:\n  - name: si sente il benvenuto\n    at: "2031-03-03 10:00"\n    expect: { hears: [${hears}], hangsUp: true }\n`;
    expect((await live.publish(tested('welcome, bye'), 'welcome.yaml', 'ana', 'with tests', new Date())).version).toBe(1);

    const failing = tested('bye, welcome');
    const refused = await live.publish(failing, 'welcome.yaml', 'ana', 'wrong order', new Date()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FlowInvalidError);
    expect((refused as FlowInvalidError).problems).toEqual([
      'welcome.yaml:17:5: tests.0 "si sente il benvenuto": expected to hear bye then welcome; heard: welcome, bye',
      'its test cases fail: fix the flow or the cases (or publish with an override, giving the reason)',
    ]);
    expect(store.liveMap).toEqual({ 'test-welcome': 1 });

    const forced = await live.publish(failing, 'welcome.yaml', 'ana', 'wrong order', new Date(), 'urgent: the cases are being rewritten');
    expect(forced.version).toBe(2);
    expect((await store.get('test-welcome', 2))?.message).toBe('wrong order [published with 1 failing test case: urgent: the cases are being rewritten]');
    expect(lines().map((l) => l.msg)).toContain('flows.published_despite_failing_tests');
  });

  it('a file with no version yet is imported and goes live', async () => {
    const store = new MemoryFlowVersionStore();
    const live = new LiveCatalog(store, { schedules: new Map() }, createLogger('silent'));
    await live.importTexts([{ file: 'ivr-flows/welcome.yaml', text: WELCOME_FLOW }], new Date());
    expect(store.liveMap).toEqual({ 'test-welcome': 1 });
    expect((await store.get('test-welcome', 1))?.author).toBe('engine');
  });

  it('publishing the same text again reuses its version; an invalid one stores nothing', async () => {
    const store = new MemoryFlowVersionStore();
    const rendered: string[] = [];
    const live = new LiveCatalog(store, { schedules: new Map() }, createLogger('silent'), (texts) => {
      rendered.push(...texts);
      return Promise.resolve();
    });
    expect(await live.publish(WELCOME_FLOW, 'w.yaml', 'a', 'one', new Date())).toMatchObject({ version: 1, created: true });
    expect(rendered).toEqual(['Benvenuto.', 'Arrivederci.']);
    expect(await live.publish(WELCOME_FLOW.replace('Benvenuto.', 'Ciao.'), 'w.yaml', 'a', 'two', new Date())).toMatchObject({ version: 2, created: true });
    expect(await live.publish(WELCOME_FLOW, 'w.yaml', 'a', 'back', new Date())).toMatchObject({ version: 1, created: false });
    await expect(live.publish('id: [', 'w.yaml', 'a', 'broken', new Date())).rejects.toBeInstanceOf(FlowInvalidError);
    expect(store.versions.get('test-welcome')).toHaveLength(2);
  });
});

describe('queues.yaml', () => {
  it('a queue step naming a queue that does not exist is refused', () => {
    const flow = parseFlow('q.yaml', WELCOME_FLOW.replace('    type: hangup', '    type: queue\n    queue: anagrafee'));
    expect(() => buildCatalog([flow], { schedules: new Map(), queues: new Map([['anagrafe', { name: 'Anagrafe' }]]) })).toThrow(
      /nodes\.end: hands the call to queue "anagrafee", which is not defined in queues\.yaml/,
    );
    expect(() => buildCatalog([flow], { schedules: new Map(), queues: new Map([['anagrafee', { name: 'A' }]]) })).not.toThrow();
  });
});

describe('callback steps', () => {
  const flow = (nodes: string) =>
    parseFlow('c.yaml', `
id: c
numbers: ["020202"]
language: it
prompts: {}
start: wait
nodes:
${nodes}
  bye: { type: hangup }
`);
  const queues = new Map([
    ['anagrafe', { name: 'Anagrafe', callbacks: {} }],
    ['generale', { name: 'Generale', callbacks: { slots: { slotMinutes: 30 as const, handleSeconds: 300, leadMinutes: 60, horizonDays: 7, staffing: { week: {}, days: {} } } } }],
  ]);
  const build = (nodes: string) => () => buildCatalog([flow(nodes)], { schedules: new Map(), queues });

  it("a queue's callback key must lead to a callback step for the same queue (so the place held is kept)", () => {
    const wait = '  wait: { type: queue, queue: anagrafe, callback: { next: cb } }\n';
    expect(build(wait + '  cb: { type: callback, queue: anagrafe, next: bye, onFailure: wait }')).not.toThrow();
    expect(build(wait + '  cb: { type: callback, queue: generale, next: bye, onFailure: wait }')).toThrow(/nodes\.wait\.callback\.next: "cb" must be a callback step for queue "anagrafe"/);
    expect(build(wait + '  cb: { type: set, tags: [Anagrafe], next: bye }')).toThrow(/must be a callback step/);
  });

  it('a chosen day and time needs the queue to have callbacks.slots; an unknown queue is refused', () => {
    expect(build('  wait: { type: callback, queue: generale, when: slot, next: bye, onFailure: bye }')).not.toThrow();
    expect(build('  wait: { type: callback, queue: anagrafe, when: ask, next: bye, onFailure: bye }')).toThrow(/nodes\.wait: offers a chosen day and time \(when: ask\), but queue "anagrafe" has no callbacks\.slots/);
    expect(build('  wait: { type: callback, queue: oroscopo, next: bye, onFailure: bye }')).toThrow(/books callbacks for queue "oroscopo", which is not defined/);
  });
});
