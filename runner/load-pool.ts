/**
 * Loading and building scenario files on a pool of worker threads (`--jobs`, issue #17). Parsing
 * YAML and building the model is most of the time of a large run, and files are independent, so
 * each worker loads and builds whole files (runner/load-worker.ts runs runner/pipeline.ts
 * `buildFile`, as the in-process path does) and the main thread plans them in file order:
 *
 *     files a b c d (largest first: c a d b) → worker 1: c, d   worker 2: a, b
 *     results by index: [a, b, c, d] → planned as without a pool
 *
 * The output does not depend on the pool: results are put back in file order, and what crosses
 * the thread boundary is checked to survive a structured clone (runner/load-pool-messages.ts).
 *
 * A worker that cannot start, throws or exits never loses a file or hangs the run: the file it
 * held (and, when no worker is left, every file not sent yet) is loaded in process, which reports
 * or throws exactly as the sequential path. The workers are terminated when the last file is in.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultDataDir } from '../catalog/catalog';
import {
  outcomeOfReply,
  policyCheckName,
  type BuildReply,
  type BuildRequest,
  type FileOutcome,
  type WorkerSetup,
} from './load-pool-messages';
import type { PipelineOptions } from './pipeline';

/** `--jobs`: a number of workers (1: in process), or `auto`. */
export type Jobs = number | 'auto';

/** Most workers `auto` starts: past this, start-up and cloning outweigh what another core gives. */
export const AUTO_MAX_WORKERS = 8;

/**
 * `auto` starts a pool only when the discovered scenario files hold at least this many bytes. A
 * worker costs about 0.2 s of CPU before its first file is in (our modules, the catalog index, a
 * cold JIT), and taking the clones back adds about 40% to the CPU time of loading (measured on the
 * 2-core development machine, docs/ci.md), so where cores are free for it (see
 * {@link AUTO_MIN_CORES}) a pool can earn that back from about 1 MB of YAML (loading costs about
 * 0.8 s of CPU per MB; an estimate, this machine has 2 cores). The shipped `cases/` (60 KB) load
 * in process.
 */
export const AUTO_MIN_BYTES = 1_000_000;

/** Parses `--jobs`: a whole number from 1, or `auto`; the error is a message for the command line. */
export function parseJobs(text: string): { value: Jobs } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === 'auto') return { value: 'auto' };
  if (!/^[0-9]+$/.test(t)) return { error: `\`${text}\` is not a number of workers: expected a whole number such as \`4\`, or \`auto\`` };
  const n = Number(t);
  if (n < 1) return { error: `\`${text}\`: the number of workers must be at least 1 (\`1\` loads the files in process)` };
  if (n > 1024) return { error: `\`${text}\`: too many workers; \`auto\` sizes the pool to the machine` };
  return { value: n };
}

/**
 * `auto` starts a pool only on a machine with at least this many cores. In process, V8's garbage
 * collection helpers already run beside the main thread on the second core (loading 10 MB: main
 * thread 5.3 s, helpers 3.2 s of CPU); a pool of 2 needs about 11.3 s of CPU in all, more than
 * 2 cores give back in 5.3 s (measured on the 2-core development machine, docs/ci.md).
 */
export const AUTO_MIN_CORES = 3;

/**
 * How many workers load `files` files of `bytes` bytes in all; 1 means in process. `auto`:
 * min(cores, files, {@link AUTO_MAX_WORKERS}) when the files hold at least
 * {@link AUTO_MIN_BYTES} and the machine has {@link AUTO_MIN_CORES} cores or more; a number: at
 * most that many, never more than the files.
 */
export function poolSize(jobs: Jobs, files: number, bytes: number, cores: number = availableParallelism()): number {
  if (jobs === 'auto') return bytes < AUTO_MIN_BYTES || cores < AUTO_MIN_CORES ? 1 : Math.max(1, Math.min(cores, files, AUTO_MAX_WORKERS));
  return Math.max(1, Math.min(jobs, files));
}

/** A pool to run: its size, what each worker starts with, and the order files are handed out. */
export interface PoolPlan {
  size: number;
  setup: WorkerSetup;
  /** File indices, largest file first, so the last file to finish is a small one. */
  order: number[];
  /** The worker module. Default: runner/load-worker (`.js` compiled, `.ts` under ts-node). */
  script?: string;
}

