/**
 * `iamspec test --watch`: runs the suites, then reruns the affected ones whenever a file they load
 * changes, as `opa test --watch` and `mocha --watch` do: the screen is cleared (on a terminal),
 * the run's output and summary are printed, and the command waits again until Ctrl-C (exit 130).
 *
 * Which suites a change affects comes from the loader: each suite's inputs are every file read to
 * build it (the scenario, its policy files, Terraform plans, CloudFormation templates;
 * runner/pipeline.ts `Built.inputs`). A changed input reruns the suites that read it:
 *
 *     policies/app-read.json changes → cases/payments.yaml and cases/app.yaml rerun (both load it)
 *
 * A scenario file added to or removed from a folder given on the command line reruns everything
 * (discovery decides what is a suite). A rerun still loads and plans every suite, so `--grep`,
 * the filters, `--shard` and `only: true` select exactly as in the whole run (a shard of a subset
 * would be another split), and then runs and reports the affected suites only. Reports (`--junit`,
 * ...) are rewritten by every run, atomically, and hold the suites of that run. File events come from chokidar, which smooths over
 * `fs.watch`'s platform differences (atomic saves by editors, renames, missing events).
 */
import { watch } from 'chokidar';
import { isAbsolute, relative, resolve } from 'node:path';
import { EXIT_INTERRUPTED } from './exit-code';
import { scenarioPathsOrDefault } from './default-paths';
import { testCommand, type TestCommandOptions } from './test-command';

/** What `--watch` needs beside the options of `iamspec test`. */
export interface WatchOptions {
  /** The options of each run; `paths` are the suites of the first run. */
  test: TestCommandOptions;
  /** Aborted on Ctrl-C (SIGINT): the watch ends with exit code 130. */
  stop: AbortSignal;
  /** Clears the screen before a rerun. Default: nothing is cleared (not a terminal). */
  clearScreen?: () => void;
  /** Quiet time after the last file event before a rerun, in milliseconds. Default: `100`. */
  settleMs?: number;
}

/** True for a file name discovery takes as a scenario. */
function isScenarioName(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Runs the suites and reruns the affected ones on change until `stop` aborts; resolves to 130. */
export async function watchTests(options: WatchOptions): Promise<number> {
  const cwd = options.test.cwd ?? process.cwd();
  const paths = scenarioPathsOrDefault(options.test.paths);
  const roots = paths.map((p) => resolve(cwd, p));
  /** Absolute input file → the display paths of the suites that read it. */
  const readers = new Map<string, Set<string>>();
  const watcher = watch(roots, { ignoreInitial: true, persistent: true });

  const run = async (suites: readonly string[] | undefined, reason: string | undefined): Promise<void> => {
    options.clearScreen?.();
    if (reason !== undefined) options.test.stdout(`${reason}\n\n`);
    await testCommand({
      ...options.test,
      paths,
      ...(suites ? { suites: new Set(suites) } : {}),
      onPlanned: (planned) => {
        readers.clear();
        for (const b of planned.built) {
          for (const input of b.inputs) {
            const absolute = resolve(cwd, input);
            let set = readers.get(absolute);
            if (!set) readers.set(absolute, (set = new Set()));
            set.add(b.file);
          }
        }
      },
      interrupted: () => options.stop.aborted || (options.test.interrupted?.() ?? false),
    });
    watcher.add([...readers.keys()]);
    if (!options.stop.aborted) options.test.stdout(`\nwatching ${readers.size} files for changes (Ctrl-C to exit)\n`);
  };

  const changed = new Set<string>();
  let rediscover = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = run(undefined, undefined);
  const settle = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => rerun());
    }, options.settleMs ?? 100);
  };
  const rerun = async (): Promise<void> => {
    if (options.stop.aborted || (changed.size === 0 && !rediscover)) return;
    const files = [...changed].sort();
    const suites = new Set(files.flatMap((f) => [...(readers.get(f) ?? [])]));
    const all = rediscover;
    changed.clear();
    rediscover = false;
    const what = files.map((f) => displayOf(f, cwd)).join(', ');
    if (all) await run(undefined, `changed: ${what}; rerunning every suite`);
    else if (suites.size > 0)
      await run([...suites].sort(), `changed: ${what}; rerunning ${suites.size} suite${suites.size === 1 ? '' : 's'}`);
  };
  const onEvent = (kind: 'add' | 'change' | 'unlink', path: string): void => {
    const absolute = resolve(path);
    if (kind !== 'change' && isScenarioName(absolute)) {
      // A scenario file added to or removed from a folder given on the command line: discovery
      // decides again what the suites are.
      changed.add(absolute);
      rediscover = true;
    } else if (readers.has(absolute)) changed.add(absolute);
    else return;
    settle();
  };
  watcher.on('add', (p) => onEvent('add', p));
  watcher.on('change', (p) => onEvent('change', p));
  watcher.on('unlink', (p) => onEvent('unlink', p));

  await new Promise<void>((done) => {
    if (options.stop.aborted) done();
    else options.stop.addEventListener('abort', () => done(), { once: true });
  });
  if (timer) clearTimeout(timer);
  await running;
  await watcher.close();
  return EXIT_INTERRUPTED;
}

/** A path relative to the working directory where it is below it. */
function displayOf(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}
