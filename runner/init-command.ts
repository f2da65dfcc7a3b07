/**
 * `iamspec init [DIR]`: writes a starter suite (`cases/example.yaml`) and a GitHub Actions
 * workflow (`.github/workflows/iamspec.yml`) into DIR (default: the working directory), then prints
 * the GitLab CI and Jenkins equivalents of the workflow and what to run next.
 *
 * It never overwrites: each file is created exclusively (`open` with `wx`, which fails on any
 * existing path, a dangling symbolic link included, even one created a moment before), and a file
 * that exists is reported and left alone, so running `init` twice changes nothing. There is no
 * `--force`. Exit code 0 when every file was created or already there; 2 when one could not be
 * written (its diagnostic names it; the other files are still tried, and the next steps are not
 * printed).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatDiagnostic, positionDiagnostic, type Diagnostic } from './diagnostics';
import { describeFsError } from './fs-errors';
import { gitlabJob, jenkinsPipeline, starterFiles, type StarterFile } from './init-templates';

/** Options of `iamspec init`. */
export interface InitOptions {
  /** The folder to write into, as the user gave it. Default: `.`. */
  dir?: string;
  /** The working directory `dir` is relative to. Default: `process.cwd()`. */
  cwd?: string;
}

/** What the command prints and its exit code; `cli.ts` writes and exits. */
export interface InitOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 2;
}

/** What happened to one starter file. */
type FileOutcome = { kind: 'created' } | { kind: 'exists' } | { kind: 'failed'; reason: string };

/** Runs `iamspec init [DIR]`. */
export function initCommand(options: InitOptions = {}): InitOutput {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = resolve(cwd, options.dir ?? '.');
  // `.`, `./` or the working directory's own path all mean here: name the files without a prefix.
  const shown = root === cwd ? '.' : (options.dir ?? '.');
  const out: string[] = [];
  const errors: string[] = [];
  for (const file of starterFiles) {
    // `cases/example.yaml` when DIR is `.`, `repo/cases/example.yaml` when it is `repo`.
    const display = shown === '.' ? file.path : join(shown, file.path);
    const outcome = createExclusive(join(root, file.path), file);
    if (outcome.kind === 'created') out.push(`created ${display}`);
    else if (outcome.kind === 'exists') out.push(`exists, left alone: ${display}`);
    else errors.push(writeError(display, outcome.reason));
  }
  // After a failure the errors are the message; next steps would bury them.
  if (errors.length === 0) {
    out.push('', ...nextSteps(root, shown), '');
    out.push('GitLab CI: add this job to .gitlab-ci.yml', '', indent(gitlabJob), '');
    out.push('Jenkins: a Jenkinsfile (needs the NodeJS and JUnit plugins)', '', indent(jenkinsPipeline));
  }
  return {
    stdout: out.map((line) => `${line}\n`).join(''),
    stderr: errors.map((e) => `${e}\n`).join(''),
    exitCode: errors.length > 0 ? 2 : 0,
  };
}

/** Creates `path` with `file.text` unless anything is at `path`; a partly written file is removed. */
function createExclusive(path: string, file: StarterFile): FileOutcome {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    // `cases` is a file: nothing exists at `cases/example.yaml`, and nothing can be created there.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { kind: 'failed', reason: 'a file stands where a folder is needed' };
    return { kind: 'failed', reason: describeFsError(e) };
  }
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { kind: 'exists' };
    return { kind: 'failed', reason: describeFsError(e) };
  }
  try {
    writeSync(fd, file.text);
    closeSync(fd);
    return { kind: 'created' };
  } catch (e) {
    // A full disk mid-write: leave nothing half written behind (the file is ours: `wx` created it).
    try {
      closeSync(fd);
    } catch {
      // already closed or unusable; the removal below is what matters
    }
    rmSync(path, { force: true });
    return { kind: 'failed', reason: describeFsError(e) };
  }
}

/** The `INIT_WRITE` diagnostic for a starter file that could not be written. */
function writeError(display: string, reason: string): string {
  const d: Diagnostic = {
    code: 'INIT_WRITE',
    severity: 'error',
    message: `cannot write \`${display}\`: ${reason}`,
    file: display,
    help: 'run `iamspec init` in a folder you can write to, or create the file by hand',
  };
  return formatDiagnostic(positionDiagnostic(d, new Map()));
}

/** What to run next: install iamspec unless the folder's package.json already lists it, then test. */
function nextSteps(root: string, shown: string): string[] {
  const steps = ['Next:'];
  if (shown !== '.') steps.push(`  cd ${shown}`);
  const installed = listsIamspec(join(root, 'package.json'));
  if (installed === 'no package.json') steps.push('  npm init -y');
  // Not on the npm registry yet (README, "Install"): a tarball from `npm pack`, or a git tag.
  if (installed !== 'listed')
    steps.push('  npm install --save-dev ./iamspec-0.1.0.tgz   # or github:iamspec/iamspec#v0.1.0 (README, "Install")');
  steps.push('  npx iamspec test          # runs cases/; the workflow runs it on every push');
  return steps;
}

/** Whether the package.json at `path` lists iamspec as a dependency. */
function listsIamspec(path: string): 'listed' | 'not listed' | 'no package.json' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'no package.json';
  }
  try {
    const pkg = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
    return pkg.devDependencies?.iamspec !== undefined || pkg.dependencies?.iamspec !== undefined ? 'listed' : 'not listed';
  } catch {
    // A package.json npm cannot read either: npm install will say what is wrong with it.
    return 'not listed';
  }
}

/** Indents every non-empty line by four spaces (a Markdown-style code block in the terminal). */
function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? line : `    ${line}`))
    .join('\n');
}
