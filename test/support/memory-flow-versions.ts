/** An in-memory FlowVersionStore for unit tests of the live catalog (the real one is Redis). */
import type { FlowVersion, FlowVersionStore } from '../../src/ivr/versions/flow-version.js';

export class MemoryFlowVersionStore implements FlowVersionStore {
  readonly versions = new Map<string, FlowVersion[]>();
  readonly liveMap: Record<string, number> = {};
  private readonly draftMap = new Map<string, Omit<FlowVersion, 'version'>>();
  private readonly testerSet = new Set<string>();

  publish(v: Omit<FlowVersion, 'version'>): Promise<{ version: number; created: boolean }> {
    const list = this.versions.get(v.flowId) ?? [];
    const same = list.find((x) => x.hash === v.hash);
    const version = same?.version ?? list.length + 1;
    if (!same) list.push({ ...v, version });
    this.versions.set(v.flowId, list);
    this.liveMap[v.flowId] = version;
    return Promise.resolve({ version, created: !same });
  }
  setLive(flowId: string, version: number): Promise<boolean> {
    if (!this.versions.get(flowId)?.some((v) => v.version === version)) return Promise.resolve(false);
    this.liveMap[flowId] = version;
    return Promise.resolve(true);
  }
  live(): Promise<Record<string, number>> {
    return Promise.resolve({ ...this.liveMap });
  }
  get(flowId: string, version: number): Promise<FlowVersion | undefined> {
    return Promise.resolve(this.versions.get(flowId)?.find((v) => v.version === version));
  }
  list(flowId: string): Promise<FlowVersion[]> {
    return Promise.resolve([...(this.versions.get(flowId) ?? [])]);
  }
  setDraft(d: Omit<FlowVersion, 'version'>): Promise<void> {
    this.draftMap.set(d.flowId, d);
    return Promise.resolve();
  }
  removeDraft(flowId: string): Promise<boolean> {
    return Promise.resolve(this.draftMap.delete(flowId));
  }
  drafts(): Promise<Omit<FlowVersion, 'version'>[]> {
    return Promise.resolve([...this.draftMap.values()]);
  }
  addTester(n: string): Promise<void> {
    this.testerSet.add(n);
    return Promise.resolve();
  }
  removeTester(n: string): Promise<boolean> {
    return Promise.resolve(this.testerSet.delete(n));
  }
  testers(): Promise<string[]> {
    return Promise.resolve([...this.testerSet]);
  }
  isTester(n: string): Promise<boolean> {
    return Promise.resolve(this.testerSet.has(n));
  }
}