/**
 * The pool for `files` under `options.jobs`, or undefined when they load in process: one worker
 * or fewer, or a policy check that is not one of the named ones workers can run.
 */
export function poolPlan(
  files: readonly string[],
  options: Pick<PipelineOptions, 'jobs' | 'cwd' | 'strict' | 'checkPolicy' | 'catalog' | 'catalogDir'>,
): PoolPlan | undefined {
  const jobs = options.jobs ?? 1;
  if (jobs === 1 || files.length < 2) return undefined;
  const check = options.checkPolicy ? policyCheckName(options.checkPolicy) : undefined;
  if (options.checkPolicy && !check) return undefined;
  const bytes = files.map((f) => fileBytes(resolve(options.cwd, f)));
  const size = poolSize(
    jobs,
    files.length,
    bytes.reduce((a, b) => a + b, 0),
  );
  if (size < 2) return undefined;
  const order = files.map((_, i) => i).sort((a, b) => bytes[b]! - bytes[a]! || a - b);
  const setup: WorkerSetup = {
    cwd: options.cwd,
    strict: options.strict ?? false,
    ...(check ? { check } : {}),
    catalogDir: options.catalogDir ?? defaultDataDir(),
    catalogSources: JSON.stringify(options.catalog.sources()),
  };
  return { size, setup, order };
}

/** A file's size; 0 when it cannot be read (loading it reports why). */
function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Loads and builds `files` on the pool; `local` loads one in process (the fallback). Resolves to
 * the outcomes in file order; rejects with what `local` throws (a bug), after ending the workers.
 */
export function buildFilesPooled(files: readonly string[], pool: PoolPlan, local: (file: string) => FileOutcome): Promise<FileOutcome[]> {
  return new Promise((resolveAll, rejectAll) => {
    const results: FileOutcome[] = new Array<FileOutcome>(files.length);
    const workers = new Set<Worker>();
    let next = 0;
    let done = 0;
    let over = false;
    const end = (): void => {
      over = true;
      for (const w of workers) void w.terminate();
      workers.clear();
    };
    const settle = (index: number, outcome: FileOutcome): void => {
      results[index] = outcome;
      if (++done === files.length) {
        end();
        resolveAll(results);
      }
    };
    const inProcess = (index: number): void => {
      if (over) return;
      try {
        settle(index, local(files[index]!));
      } catch (e) {
        end();
        rejectAll(e);
      }
    };
    const start = (): void => {
      let worker: Worker;
      try {
        worker = startWorker(pool.script ?? defaultScript(), pool.setup);
      } catch {
        return; // cannot start here: the other workers, or the main thread, load the files
      }
      workers.add(worker);
      let held: number | undefined;
      const feed = (): void => {
        if (over) return;
        if (next >= pool.order.length) {
          held = undefined;
          void worker.terminate();
          return;
        }
        held = pool.order[next++]!;
        const request: BuildRequest = { index: held, file: files[held]! };
        worker.postMessage(request);
      };
      worker.on('message', (reply: BuildReply) => {
        if (over) return;
        // A reply for a file the worker does not hold is a broken worker: end it ('exit' below).
        if (reply.index !== held) return void worker.terminate();
        held = undefined;
        if (reply.kind === 'built') settle(reply.index, outcomeOfReply(reply));
        else inProcess(reply.index);
        feed();
      });
      // 'exit' follows 'error'; the file held is loaded in process there.
      worker.on('error', () => {});
      worker.on('exit', () => {
        workers.delete(worker);
        if (held !== undefined) inProcess(held);
        held = undefined;
        if (workers.size === 0) while (!over && next < pool.order.length) inProcess(pool.order[next++]!);
      });
      feed();
    };
    for (let i = 0; i < pool.size; i++) start();
    if (workers.size === 0) while (!over && next < pool.order.length) inProcess(pool.order[next++]!);
  });
}

/** runner/load-worker beside this module: `.js` when compiled, `.ts` under ts-node (tests). */
function defaultScript(): string {
  return join(__dirname, `load-worker${extname(__filename)}`);
}

/**
 * Starts a worker on `script`. A TypeScript module (the tests run the sources under ts-node) is
 * required after registering ts-node in the worker, as mocha's `--require` does in the main thread.
 */
function startWorker(script: string, setup: WorkerSetup): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData: setup });
  const register = require.resolve('ts-node/register/transpile-only');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(script)});`, { eval: true, workerData: setup });
}
