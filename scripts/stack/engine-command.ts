/**
 * The engine process as production runs it (`npm start`, systemd): node on bin/engine.cjs, which
 * runs dist/cc-engine.cjs, built first from the current sources, so that what the up script, the
 * chaos and the restart tests start is what they just edited.
 */
import { buildEngine } from '../build.mjs';

export async function engineArgs(): Promise<string[]> {
  return [await buildEngine()];
}
