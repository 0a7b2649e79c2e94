/**
 * The flows calls run: the live version of each flow, from Redis. A call takes a snapshot when it
 * starts and keeps it to the end, so publishing or rolling back changes new calls only, at once,
 * with no restart. Compiled versions are cached; a version that fails to build never replaces the
 * last good catalog.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AcdConfig } from '../../acd/index.js';
import type { Logger } from '../../logger.js';
import { buildCatalog, NOT_FLOWS, unresolvedCallbackSchedules, type FlowSettings, type IvrCatalog } from '../catalog.js';
import { parseFlow } from '../flow-loader.js';
import { runFlowTests } from '../flow-tests.js';
import { FlowInvalidError } from '../../shared/yaml-document.js';
import type { Flow } from '../flow-schema.js';
import type { FlowVersion, FlowVersionStore } from './flow-version.js';
import type { Schedules } from './schedule-versions.js';

export interface CatalogSource {
  /**
   * The catalog of live versions now (with the drafts, for a test caller); a call keeps what this
   * returned when it started.
   */
  current(callerNumber?: string): Promise<IvrCatalog>;
}

/** A fixed catalog (unit tests, the simulator). */
export class StaticCatalog implements CatalogSource {
  constructor(private readonly catalog: IvrCatalog) {}
  current(): Promise<IvrCatalog> {
    return Promise.resolve(this.catalog);
  }
}

export class LiveCatalog implements CatalogSource {
  private readonly parsed = new Map<string, Flow>();
  private cachedKey = '';
  private cached: IvrCatalog | undefined;

