/**
 * Architecture rules checked by `npm test`: the two edges, src/telephony and src/store, are the
 * only doors to Asterisk (ARI, through src/telephony/ari-rest.ts and the events socket) and Redis (ioredis); features meet through their public
 * modules. Run-time cycles are checked by .dependency-cruiser-runtime.cjs. See docs/architecture.md.
 */
module.exports = {
  forbidden: [
    {
      name: 'ari-only-in-telephony',
      comment: 'Only src/telephony may talk to Asterisk ARI (its REST client, ari-rest.ts); everything else uses the Telephony interface (tests excepted).',
      severity: 'error',
      from: { pathNot: ['^src/telephony/', '^test/'] },
      to: { path: '^src/telephony/ari-(rest|channel|events)\\.ts$' },
    },
    {
      name: 'ioredis-only-in-store',
      comment: 'Only src/store may import ioredis; features use store interfaces. Tests may use it to inspect Redis.',
      severity: 'error',
      from: { pathNot: ['^src/store/', '^test/'] },
      to: { path: 'node_modules/ioredis/' },
    },
    {
      name: 'bullmq-only-in-callback-jobs',
      comment: 'BullMQ (the callbacks\' durable timers) is used in one place: src/store/callback-jobs.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/callback-jobs\\.ts$' },
      to: { path: 'node_modules/bullmq/' },
    },
    {
      name: 'better-sqlite3-only-in-embedded-crm',
      comment: 'SQLite is the storage of the embedded CRM and of the reports\' call records, nobody else\'s.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(crm/embedded-crm|reports/record-store)\\.ts$' },
      to: { path: 'node_modules/better-sqlite3/' },
    },
    {
      name: 'dagre-only-in-diagram-svg',
      comment: 'dagre (graph layout) draws the flows\' SVG diagrams, nothing else.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ivr/diagram-svg\\.ts$' },
      to: { path: 'node_modules/@dagrejs/' },
    },
    {
      name: 'prom-client-only-in-metrics',
      comment: 'prom-client (the /metrics page) lives in src/metrics; the other rooms report through plain callbacks.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/metrics/' },
      to: { path: 'node_modules/prom-client/' },
    },
    {
      name: 'ws-only-for-ari-and-desktops',
      comment: 'WebSockets: the ARI event stream (src/telephony) and the browsers\' desktop hub, nothing else.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/telephony/ari-telephony\\.ts$', '^src/agents/desktop-hub\\.ts$'] },
      to: { path: 'node_modules/ws/' },
    },
    {
      name: 'features-through-their-public-module',
      comment:
        'A feature (src/acd, src/ivr, ...) is reached from outside only through its public module, src/<feature>/index.ts. Inside a feature, files import their siblings directly (never their own index).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/(acd|agents|announcements|callbacks|calls|crm|directory|ivr|metrics|supervisor)/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'composition-root-through-public-modules',
      comment: 'The composition root (src/app.ts, src/main.ts, ...) wires features through their public modules too.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/(acd|agents|announcements|callbacks|calls|crm|directory|ivr|metrics|supervisor)/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-feature-imports-its-own-index',
      comment: 'A feature\'s index is its door for others; a file inside the feature importing it would make a cycle.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/$1/index\\.ts$' },
    },
    {
      name: 'shared-depends-on-no-feature',
      comment: 'src/shared holds what every feature uses (time, YAML documents, prompts, topics): it imports no feature.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(acd|agents|announcements|callbacks|calls|cli|crm|directory|ivr|supervisor)/' },
    },
    {
      name: 'src-not-from-test-or-scripts',
      comment: 'Engine code never depends on tests or set-up scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^test/', '^scripts/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.cjs', '.mjs'] },
  },
};
