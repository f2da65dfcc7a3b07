/**
 * Reading one input file: size limit, UTF-8 check, empty files. The only place that reads input
 * bytes from disk (together with `discover.ts`, which only lists folders).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { diagnostic, type Diagnostic, type Result } from '../diagnostics';
import { MAX_FILE_BYTES } from './limits';

/** Options for {@link readSource}. */
export interface ReadOptions {
  /** Largest accepted size in bytes. Default: {@link MAX_FILE_BYTES}. */
  maxBytes?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads `path` as UTF-8 text. `file` is the name diagnostics use. Files larger than the limit are
 * rejected from their size alone, before any byte is read; binary files (a NUL byte) and invalid
 * UTF-8 are errors. An empty text is returned as is (the caller decides whether that is an error).
 */
export function readSource(path: string, file: string, options: ReadOptions = {}): Result<string> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe for reading otherwise blocks until a writer appears, before
    // the fstat below can refuse it. It changes nothing for a regular file.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail(diagnostic('READ_ERROR', `cannot read \`${file}\`: ${reason(e)}`, undefined, 'check the path'), file);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      return fail(diagnostic('READ_ERROR', `cannot read \`${file}\`: it is a folder`, undefined, 'name a file'), file);
    }
    if (!stat.isFile()) {
      return fail(
        diagnostic(
          'READ_ERROR',
          `cannot read \`${file}\`: it is not a regular file`,
          undefined,
          'name a file; pipes, sockets and devices are not read',
        ),
        file,
      );
    }
    if (stat.size > maxBytes) {
      return fail(
        diagnostic(
          'FILE_TOO_LARGE',
          `\`${file}\` is ${formatBytes(stat.size)}, larger than the limit of ${formatBytes(maxBytes)}`,
          undefined,
          'split the file; a scenario or policy file is rarely larger than a few KiB',
        ),
        file,
      );
    }
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return decode(buffer.subarray(0, read), file);
  } catch (e) {
    return fail(diagnostic('READ_ERROR', `cannot read \`${file}\`: ${reason(e)}`, undefined, 'check the path'), file);
  } finally {
    closeSync(fd);
  }
}

/** Decodes bytes as UTF-8 text; NUL bytes or invalid sequences make a BINARY_FILE error. */
export function decode(bytes: Uint8Array, file: string): Result<string> {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return fail(
      diagnostic(
        'BINARY_FILE',
        `\`${file}\` is not text: it holds a NUL byte at offset ${nul}`,
        undefined,
        'scenario and policy files are UTF-8 text (YAML or JSON)',
      ),
      file,
    );
  }
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { value: text, diagnostics: [] };
  } catch {
    return fail(diagnostic('BINARY_FILE', `\`${file}\` is not valid UTF-8 text`, undefined, 'save the file as UTF-8'), file);
  }
}

function fail(d: Diagnostic, file: string): Result<string> {
  d.file = file;
  return { diagnostics: [d] };
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return code ? code.toLowerCase() : String((e as Error)?.message ?? e).toLowerCase();
  }
}

/** `4.0 MiB`, `512 B`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
