/**
 * Architecture rules checked by `npm test`: the two edges, src/telephony and src/store, are the
 * only doors to Asterisk (ari-client) and Redis (ioredis). See GUIDE §3.
 */
module.exports = {
  forbidden: [
    {
      name: 'ari-client-only-in-telephony',
      comment: 'Only src/telephony may talk to Asterisk ARI; everything else uses the Telephony interface.',
      severity: 'error',
      from: { pathNot: '^src/telephony/' },
      to: { path: 'node_modules/ari-client/' },
    },
    {
      name: 'ioredis-only-in-store',
      comment: 'Only src/store may import ioredis; features use store interfaces. Tests may use it to inspect Redis.',
      severity: 'error',
      from: { pathNot: ['^src/store/', '^test/'] },
      to: { path: 'node_modules/ioredis/' },
    },
    {
      name: 'src-not-from-test-or-scripts',
      comment: 'Engine code never depends on tests or set-up scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^test/', '^scripts/'] },
    },
    {
      name: 'no-circular',
      comment: 'No module cycle at run time. A cycle of type-only imports is erased when compiled (the ACD rooms and their shared core name each other\'s types).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.cjs', '.mjs'] },
  },
};
