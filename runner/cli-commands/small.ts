/**
 * The commands that read a few files and return their output whole: `iamspec merge` (shard
 * reports into one), `iamspec catalog` (the catalog, for a person or a script) and `iamspec init`
 * (a starter suite).
 */
import type { Command } from 'commander';
import { finish, type CliContext } from './context';

/** Adds `iamspec merge` to `program`. */
export function defineMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('combine the JUnit reports of sharded runs (`--shard I/N`) into one report')
    .argument('<out>', 'the merged JUnit report to write')
    .argument('<reports...>', 'the JUnit reports to merge')
    .action(async (out: string, inputs: string[]) => {
      const { mergeCommand } = await import('../merge-command');
      finish(ctx, mergeCommand({ out, inputs, cwd: ctx.io.cwd ?? process.cwd() }));
    });
}

/** Adds `iamspec catalog` to `program`. */
export function defineCatalog(program: Command, ctx: CliContext): void {
  program
    .command('catalog')
    .description('show the catalog: actions, access levels, resource types and condition keys')
    .argument('[service]', 'a service prefix such as `secretsmanager`')
    .option('--json', 'machine-readable output', false)
    .action(async (service: string | undefined, opts: { json: boolean }) => {
      const { catalogCommand } = await import('../catalog-command');
      finish(ctx, catalogCommand(ctx.catalog(), service, { json: opts.json }));
    });
}

/** Adds `iamspec init` to `program`. */
export function defineInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('write a starter suite (cases/example.yaml) and a GitHub Actions workflow; never overwrites a file')
    .argument('[dir]', 'the repository to write into', '.')
    .action(async (dir: string) => {
      const { initCommand } = await import('../init-command');
      finish(ctx, initCommand({ dir, ...(ctx.io.cwd !== undefined ? { cwd: ctx.io.cwd } : {}) }));
    });
}
