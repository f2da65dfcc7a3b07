/** `iamspec diff OLD [NEW]`: does NEW allow any request OLD does not (runner/diff/, docs/diff.md)? */
import type { Command } from 'commander';
import type { CliContext } from './context';

/** Adds `iamspec diff` to `program`. */
export function defineDiff(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .description('does policy NEW allow any request OLD does not? exit 0 only when provably not (docs/diff.md)')
    .argument('<old>', 'OLD: a policy file (.json/.yaml) or plan reference `plan.json#aws_iam_policy.app`')
    .argument('[new]', 'NEW: a policy file or plan reference (default with --base: OLD as it is now)')
    .option('--base <rev>', 'read OLD as it was at this git revision (`git show REV:PATH`)')
    .option('--removed', 'the reverse: what OLD allows and NEW no longer does', false)
    .option('--json', 'machine-readable output', false)
    .action(async (oldSpec: string, newSpec: string | undefined, opts: { base?: string; removed: boolean; json: boolean }) => {
      const { diffCommand } = await import('../diff/diff-command');
      const io = ctx.io;
      // The search stops with "unknown" after 10 seconds of wall time (its step budget aside).
      const deadline = Date.now() + 10_000;
      const code = diffCommand({
        old: oldSpec,
        ...(newSpec !== undefined ? { new: newSpec } : {}),
        ...(opts.base !== undefined ? { base: opts.base } : {}),
        removed: opts.removed,
        json: opts.json,
        catalog: ctx.catalog(),
        cwd: io.cwd ?? process.cwd(),
        stdout: io.stdout,
        stderr: io.stderr,
        budget: { expired: () => Date.now() > deadline },
      });
      ctx.exit(code);
    });
}
