/**
 * Where the commands look for scenarios when no path is given: `iamspec test`, `watch`, `check`
 * and `matrix` read the `cases` folder, where `iamspec init` writes its starter suite.
 */

/** The scenario folder a command reads when it is given no path. Default of every command's `[paths...]`. */
export const DEFAULT_SCENARIO_PATH = 'cases';

/** `paths`, or the default folder when there are none. */
export function scenarioPathsOrDefault(paths: readonly string[] | undefined): string[] {
  return paths && paths.length > 0 ? [...paths] : [DEFAULT_SCENARIO_PATH];
}
