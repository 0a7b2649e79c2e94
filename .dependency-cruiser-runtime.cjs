/**
 * Module cycles as they exist at run time, checked by `npm test` beside .dependency-cruiser.cjs.
 * Cruised after TypeScript erases type-only imports (tsPreCompilationDeps: false), so a cycle of
 * types (the ACD's rooms and their core name each other's types) is allowed and any cycle of
 * values is not: ES modules in a value cycle can see each other half-initialised. (A `viaOnly`
 * filter on the main config cannot do this: dependency-cruiser reports one cycle per edge, and
 * when that one passes through a type import, a value cycle beside it went unseen.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file reads its sibling the CommonJS way
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      comment: 'No module cycle at run time (type-only imports are erased first).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};
