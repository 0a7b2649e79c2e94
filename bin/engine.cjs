/**
 * The engine's process entry in production (`npm start`, systemd, `npm run up`, the chaos): runs
 * the bundle dist/cc-engine.cjs (`npm run build`) with V8's code cache, so that a restarted engine
 * does not parse and compile 8.7 MB of JavaScript again — about 0.47 s from start to ready instead
 * of 0.65 s, and that is how long the callers of a killed engine wait for the next one.
 *
 * The cache (dist/cc-engine.cjs.v8cache) is written by the first engine that ran without one, a
 * few seconds after it started (so the functions compiled while starting are in it). It begins
 * with the bundle's build id (its first line, written by the build): a cache from another build
 * is never used — V8 itself only checks the source's length — and one V8 rejects (another Node)
 * is written again. Without a usable cache the engine starts as usual, only slower.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '..', 'dist', 'cc-engine.cjs');
const cacheFile = `${bundle}.v8cache`;
const WRITE_AFTER_MS = 5000;

let source;
try {
  source = fs.readFileSync(bundle, 'utf8');
} catch (error) {
  process.stderr.write(`cc-engine: ${bundle} is missing (${error.code}): run npm run build\n`);
  process.exit(1);
}
const buildId = /^\/\/ cc-engine build ([0-9a-f]{32})/.exec(source)?.[1] ?? '';
const header = Buffer.from(buildId, 'latin1');

let cachedData;
try {
  const file = fs.readFileSync(cacheFile);
  if (buildId && file.subarray(0, header.length).equals(header)) cachedData = file.subarray(header.length);
} catch (error) {
  // No cache yet (the first start after a build): this engine writes it below.
  if (error.code !== 'ENOENT') process.stderr.write(`cc-engine: ENGINE.CODE_CACHE_UNREADABLE ${error.message}\n`);
}

const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
const engine = new Module(bundle, module);
engine.filename = bundle;
engine.paths = Module._nodeModulePaths(path.dirname(bundle));
engine.loaded = true;

if (buildId && (!cachedData || script.cachedDataRejected)) {
  setTimeout(() => {
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      fs.writeFileSync(temporary, Buffer.concat([header, script.createCachedData()]));
      fs.renameSync(temporary, cacheFile);
    } catch (error) {
      // A read-only installation: the engine runs on, every start compiles the bundle.
      process.stderr.write(`cc-engine: ENGINE.CODE_CACHE_NOT_WRITTEN ${error.message}\n`);
    }
  }, WRITE_AFTER_MS).unref();
}

script.runInThisContext().call(engine.exports, engine.exports, (id) => engine.require(id), engine, bundle, path.dirname(bundle));
