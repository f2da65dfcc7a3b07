/**
 * The policies `iamspec diff` compares: a policy file (JSON or YAML), a Terraform plan reference
 * (`plan.json#aws_iam_policy.app`: the policy attribute of that resource, read by
 * runner/load/sources/), either of them as it was at a git revision (`git show REV:PATH`).
 *
 * The reference is read as `iamspec check` reads its (runner/load/policy-ref.ts: the kind of a
 * document, the policy of a plan resource); what is diff's own is the git revision and that a
 * policy file's syntax errors are reported as policy `OLD` or `NEW`. File I/O stays in
 * runner/load/ (readSource) and here (git).
 */
import { execFileSync } from 'node:child_process';
import { dirname, basename, resolve } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { parsePolicyFileText } from '../load/policy-file';
import { kindOfTree, loadPlanPolicy, splitReference } from '../load/policy-ref';
import { readSource } from '../load/read';
import { MAX_PLAN_BYTES } from '../load/sources/load-sources';
import { parsePolicy } from '../policy/parse';
import type { Policy } from '../policy/types';

/** A loaded policy, or the diagnostics that stopped it, with the texts read (for positions). */
export interface LoadedPolicy {
  policy?: Policy;
  diagnostics: Diagnostic[];
  texts: Map<string, string>;
}

/** Where to read from. */
export interface PolicyInput {
  /** As given on the command line: `PATH` or `PATH#ADDRESS`. */
  spec: string;
  /** Read the file as it was at this git revision instead of from the working tree. */
  revision?: string;
  cwd: string;
}

/** Reads and parses one policy. */
export function loadPolicyInput(input: PolicyInput, name: string): LoadedPolicy {
  const { path, address } = splitReference(input.spec);
  const file = input.revision === undefined ? path : `${input.revision}:${path}`;
  const texts = new Map<string, string>();
  const read = input.revision === undefined ? readWorkingTree(input.cwd, path, address) : readRevision(input.cwd, path, input.revision);
  if (read.value === undefined) return { diagnostics: read.diagnostics, texts };
  texts.set(file, read.value);
  if (address === undefined) {
    // Read as `iamspec test` and `iamspec check` read a policy file (by its extension, keys given
    // twice are errors), its syntax errors named as policy OLD or NEW.
    const parsed = parsePolicyFileText(read.value, file, path);
    if (parsed.diagnostics.length > 0 || !parsed.value) {
      return { diagnostics: parsed.diagnostics.map((d) => ({ ...d, message: `policy \`${name}\`: ${d.message}` })), texts };
    }
    const tree = parsed.value;
    const result = parsePolicy(tree.root, { file, name, kind: kindOfTree(tree).kind, document: tree.document });
    return { ...(result.value ? { policy: result.value } : {}), diagnostics: result.diagnostics, texts };
  }
  const loaded = loadPlanPolicy(read.value, file, address);
  if (!loaded.policy) return { diagnostics: loaded.diagnostics, texts };
  const doc = loaded.policy.file;
  texts.set(doc.file, doc.parsed.text);
  // diff reads the document as what it says (a Principal makes it resource-based), not as the
  // resource attaches it: both sides of a comparison are then read alike, whatever holds them.
  const result = parsePolicy(doc.parsed.root, {
    file: doc.file,
    name,
    // The kind from the document itself, not from the text holding it (the whole plan).
    kind: kindOfTree(doc.parsed).kind,
    document: doc.parsed.document,
  });
  return {
    ...(result.value ? { policy: result.value } : {}),
    diagnostics: [...loaded.diagnostics, ...result.diagnostics],
    texts,
  };
}

function readWorkingTree(
  cwd: string,
  path: string,
  address: string | undefined,
): { value?: string | undefined; diagnostics: Diagnostic[] } {
  return readSource(resolve(cwd, path), path, address === undefined ? {} : { maxBytes: MAX_PLAN_BYTES });
}

/** `git show REV:./NAME` in the file's folder: the file's content at the revision. */
function readRevision(cwd: string, path: string, revision: string): { value?: string | undefined; diagnostics: Diagnostic[] } {
  const absolute = resolve(cwd, path);
  if (revision.startsWith('-'))
    return {
      diagnostics: [
        { ...diagnostic('READ_ERROR', `\`${revision}\` is not a git revision`, undefined, 'name a branch, tag or commit'), file: path },
      ],
    };
  try {
    const value = execFileSync('git', ['show', `${revision}:./${basename(absolute)}`], {
      cwd: dirname(absolute),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: MAX_PLAN_BYTES,
    });
    return { value, diagnostics: [] };
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message)
      .trim()
      .split('\n')[0];
    return {
      diagnostics: [
        {
          ...diagnostic(
            'READ_ERROR',
            `cannot read \`${path}\` at revision \`${revision}\`: ${stderr.replace(/^fatal: /, '')}`,
            undefined,
            'check the revision and that the file is committed there (`git show REV:PATH`)',
          ),
          file: path,
        },
      ],
    };
  }
}
