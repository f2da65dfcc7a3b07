/**
 * The policies `iamspec diff` compares: a policy file (JSON or YAML), a Terraform plan reference
 * (`plan.json#aws_iam_policy.app`: the policy attribute of that resource, read by
 * runner/load/sources/), either of them as it was at a git revision (`git show REV:PATH`).
 *
 * `iamspec check` may add a shared "policy file or plan reference" loader (runner/load/policy-ref.ts);
 * until then this one serves diff. File I/O stays in runner/load/ (readSource) and here (git).
 */
import { execFileSync } from 'node:child_process';
import { dirname, basename, resolve } from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { readSource } from '../load/read';
import { MAX_PLAN_BYTES } from '../load/sources/load-sources';
import { readTerraformPlan } from '../load/sources/terraform-plan';
import { findResource, policyOf, type Reference } from '../load/sources/terraform-policies';
import { parsePolicy, parsePolicyText } from '../policy/parse';
import type { Policy, PolicyKind } from '../policy/types';

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

/** Splits `plan.json#aws_iam_policy.app` into its file and address. */
export function splitSpec(spec: string): { path: string; address?: string } {
  const hash = spec.indexOf('#');
  return hash < 0 ? { path: spec } : { path: spec.slice(0, hash), address: spec.slice(hash + 1) };
}

/** Reads and parses one policy. */
export function loadPolicyInput(input: PolicyInput, name: string): LoadedPolicy {
  const { path, address } = splitSpec(input.spec);
  const file = input.revision === undefined ? path : `${input.revision}:${path}`;
  const texts = new Map<string, string>();
  const read = input.revision === undefined ? readWorkingTree(input.cwd, path, address) : readRevision(input.cwd, path, input.revision);
  if (read.value === undefined) return { diagnostics: read.diagnostics, texts };
  texts.set(file, read.value);
  if (address === undefined) {
    const result = parsePolicyText(read.value, { file, name, kind: kindOf(read.value) });
    return { ...(result.value ? { policy: result.value } : {}), diagnostics: result.diagnostics, texts };
  }
  const at: Span = { file, start: 0, end: 0 };
  const plan = readTerraformPlan(read.value, file, at);
  if (!plan.value) return { diagnostics: plan.diagnostics, texts };
  const ref: Reference = { plan: plan.value, at, diagnostics: [] };
  const resource = findResource(ref, address);
  const doc = resource && policyOf(ref, resource, {});
  if (!doc) return { diagnostics: [...plan.diagnostics, ...ref.diagnostics], texts };
  texts.set(doc.file, doc.parsed.text);
  const result = parsePolicy(doc.parsed.root, { file: doc.file, name, kind: kindOf(doc.parsed.text), document: doc.parsed.document });
  return {
    ...(result.value ? { policy: result.value } : {}),
    diagnostics: [...plan.diagnostics, ...ref.diagnostics, ...result.diagnostics],
    texts,
  };
}

/**
 * A document whose statements name a Principal or NotPrincipal is a resource-based policy; any
 * other an identity-based policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
 * "You cannot use the Principal element in an identity-based policy").
 */
function kindOf(text: string): PolicyKind {
  let tree: unknown;
  try {
    tree = parseYamlValue(text, { maxAliasCount: 0 });
  } catch {
    return 'identity';
  }
  const statements = (tree as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(statements) ? (statements as unknown[]) : [statements];
  return list.some((s) => typeof s === 'object' && s !== null && ('Principal' in s || 'NotPrincipal' in s)) ? 'resource' : 'identity';
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
