/**
 * The house rules, checked by `npm test` (npm run lint:deps). docs/architecture.md explains them.
 * Type-only imports count: a cycle through types is still a cycle a reader has to untangle.
 */
const FEATURES = '(notifications|webhooks|media|connections|insights|campaigns|partnership-ads|callbacks|portal|ops|workspaces|demo)';
const TESTS = ['\\.test\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles, type imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-is-pure',
      comment: 'kernel/ is imported by all and imports nothing of ours.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^(src|sandbox)/', pathNot: '^src/kernel/' },
    },
    {
      name: 'providers-below-features',
      comment: 'providers/ may use only kernel/ and platform/ (and itself).',
      severity: 'error',
      from: { path: '^src/providers/', pathNot: TESTS },
      to: { path: '^(src|sandbox)/', pathNot: '^src/(kernel|platform|providers)/' },
    },
    {
      name: 'platform-below-features',
      comment: "platform/ knows no feature; only the assembled Database type reads each feature's *.table.ts.",
      severity: 'error',
      from: { path: '^src/platform/', pathNot: TESTS },
      to: { path: `^src/${FEATURES}/`, pathNot: '\\.table\\.ts$' },
    },
    {
      name: 'features-through-index',
      comment: 'A feature reaches another only through its index.ts (what it exports for others).',
      severity: 'error',
      from: { path: `^src/${FEATURES}/`, pathNot: TESTS },
      to: { path: `^src/${FEATURES}/`, pathNot: ['^src/$1/', `^src/${FEATURES}/index\\.ts$`] },
    },
    {
      name: 'root-through-index',
      comment: "The composition root (system.ts, routes.ts, workers.ts, cli/) also uses a feature's index.ts, besides its *.routes.ts and *.jobs.ts.",
      severity: 'error',
      from: { path: '^src/([^/]+\\.ts$|cli/)', pathNot: TESTS },
      to: { path: `^src/${FEATURES}/`, pathNot: [`^src/${FEATURES}/(index|[^/]+\\.routes|[^/]+\\.jobs)\\.ts$`] },
    },
    {
      name: 'production-never-loads-the-sandbox-or-demo',
      comment: 'Production code loads sandbox/ and demo/ only on demand (a dynamic import in demo mode).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/demo/', ...TESTS] },
      to: { path: '^(sandbox|src/demo)/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'sandbox-stands-alone',
      comment: 'The simulator shares only the clock type with the product, so it stays a faithful outside party.',
      severity: 'error',
      from: { path: '^sandbox/', pathNot: TESTS },
      to: { path: '^src/', pathNot: '^src/kernel/clock\\.ts$' },
    },
    {
      name: 'the-client-stands-alone',
      comment: 'The published client package depends only on its own files and its npm dependencies, never on the service.',
      severity: 'error',
      from: { path: '^clients/' },
      to: { path: '^(src|sandbox|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
