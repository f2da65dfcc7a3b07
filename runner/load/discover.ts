/**
 * Discovery: which files are scenarios.
 *
 * The rule (also in `cases/README.md`):
 * - a file named on the command line is a scenario, whatever its extension;
 * - in a folder (searched recursively, in sorted order), a scenario is a file ending in `.yaml` or
 *   `.yml`; `.json` files are never scenarios;
 * - folders named `policies`, folders whose names start with `.`, and `node_modules` are not
 *   searched, so shared policy documents (JSON or YAML) live in a `policies/` folder beside the
 *   scenarios that use them;
 * - symbolic links to folders are not followed (no loops); a symbolic link to a file is listed, and
 *   loading refuses it before reading when it leads outside the project (`load-scenario.ts`).
 */
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { diagnostic, type Diagnostic, type Result } from '../diagnostics';
import { describeFsError } from '../fs-errors';

/** The file system calls discovery makes; tests pass failing ones (root reads every folder). */
export interface DiscoverFs {
  /** Lists a folder, as `fs.readdirSync(path, { withFileTypes: true })`. */
  readdir(path: string): Dirent[];
  /** Describes a path, following links, as `fs.statSync`. */
  stat(path: string): Stats;
}

const nodeFs: DiscoverFs = {
  readdir: (path) => readdirSync(path, { withFileTypes: true }),
  stat: (path) => statSync(path),
};

/** Folder names never searched for scenarios. */
export const skippedFolders: readonly string[] = ['policies', 'node_modules'];

/** True when a file found in a folder is a scenario by its name. */
export function isScenarioName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.yaml') || lower.endsWith('.yml');
}

/**
 * The scenario files under `paths` (display paths: each path as given, joined with the part found
 * below it), sorted and without duplicates. A path that does not exist or cannot be read, and a
 * folder below it that cannot be listed, is a READ_ERROR, and so is an empty path (it would name
 * the working directory); finding no scenario at all is
 * NO_SCENARIOS. `fs` defaults to Node's file system.
 */
export function discoverScenarios(paths: readonly string[], cwd: string = process.cwd(), fs: DiscoverFs = nodeFs): Result<string[]> {
  const diagnostics: Diagnostic[] = [];
  const found: string[] = [];
  for (const path of paths) {
    if (path.trim() === '') {
      // `resolve(cwd, '')` is the working directory itself: an empty argument, as an unset CI
      // variable gives (`iamspec test "$SUITE"`), would silently run every scenario below it.
      const d = diagnostic(
        'READ_ERROR',
        'a path argument is empty',
        undefined,
        'name a scenario file or folder (is a variable in the command unset?); leave the paths out to run `cases`',
      );
      d.file = `'${path}'`;
      diagnostics.push(d);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = fs.stat(resolve(cwd, path)).isDirectory();
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      const message = missing ? `no such file or folder \`${path}\`` : `cannot read \`${path}\`: ${describeFsError(error)}`;
      const d = diagnostic('READ_ERROR', message, undefined, 'name scenario files or folders that hold them');
      d.file = path;
      diagnostics.push(d);
      continue;
    }
    if (isDirectory) walk(cwd, path, found, diagnostics, fs);
    else found.push(path);
  }
  const files = [...new Set(found)].sort();
  if (files.length === 0 && diagnostics.length === 0) {
    const d = diagnostic(
      'NO_SCENARIOS',
      `no scenario files found in ${paths.map((p) => `\`${p}\``).join(', ')}`,
      undefined,
      'scenario files end in `.yaml` or `.yml`; folders named `policies` are not searched',
    );
    d.file = paths.join(', ');
    diagnostics.push(d);
  }
  return { value: files, diagnostics };
}

function walk(cwd: string, folder: string, found: string[], diagnostics: Diagnostic[], fs: DiscoverFs): void {
  let entries;
  try {
    entries = fs.readdir(resolve(cwd, folder));
  } catch (error) {
    const d = diagnostic(
      'READ_ERROR',
      `cannot list the folder \`${folder}\`: ${describeFsError(error)}`,
      undefined,
      'make the folder readable, or name only the scenario files or folders to run',
    );
    d.file = folder;
    diagnostics.push(d);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || skippedFolders.includes(entry.name)) continue;
      walk(cwd, path, found, diagnostics, fs);
    } else if (isScenarioName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && !linksToFolder(resolve(cwd, path), fs)))) {
      // A link is kept unless it leads to a folder: a dangling one is reported by the loader
      // (READ_ERROR), never skipped in silence.
      found.push(path);
    }
  }
}

function linksToFolder(path: string, fs: DiscoverFs): boolean {
  try {
    return fs.stat(path).isDirectory();
  } catch {
    return false; // dangling: the loader says so
  }
}
