/**
 * Atomic report writing: a crash or a full disk never leaves a truncated report behind. The text
 * goes to a temporary file in the target's directory (so the rename stays on one file system),
 * which then replaces the target in one `rename`.
 *
 * A target that exists and is not a regular file (`/dev/stdout`, a named pipe, a process
 * substitution's `/dev/fd/N`) is written through, never renamed over: renaming would replace the
 * special file with a regular one. A symbolic link to a regular file keeps the link: its target
 * is written atomically. The temporary files being written are known to {@link removePendingTemp},
 * which the CLI calls on SIGTERM and SIGHUP. Reports are written as the run goes
 * ({@link AtomicFile}), so their size never sits in memory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ReportText } from '../reports/report-text';
import { describeFsError } from './fs-errors';

/**
 * Chunks are gathered up to this many UTF-16 units before one `write` call. A batch is flattened
 * into one string: kept well under 64 Ki units, so that a two-byte string (a report with `›` in
 * its case names) stays under V8's 128 KiB limit of a regular heap object. At 64 Ki units every
 * such batch was allocated and freed in large-object space: measured 25 times slower in a
 * 100,000-case JSON report (about 3 s of CPU).
 */
const batchSize = 32 * 1024;

/**
 * Writes `chunks` to `path` atomically, creating parent directories. On any failure, including
 * one thrown by the chunk source, the temporary file is removed and an `Error` is thrown whose
 * message reads ``cannot write `PATH`: REASON`` (its `cause` is the original error); the CLI
 * turns it into a `REPORT_WRITE` diagnostic.
 */
export function writeFileAtomic(path: string, chunks: Iterable<string>): void {
  const file = AtomicFile.open(path);
  try {
    for (const chunk of chunks) file.write(chunk);
  } catch (error) {
    file.abort();
    throw new Error(`cannot write \`${path}\`: ${describeFsError(error)}`, { cause: error });
  }
  file.commit();
}

/**
 * A file written as a run goes (a report of a million cases never sits whole in memory), which
 * appears at its path only on {@link commit}: the chunks go to a temporary file beside the target,
 * renamed over it at the end. {@link abort} (an interrupted run) removes the temporary file and
 * leaves the target as it was. A special target (a pipe, `/dev/stdout`) cannot be replaced: its
 * text is kept (as UTF-8) and written through on commit.
 *
 * Errors (a folder that cannot be created, a full disk) are kept, not thrown, so the run goes on
 * and reports them once, at {@link commit}, as ``cannot write `PATH`: REASON``.
 */
export class AtomicFile {
  private fd: number | undefined;
  private temp: string | undefined;
  private error: unknown;
  private pending = '';
  private buffered: ReportText | undefined;
  private done = false;

  private constructor(
    private readonly path: string,
    private readonly target: string,
  ) {}

  /** Starts writing `path`: creates its folders and the temporary file (or notes why it cannot). */
  static open(path: string): AtomicFile {
    const existing = existingTarget(path);
    const file = new AtomicFile(path, existing?.real ?? path);
    if (existing?.special) {
      file.buffered = new ReportText();
      return file;
    }
    const dir = dirname(file.target);
    const temp = join(dir, `.${basename(file.target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      makeDirectory(dir);
      file.fd = openSync(temp, 'wx');
      file.temp = temp;
      pendingTemps.add(temp);
    } catch (error) {
      file.fail(error);
    }
    return file;
  }

  /** Appends a chunk; written out in batches of {@link batchSize}. */
  write(chunk: string): void {
    if (this.buffered) return this.buffered.write(chunk);
    if (this.fd === undefined) return;
    this.pending += chunk;
    if (this.pending.length >= batchSize) this.flush(false);
  }

  /** Puts the whole text at the path; throws ``cannot write `PATH`: REASON`` when it could not. */
  commit(): void {
    if (this.done) return;
    this.done = true;
    if (this.buffered) {
      writeThrough(this.path, this.buffered.chunks());
      return;
    }
    if (this.fd !== undefined) this.flush(true);
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
        this.fd = undefined;
        renameSync(this.temp!, this.target);
        pendingTemps.delete(this.temp!);
        this.temp = undefined;
      } catch (error) {
        this.fail(error);
      }
    }
    if (this.error !== undefined) {
      throw new Error(`cannot write \`${this.path}\`: ${describeFsError(this.error)}`, { cause: this.error });
    }
  }

  /** Gives up: the temporary file is removed and the target is left as it was. */
  abort(): void {
    this.done = true;
    this.buffered = undefined;
    this.release();
  }

  /** Writes the pending text; all of it at the end, else up to a whole character. */
  private flush(all: boolean): void {
    // A surrogate pair must not be cut in two (each half would become U+FFFD).
    const last = this.pending.charCodeAt(this.pending.length - 1);
    const keep = !all && last >= 0xd800 && last <= 0xdbff ? 1 : 0;
    try {
      writeAll(this.fd!, this.pending.slice(0, this.pending.length - keep));
      this.pending = this.pending.slice(this.pending.length - keep);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.error ??= error;
    this.release();
  }

  /** Closes and removes the temporary file, if any. */
  private release(): void {
    if (this.fd !== undefined) closeQuietly(this.fd);
    this.fd = undefined;
    if (this.temp !== undefined) {
      removeQuietly(this.temp);
      pendingTemps.delete(this.temp);
    }
    this.temp = undefined;
    this.pending = '';
  }
}