  constructor(
    private readonly store: FlowVersionStore,
    private settings: FlowSettings,
    private readonly log: Logger,
    /** Renders prompt texts to audio where Asterisk reads them, before a version goes live. */
    private readonly renderPrompts: (texts: string[]) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** The live schedules.yaml (read with the flows' versions for each call); unset: the file's. */
  private schedulesSource: (() => Promise<{ version: number; value: Schedules } | undefined>) | undefined;
  private schedulesVersion: number | undefined;

  /** From now on, schedules come from their live version (published through the API by any engine). */
  followSchedules(source: () => Promise<{ version: number; value: Schedules } | undefined>): void {
    this.schedulesSource = source;
  }

  async current(callerNumber?: string): Promise<IvrCatalog> {
    // One round trip's time: whether the caller tests drafts, the flows' and the schedules' live
    // versions are read together (a call start waits for Redis once here, not three times).
    const [tester, live, schedules] = await Promise.all([
      callerNumber !== undefined && callerNumber !== '' ? this.store.isTester(callerNumber) : false,
      this.store.live(),
      this.schedulesSource?.(),
    ]);
    if (tester) {
      const drafts = await this.store.drafts();
      if (drafts.length > 0) return this.withDrafts(drafts);
    }
    if (schedules !== undefined && schedules.version !== this.schedulesVersion) {
      this.settings = { ...this.settings, schedules: schedules.value };
      this.schedulesVersion = schedules.version;
    }
    const key = `${Object.entries(live)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, n]) => `${id}@${n}`)
      .join(',')}|schedules@${this.schedulesVersion ?? 'file'}`;
    if (key === this.cachedKey && this.cached) return this.cached;
    try {
      const flows = await Promise.all(Object.entries(live).map(([id, n]) => this.flow(id, n)));
      this.cached = buildCatalog(flows, this.settings);
      this.cachedKey = key;
      this.log.info({ live: key }, 'flows.live');
      return this.cached;
    } catch (error) {
      this.log.error({ err: error instanceof Error ? error.message : String(error), live: key }, 'flows.live_rejected');
      if (this.cached) return this.cached;
      throw error;
    }
  }

  /** Flows are checked against this queues.yaml from now on (a version of it went live). */
  setAcd(acd: AcdConfig): void {
    this.settings = { ...this.settings, queues: acd.queues, acd };
    this.cachedKey = '';
  }

  /** Queues whose callbacks follow a schedule (callbacks.schedule) that the live schedules lack. */
  problemsWithCallbackSchedules(acd: AcdConfig): string[] {
    return unresolvedCallbackSchedules(acd, this.settings.schedules);
  }

  /** What the live flows would lack with these queues, in a supervisor's words. */
  async problemsWithQueues(queues: ReadonlySet<string>): Promise<string[]> {
    // Redis unreachable: the check fails (5xx) rather than pass queues against no flows at all.
    const live = await this.current();
    const problems: string[] = [];
    for (const { flow } of live.flows.values()) {
      for (const [nodeId, node] of Object.entries(flow.definition.nodes)) {
        if (node.type === 'queue' && !queues.has(node.queue)) problems.push(`queue "${node.queue}" is used by flow ${flow.definition.id} (step ${nodeId}); keep it, or change the flow first`);
      }
    }
    return problems;
  }

  /** What the live flows would lack with these schedules (a schedule a flow checks cannot disappear). */
  async problemsWithSchedules(schedules: Schedules): Promise<string[]> {
    const live = await this.current();
    try {
      buildCatalog([...live.flows.values()].map((c) => c.flow), { ...this.settings, schedules });
      return [];
    } catch (error) {
      if (!(error instanceof FlowInvalidError)) throw error;
      return error.problems.map((p) => `flow ${error.file}: ${p}; keep the schedule, or change the flow first`);
    }
  }

  /**
   * Parses a flow text and checks it together with the other live flows, the schedules and the
   * queues, as if it were live. Throws FlowInvalidError; stores nothing.
   */
  async validate(text: string, origin: string): Promise<Flow> {
    return (await this.candidate(text, origin)).flow;
  }

  /** The flow and the catalog it would go live in (the other live flows, the live settings). */
  private async candidate(text: string, origin: string): Promise<{ flow: Flow; catalog: IvrCatalog }> {
    const flow = parseFlow(origin, text);
    // Checked with the other live flows or not at all: Redis unreachable fails the check (5xx).
    const live = (await this.current()).flows.values();
    const catalog = buildCatalog([...[...live].map((c) => c.flow).filter((f) => f.definition.id !== flow.definition.id), flow], this.settings);
    return { flow, catalog };
  }

  /**
   * Validates a flow text against the other live flows and the schedules, then stores it as a new
   * version and makes it live. Throws FlowInvalidError (nothing stored) if it is not valid.
   */
  async publish(text: string, origin: string, author: string, message: string, at: Date, overrideTests?: string): Promise<{ flowId: string; version: number; created: boolean }> {
    const { flow, catalog } = await this.candidate(text, origin);
    // The flow's test cases are the release gate; an override is kept, with its reason, in the history.
    const failing = (await runFlowTests(catalog, flow, text)).flatMap((r) => r.problems);
    if (failing.length > 0 && overrideTests === undefined) {
      throw new FlowInvalidError(origin, [...failing, 'its test cases fail: fix the flow or the cases (or publish with an override, giving the reason)']);
    }
    if (failing.length > 0) {
      this.log.warn({ flowId: flow.definition.id, failing, by: author, reason: overrideTests }, 'flows.published_despite_failing_tests');
      message = `${message} [published with ${failing.length} failing test case${failing.length === 1 ? '' : 's'}: ${overrideTests}]`;
    }
    // Audio first: a caller must never reach a prompt that has no sound yet.
    await this.renderPrompts(Object.values(flow.definition.prompts));
    const result = await this.store.publish({ flowId: flow.definition.id, hash: flow.version, author, at: at.toISOString(), message, text });
    return { flowId: flow.definition.id, ...result };
  }

  /** Validates a draft like a publish and stores it; only test callers run it. */
  async saveDraft(text: string, origin: string, author: string, message: string, at: Date): Promise<{ flowId: string; hash: string }> {
    const flow = await this.validate(text, origin);
    await this.renderPrompts(Object.values(flow.definition.prompts));
    await this.store.setDraft({ flowId: flow.definition.id, hash: flow.version, author, at: at.toISOString(), message, text });
    return { flowId: flow.definition.id, hash: flow.version };
  }

  private readonly draftCatalogs = new Map<string, IvrCatalog>();

  /** The live catalog with the drafts in place of their flows' live versions. */
  private async withDrafts(drafts: Omit<FlowVersion, 'version'>[]): Promise<IvrCatalog> {
    const live = await this.current();
    const key = `${drafts.map((d) => `${d.flowId}@${d.hash}`).sort().join(',')}|${[...live.flows.values()].map((c) => `${c.flow.definition.id}@${c.flow.number ?? c.flow.version}`).join(',')}|schedules@${this.schedulesVersion ?? 'file'}`;
    const cached = this.draftCatalogs.get(key);
    if (cached) return cached;
    const draftFlows = drafts.map((d) => parseFlow(`${d.flowId} draft`, d.text));
    const ids = new Set(draftFlows.map((f) => f.definition.id));
    const catalog = buildCatalog([...[...live.flows.values()].map((c) => c.flow).filter((f) => !ids.has(f.definition.id)), ...draftFlows], this.settings);
    this.draftCatalogs.clear();
    this.draftCatalogs.set(key, catalog);
    return catalog;
  }

  /** Publishes every flow file whose flow has no live version yet (a fresh install); reports the rest. */
  async importFiles(dir: string, at: Date): Promise<void> {
    const files = readdirSync(dir).filter((f) => (f.endsWith('.yaml') || f.endsWith('.yml')) && !NOT_FLOWS.has(f));
    await this.importTexts(
      files.sort().map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') })),
      at,
    );
  }

  /** importFiles without the disk: flow texts with the file each came from. */
  async importTexts(files: readonly { file: string; text: string }[], at: Date): Promise<void> {
    const live = await this.store.live();
    for (const { file, text } of files) {
      try {
        const flow = parseFlow(file, text);
        const n = live[flow.definition.id];
        if (n === undefined) {
          const r = await this.publish(text, file, 'engine', `imported from ${file}`, at);
          this.log.info({ flowId: r.flowId, version: r.version, file }, 'flows.imported');
        } else if ((await this.store.get(flow.definition.id, n))?.hash !== flow.version) {
          this.log.warn({ flowId: flow.definition.id, live: n, file }, 'flows.file_differs_from_live_version');
        }
      } catch (error) {
        // An invalid file never goes live; the last good version (if any) keeps answering.
        if (!(error instanceof FlowInvalidError)) throw error;
        this.log.error({ file, problems: error.problems }, 'flows.rejected');
      }
    }
  }

  private async flow(id: string, n: number): Promise<Flow> {
    const key = `${id}@${n}`;
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const v = await this.store.get(id, n);
    if (!v) throw new Error(`flow ${id} version ${n} is live but not stored`);
    const flow = { ...parseFlow(`${id} version ${n}`, v.text), number: n };
    this.parsed.set(key, flow);
    return flow;
  }
}
