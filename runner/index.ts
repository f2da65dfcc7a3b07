/** The runner's public API: loading, the scenario model, planning, running and the commands. */
export { discoverScenarios, isScenarioName, skippedFolders } from './load/discover';
export { MAX_ALIASES, MAX_CASES, MAX_FILE_BYTES, MAX_NESTING, MAX_NODES } from './load/limits';
export { loadScenario, type LoadedScenario, type LoadOptions, type LoadResult } from './load/load-scenario';
export { scenarioSchema } from './load/schema';
export { expandString, isTemplateName } from './load/vars';
export { buildScenario, defaultOrganizationId, type BuildResult } from './model/build';
export type { ActionItem, Endpoint, Expectation, Expected, ExpectedItem, Principal, Resource, Scenario } from './model/types';
export { planScenario, type PlanOptions, type TestCase } from './plan';
export { runSuites, satisfies, systemClock, type Clock, type Evaluate, type RunOptions, type SuitePlan } from './run';
export { EXIT_INTERRUPTED, testCommand, type TestCommandOptions } from './test-command';
export { EXIT_INTERNAL, main, type CliIo } from './cli';