/** The temporary files being written. */
const pendingTemps = new Set<string>();

/** Removes the temporary files being written, if any (for a signal handler that then exits). */
export function removePendingTemp(): void {
  for (const temp of pendingTemps) removeQuietly(temp);
  pendingTemps.clear();
}

/** What stands at `path` now: nothing, a special file, or a regular file at its real path. */
function existingTarget(path: string): { special: boolean; real: string } | undefined {
  try {
    // stat follows links: `/dev/stdout` → `/proc/self/fd/1` → a pipe, whose "real path" is no
    // path at all (`pipe:[1234]`), so the kind is decided before any realpath.
    const stats = statSync(path);
    if (!stats.isFile() && !stats.isDirectory()) return { special: true, real: path };
    if (ownStream(path) !== undefined) return { special: true, real: path };
    return { special: false, real: realpathSync(path) };
  } catch {
    return undefined; // missing, or a dangling link: the ordinary atomic write reports it
  }
}

/** Writes into an existing special file (a device, a pipe, a socket) without replacing it. */
function writeThrough(path: string, chunks: Iterable<string>): void {
  let fd: number | undefined;
  try {
    const own = ownStream(path);
    if (own !== undefined) return writeChunks(own, chunks);
    fd = openSync(path, 'w');
    writeChunks(fd, chunks);
    closeSync(fd);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    throw new Error(`cannot write \`${path}\`: ${describeFsError(error)}`, { cause: error });
  }
}

/**
 * 1 or 2 when `path` is this process's stdout or stderr (`/dev/stdout`): written to the open
 * descriptor, since a socket (what Node's spawnSync and some CI runners give) cannot be opened
 * again by path (ENXIO). Also when that stream is redirected to a regular file
 * (`--junit /dev/stderr 2>>ci.log`): the report is appended where the stream writes, never renamed
 * over the log, which would lose what was written before.
 */
export function ownStream(path: string): number | undefined {
  let target;
  try {
    target = statSync(path);
  } catch {
    return undefined;
  }
  for (const fd of [1, 2]) {
    try {
      const s = fstatSync(fd);
      if (s.dev === target.dev && s.ino === target.ino) return fd;
    } catch {
      // closed: not this one
    }
  }
  return undefined;
}

/** Writes the chunks in batches of {@link batchSize}. */
function writeChunks(fd: number, chunks: Iterable<string>): void {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= batchSize) {
      writeAll(fd, pending);
      pending = '';
    }
  }
  writeAll(fd, pending);
}

/** `writeSync` may write fewer bytes than asked; loop until the whole text is out. */
function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < buffer.length;) offset += writeSync(fd, buffer, offset);
}

/**
 * `mkdir -p`, one level at a time, explaining Node's `EEXIST` for a file that stands where a
 * directory must be. Not `mkdirSync(dir, { recursive: true })`: on Node 20 it retries forever on
 * a path under `/proc`, where every `mkdir` answers ENOENT, so `--junit /proc/x/r.xml` would hang.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      throw new Error(`a file is in the way of directory \`${d}\``, { cause: error });
    }
  }
  if (!statSync(resolve(dir)).isDirectory()) throw new Error(`a file is in the way of directory \`${dir}\``);
}

/** Removes the temporary file if it exists; a parent that is not a directory means there is none. */
function removeQuietly(temp: string): void {
  try {
    rmSync(temp, { force: true });
  } catch {
    // Nothing could have been created there (e.g. ENOTDIR); the original error is reported.
  }
}

/** Closes a descriptor while another error is already being reported (that one wins). */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The write already failed; its error is the one worth reporting.
  }
}
