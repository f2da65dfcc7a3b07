/** `iamspec check [PATH...]`: findings on policies without scenarios (runner/check/). */
import { Option, type Command } from 'commander';
import type { FindingSeverity } from '../check/findings';
import { DEFAULT_SCENARIO_PATH } from '../default-paths';
import { packageVersion, type CliContext } from './context';

/** Adds `iamspec check` to `program`. */
export function defineCheck(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('findings without scenarios: checks every policy the scenario files load, or policy files and Terraform plans')
    .argument('[paths...]', 'scenario files or folders, policy files (.json, .yaml) or Terraform plans', [DEFAULT_SCENARIO_PATH])
    .option('--sarif <file>', 'write the findings as SARIF 2.1.0 (GitHub code scanning)')
    .option('--json <file>', 'write the findings as JSON')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(['error', 'security-warning', 'warning', 'suggestion'])
        .default('error'),
    )
    .option('--strict', 'treat warnings as errors', false)
    .addOption(new Option('--no-color', 'plain output without ANSI colors'))
    .action(async (paths: string[], opts: { sarif?: string; json?: string; failOn: string; strict: boolean; color: boolean }) => {
      const io = ctx.io;
      const [{ checkCommand }, { checkPolicyWithCatalog }] = await Promise.all([
        import('../check/check-command'),
        import('../policy/check-catalog'),
      ]);
      const code = checkCommand({
        paths,
        ...(opts.sarif !== undefined ? { sarif: opts.sarif } : {}),
        ...(opts.json !== undefined ? { json: opts.json } : {}),
        failOn: opts.failOn.toUpperCase().replace('-', '_') as FindingSeverity,
        strict: opts.strict,
        color: opts.color && (io.colorDefault ?? false),
        catalog: ctx.catalog(),
        checkPolicy: checkPolicyWithCatalog,
        version: packageVersion(),
        stdout: io.stdout,
        stderr: io.stderr,
        ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
      });
      ctx.exit(code);
    });
}
