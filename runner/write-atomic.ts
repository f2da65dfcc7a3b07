/**
 * Atomic report writing: a crash or a full disk never leaves a truncated report behind. The text
 * goes to a temporary file in the target's directory (so the rename stays on one file system),
 * which then replaces the target in one `rename`.
 *
 * A target that exists and is not a regular file (`/dev/stdout`, a named pipe, a process
 * substitution's `/dev/fd/N`) is written through, never renamed over: renaming would replace the
 * special file with a regular one. A symbolic link to a regular file keeps the link: its target
 * is written atomically. The temporary file being written is known to {@link removePendingTemp},
 * which the CLI calls on SIGTERM and SIGHUP.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeFsError } from './fs-errors';

/** Chunks are gathered up to this many UTF-16 units before one `write` call. */
const batchSize = 64 * 1024;

/**
 * Writes `chunks` to `path` atomically, creating parent directories. On any failure, including
 * one thrown by the chunk source, the temporary file is removed and an `Error` is thrown whose
 * message reads ``cannot write `PATH`: REASON`` (its `cause` is the original error); the CLI
 * turns it into a `REPORT_WRITE` diagnostic.
 */
export function writeFileAtomic(path: string, chunks: Iterable<string>): void {
  const existing = existingTarget(path);
  if (existing?.special) return writeThrough(path, chunks);
  const target = existing?.real ?? path;
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    makeDirectory(dir);
    fd = openSync(temp, 'wx');
    pendingTemp = temp;
    writeChunks(fd, chunks);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
    pendingTemp = undefined;
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    pendingTemp = undefined;
    throw new Error(`cannot write \`${path}\`: ${describeFsError(error)}`, { cause: error });
  }
}

/** The temporary file being written, if any. */
let pendingTemp: string | undefined;

/** Removes the temporary file being written, if any (for a signal handler that then exits). */
export function removePendingTemp(): void {
  if (pendingTemp !== undefined) removeQuietly(pendingTemp);
  pendingTemp = undefined;
}

/** What stands at `path` now: nothing, a special file, or a regular file at its real path. */
function existingTarget(path: string): { special: boolean; real: string } | undefined {
  try {
    // stat follows links: `/dev/stdout` → `/proc/self/fd/1` → a pipe, whose "real path" is no
    // path at all (`pipe:[1234]`), so the kind is decided before any realpath.
    const stats = statSync(path);
    if (!stats.isFile() && !stats.isDirectory()) return { special: true, real: path };
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
 * again by path (ENXIO).
 */
function ownStream(path: string): number | undefined {
  const target = statSync(path);
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
