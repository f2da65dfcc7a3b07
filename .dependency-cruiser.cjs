/**
 * Dependency directions (STYLE.md section 1: cli → run → plan → engine → catalog; reporters see
 * the runner only through reports/events.ts). `npm run lint:deps` fails on any `error` below, and
 * `npm test` runs it, so a wrong import fails CI. test/deps/depcruise.test.ts proves each rule
 * bites on a fixture holding a deliberate violation.
 */
/** Test files and fixtures: allowed to reach across layers to build inputs. */
const TESTS = '(\\.test\\.ts$|(^|/)testdata/|^test/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A runtime cycle makes load order matter (CommonJS hands out half-initialised modules). Type-only cycles (engine/types.ts ↔ decide.ts) vanish at compile time and are allowed.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'policy-not-to-engine',
      severity: 'error',
      comment:
        'The policy checker validates, the engine evaluates (cedar keeps validator and evaluator apart). What both need, the value grammar, lives in lib/value-grammar.ts.',
      from: { path: '^runner/policy/', pathNot: TESTS },
      to: { path: '^runner/engine/' },
    },
    {
      name: 'catalog-is-data',
      severity: 'error',
      comment: 'The catalog is data below the runner: it may use lib/, never the runner, reporters, bench or tests.',
      from: { path: '^catalog/', pathNot: TESTS },
      to: { path: '^(runner|reports|bench|test)/' },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment:
        'lib/ holds leaves shared by every layer (did-you-mean, value grammar); importing anything of ours would make them part of a layer.',
      from: { path: '^lib/', pathNot: TESTS },
      to: { path: '^(runner|catalog|reports|bench|test)/' },
    },
    {
      name: 'yaml-tree-below-its-readers',
      severity: 'error',
      comment:
        'runner/yaml-tree/ is the one reader of yaml syntax-tree nodes, shared by the loader, the scenario model and the policy parser, so it sits below all three: it may use lib/, yaml and the Span type (runner/diagnostics.ts), nothing else of ours.',
      from: { path: '^runner/yaml-tree/', pathNot: TESTS },
      to: { path: '^(runner/(?!(diagnostics\\.ts$|yaml-tree/))|catalog/|reports/|bench/|test/)' },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment:
        'The engine is pure and assumes validated input (STYLE.md section 1): no loader, scenario model, planner, runner or reporters, and no file system, network or processes.',
      from: { path: '^runner/engine/', pathNot: TESTS },
      to: {
        path: '^(runner/(load|model)/|runner/(plan|run)\\.ts$|reports/)|^(node:)?(fs|fs/promises|net|child_process|http|https)$',
      },
    },
    {
      name: 'reporters-through-events',
      severity: 'error',
      comment:
        'Reporters see run, engine and diagnostic types only through reports/events.ts (STYLE.md section 7), so the runner can change behind one contract.',
      from: { path: '^reports/', pathNot: `${TESTS}|^reports/events\\.ts$` },
      to: { path: '^runner/' },
    },
    {
      name: 'production-not-to-tests',
      severity: 'error',
      comment: 'Shipped code must not depend on tests or fixtures (they are not in the package).',
      from: { path: '^(lib|runner|catalog|reports|bench)/', pathNot: TESTS },
      to: { path: '(\\.test\\.ts$|(^|/)testdata/|^test/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'default'] },
  },
};
