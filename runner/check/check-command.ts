/**
 * `iamspec check [PATH...]`: findings without scenarios. Collects every policy the scenario files
 * under PATH load, or the policy files and Terraform plans named (runner/check/collect.ts), runs
 * the checks, prints the findings grouped by file, writes `--json` and `--sarif` reports
 * atomically, and sets the exit code: 1 when a finding is at or above `--fail-on` (default ERROR),
 * 0 otherwise, 2 when the input cannot be used or a report cannot be written.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../../catalog/types';
import { sarifReport } from '../../reports/sarif';
import { diagnosticsText, type Diagnostic } from '../diagnostics';
import { EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE } from '../exit-code';
import type { Policy } from '../policy/types';
import { checkTargets, type ReportTarget } from '../report-targets';
import { writeFileAtomic } from '../write-atomic';
import { collect, policyKey, type Collected } from './collect';
import { allFindingCodes, atOrAbove, type Finding, type FindingSeverity } from './findings';
import { consoleText, jsonText, positionFindings, sarifFindings } from './output';
import { checkPrivilegeEscalation } from './privilege-escalation';
import { checkPublicAccess } from './public-access';
import { checkDoc } from './rule-docs';
import { checkStatements } from './statement-checks';

/** What `iamspec check` needs. */
export interface CheckCommandOptions {
  /** Files or folders. Default: `['cases']`. */
  paths?: readonly string[];
  /** Where to write the JSON report. */
  json?: string;
  /** Where to write the SARIF report. */
  sarif?: string;
  /** The lowest severity that fails the command. Default: `ERROR`. */
  failOn?: FindingSeverity;
  /** WARNING findings become ERROR. Default: `false`. */
  strict?: boolean;
  color?: boolean;
  /** Default: `process.cwd()`. */
  cwd?: string;
  catalog: Catalog;
  /** The catalog checks of a parsed policy. */
  checkPolicy: (policy: Policy, catalog: Catalog) => Diagnostic[];
  /** The tool version written in the SARIF log. */
  version: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Every finding of the collected policies (`--strict`: WARNING becomes ERROR). */
export function findingsOf(collected: Collected, catalog: Catalog, strict: boolean): Finding[] {
  const all = [...collected.findings];
  for (const p of collected.policies)
    all.push(...checkStatements(p), ...checkPublicAccess(p, catalog, collected.declared.get(policyKey(p))));
  for (const s of collected.scenarios) all.push(...checkPrivilegeEscalation(s, catalog));
  return strict ? all.map((f) => (f.severity === 'WARNING' ? { ...f, severity: 'ERROR' } : f)) : all;
}

/** Runs `iamspec check`; returns the exit code. */
export function checkCommand(options: CheckCommandOptions): number {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['cases'];
  const collected = collect({ paths, cwd, catalog: options.catalog, checkPolicy: options.checkPolicy });
  const print = (ds: readonly Diagnostic[]): void => {
    options.stderr(diagnosticsText(ds, collected.sources));
  };
  if (collected.unusable.length > 0) {
    print(collected.unusable);
    return EXIT_UNUSABLE;
  }
  const refused = reportTargets(options, [...collected.sources.keys()], cwd);
  if (refused.length > 0) {
    print(refused);
    return EXIT_UNUSABLE;
  }
  const findings = positionFindings(findingsOf(collected, options.catalog, options.strict ?? false), collected.sources);
  const count = collected.policies.length;
  options.stdout(consoleText(findings, count, options.color ?? false));
  const reports: { path: string; text: string }[] = [];
  if (options.json !== undefined) reports.push({ path: options.json, text: jsonText(findings, count) });
  if (options.sarif !== undefined) {
    const rules = allFindingCodes().map((r) => ({ ...r, help: checkDoc(r.code, r.title) }));
    reports.push({ path: options.sarif, text: sarifReport(sarifFindings(findings), rules, { name: 'iamspec', version: options.version }) });
  }
  for (const r of reports) {
    try {
      writeFileAtomic(resolve(cwd, r.path), [r.text]);
    } catch (e) {
      print([
        {
          code: 'REPORT_WRITE',
          severity: 'error',
          message: (e as Error).message,
          file: r.path,
          help: 'check that the folder exists or can be created, and that you may write there',
        },
      ]);
      return EXIT_UNUSABLE;
    }
  }
  const threshold = options.failOn ?? 'ERROR';
  return findings.some((f) => atOrAbove(f.severity, threshold)) ? EXIT_FAILED : EXIT_OK;
}

/**
 * REPORT_TARGET errors (runner/report-targets.ts): a report over an input, over a file that is not
 * such a report, two reports on one file, a folder.
 */
function reportTargets(options: CheckCommandOptions, inputs: readonly string[], cwd: string): Diagnostic[] {
  const targets: ReportTarget[] = [];
  if (options.json !== undefined)
    targets.push({ option: '--json', path: options.json, example: 'check.json', kind: 'check JSON', ownOutput: /^\s*\{\s*"version"\s*:/ });
  if (options.sarif !== undefined)
    targets.push({
      option: '--sarif',
      path: options.sarif,
      example: 'check.sarif',
      kind: 'SARIF',
      ownOutput: /^\s*\{\s*"(\$schema|version)"\s*:/,
    });
  return checkTargets(targets, inputs, cwd);
}
