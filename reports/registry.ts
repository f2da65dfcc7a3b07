/**
 * The reporter registry: every reporter by name, read alike by the CLI (its options and help) and
 * by the pipeline (which reporters a run feeds). As node's test runner pairs `--test-reporter`
 * with `--test-reporter-destination`, a run is given {@link ReporterChoice} pairs: a reporter
 * name and where its text goes. A new reporter (SARIF, GitHub annotations, coverage) is one entry
 * here; the CLI option and the pipeline follow from it.
 */
import { consoleReporter } from './console';
import { coberturaReporter } from './coverage-cobertura';
import { coverageJsonReporter } from './coverage-json';
import type { Reporter } from './events';
import { githubReporter } from './github';
import { githubSummaryReporter } from './github-summary';
import { jsonReporter, type JsonTrace } from './json';
import { junitReporter } from './junit';
import type { Locate } from './locate';

export { jsonTraces, type JsonTrace } from './json';

/** What a reporter may be built with. */
export interface ReporterContext {
  /** ANSI colors (terminal reporters only). */
  color: boolean;
  /** Resolves explanation spans to `FILE:LINE:COL`. */
  locate?: Locate;
  /** Locations in reports for CI are written relative to it (the repository root). */
  cwd?: string;
  /** JUnit testcases carry `file` and `line` attributes (`--junit-file-attributes`). Default: `false`. */
  junitFileAttributes?: boolean;
  /** Which cases of the JSON report carry the statement trace (`--json-trace`). Default: `'failures'`. */
  jsonTrace?: JsonTrace;
}

/** The optional context fields a reporter takes, without `undefined` ones. */
function located(c: ReporterContext): { locate?: Locate; cwd?: string } {
  return { ...(c.locate ? { locate: c.locate } : {}), ...(c.cwd !== undefined ? { cwd: c.cwd } : {}) };
}

/** One registered reporter. */
export interface ReporterEntry {
  /** Help text of its CLI option. */
  description: string;
  /** The CLI option that writes it to a file (`--junit <file>`), when it has one. */
  fileOption?: string;
  /** It prints every case's explanation, so the run must explain passing cases too. */
  explainsAll: boolean;
  /** It reads the run's coverage (`runEnd.coverage`), so the run must collect it. Default: `false`. */
  coverage?: boolean;
  /**
   * How this reporter's own output begins (matched against the first 4 KiB): an existing file at
   * its path is replaced only when it looks like such a report (or is empty), never a file the user
   * wrote (runner/report-targets.ts).
   */
  ownOutput?: RegExp;
  create: (context: ReporterContext) => Reporter;
}

/** The reporters, by name. */
export const reporters = {
  console: {
    description: 'the terminal report (stdout)',
    explainsAll: false,
    create: (c: ReporterContext): Reporter => consoleReporter({ color: c.color, ...(c.locate ? { locate: c.locate } : {}) }),
  },
  junit: {
    description: 'write a JUnit XML report',
    fileOption: 'junit',
    explainsAll: false,
    ownOutput: /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[^]*?-->\s*)*<testsuites?[\s/>]/,
    create: (c: ReporterContext): Reporter => junitReporter({ ...located(c), fileAttributes: c.junitFileAttributes ?? false }),
  },
  json: {
    description: 'write every test case with its decision and explanation as JSON',
    fileOption: 'json',
    explainsAll: true,
    ownOutput: /^\s*\{\s*"version"\s*:/,
    create: (c: ReporterContext): Reporter => jsonReporter({ ...(c.locate ? { locate: c.locate } : {}), trace: c.jsonTrace ?? 'failures' }),
  },
  coverage: {
    description: 'write which policy statements the run covered as JSON (per file: line ranges, percent, statements)',
    fileOption: 'coverage',
    explainsAll: false,
    ownOutput: /^\s*\{\s*"version"\s*:/,
    coverage: true,
    create: (): Reporter => coverageJsonReporter(),
  },
  cobertura: {
    description: "write the coverage of policy statements as Cobertura XML (GitLab's merge request coverage view)",
    fileOption: 'cobertura',
    explainsAll: false,
    ownOutput: /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!(--[^]*?--|DOCTYPE[^>]*)>\s*)*<coverage[\s/>]/,
    coverage: true,
    create: (): Reporter => coberturaReporter(),
  },
  github: {
    description: 'GitHub Actions annotations (workflow commands) for failures, input errors and warnings',
    explainsAll: false,
    create: (c: ReporterContext): Reporter => githubReporter(located(c)),
  },
  githubSummary: {
    description: 'a Markdown summary appended to the file named by $GITHUB_STEP_SUMMARY',
    explainsAll: false,
    create: (c: ReporterContext): Reporter => githubSummaryReporter(located(c)),
  },
} satisfies Record<string, ReporterEntry>;

/** A registered reporter's name. */
export type ReporterName = keyof typeof reporters;

/**
 * Where a reporter's text goes: stdout or stderr, a file (replaced atomically once the run is
 * complete), or a file appended to (`$GITHUB_STEP_SUMMARY`, which earlier steps also write).
 */
export type Destination = { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'file'; path: string } | { kind: 'append'; path: string };

/** A reporter and its destination (node's `--test-reporter` + `--test-reporter-destination`). */
export interface ReporterChoice {
  name: ReporterName;
  destination: Destination;
}

/** The registry entry of a name. */
export function reporterEntry(name: ReporterName): ReporterEntry {
  return reporters[name];
}

/** The names of the reporters that have a file option, in registry order. */
export function fileReporterNames(): ReporterName[] {
  return (Object.keys(reporters) as ReporterName[]).filter((n) => reporterEntry(n).fileOption !== undefined);
}
