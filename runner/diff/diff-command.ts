/**
 * `iamspec diff OLD NEW [--base REV] [--removed] [--json]`: does NEW allow any request OLD does not?
 *
 * Exit codes: 0 when NEW provably grants nothing new; 1 when it does (a counterexample request and
 * a scenario that shows it are printed) and also when the search cannot decide ("unknown", with the
 * reason), never 0; 2 when an input cannot be used (`FILE:LINE:COL: message`). `--removed` asks
 * the reverse question: what OLD allows and NEW no longer does.
 */
import type { Catalog } from '../../catalog/types';
import { diagnosticsText, hasErrors, type Diagnostic } from '../diagnostics';
import { expectationYaml } from './expectation';
import { loadPolicyInput, type LoadedPolicy } from './policy-input';
import { diffPolicies, type DiffBudget, type DiffVerdict } from './search';

/** Options of {@link diffCommand}. */
export interface DiffCommandOptions {
  /** OLD: a policy file or plan reference; with `base`, the file whose older content is OLD. */
  old: string;
  /** NEW; default with `base`: `old` as it is in the working tree. */
  new?: string;
  /** Read OLD at this git revision. */
  base?: string;
  /** The reverse question. Default: `false`. */
  removed: boolean;
  /** JSON on stdout instead of text. Default: `false`. */
  json: boolean;
  catalog: Catalog;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  budget?: DiffBudget;
}

/** Runs the command; returns the exit code. */
export function diffCommand(o: DiffCommandOptions): number {
  const newSpec = o.new ?? (o.base !== undefined ? o.old : undefined);
  if (newSpec === undefined) {
    o.stderr(
      'iamspec diff: error: give OLD and NEW, or one file and `--base REV` [USAGE]\n  help: `iamspec diff old.json new.json` or `iamspec diff --base main policy.json`\n',
    );
    return 2;
  }
  const oldLoaded = loadPolicyInput({ spec: o.old, cwd: o.cwd, ...(o.base !== undefined ? { revision: o.base } : {}) }, 'OLD');
  const newLoaded = loadPolicyInput({ spec: newSpec, cwd: o.cwd }, 'NEW');
  if (printProblems(o, [oldLoaded, newLoaded])) return 2;
  const oldPolicy = oldLoaded.policy!;
  const newPolicy = newLoaded.policy!;
  const verdict = o.removed
    ? diffPolicies(newPolicy, oldPolicy, o.catalog, o.budget)
    : diffPolicies(oldPolicy, newPolicy, o.catalog, o.budget);
  const direction = o.removed ? 'removed' : 'added';
  const expectation =
    verdict.kind === 'new'
      ? expectationYaml({ request: verdict.counterexample.request, newSpec, kind: newPolicy.kind, direction })
      : undefined;
  o.stdout(o.json ? jsonReport(verdict, direction, expectation) : textReport(verdict, direction, expectation));
  return verdict.kind === 'none' ? 0 : 1;
}

/** Prints every diagnostic of the inputs; true when one is an error. */
function printProblems(o: DiffCommandOptions, loaded: readonly LoadedPolicy[]): boolean {
  const texts = new Map<string, string>();
  const all: Diagnostic[] = [];
  for (const l of loaded) {
    for (const [f, t] of l.texts) texts.set(f, t);
    all.push(...l.diagnostics);
  }
  o.stderr(diagnosticsText(all, texts));
  return hasErrors(all) || loaded.some((l) => !l.policy);
}

const words = {
  added: { none: 'no new access: NEW allows nothing OLD does not', found: 'new access: NEW allows a request OLD does not' },
  removed: { none: 'no removed access: NEW allows everything OLD does', found: 'removed access: OLD allows a request NEW does not' },
} as const;

function textReport(v: DiffVerdict, direction: 'added' | 'removed', expectation: string | undefined): string {
  const searched = `(${v.regions} request regions searched)`;
  if (v.kind === 'none') return `${words[direction].none} ${searched}\n`;
  if (v.kind === 'unknown') return `unknown: ${v.reason} ${searched}\n  help: see docs/diff.md for what the search decides\n`;
  const { request, alike } = v.counterexample;
  const lines = [`${words[direction].found}`];
  const more = alike.length > 1 ? ` (and ${alike.length - 1} more actions alike, such as ${alike.slice(1, 4).join(', ')})` : '';
  lines.push(`  action:    ${request.action}${more}`);
  lines.push(`  resource:  ${request.resource?.arn ?? '* (no resource)'}`);
  const p = request.principal;
  lines.push(`  principal: ${p.arn ?? p.service ?? p.federated ?? ''}`);
  for (const [k, val] of Object.entries(request.context))
    lines.push(`  context:   ${k} = ${Array.isArray(val) ? `[${val.join(', ')}]` : String(val)}`);
  lines.push('', 'a scenario that shows it (it passes under NEW and fails under OLD):', '');
  lines.push(expectation!.trimEnd());
  return lines.join('\n') + '\n';
}

function jsonReport(v: DiffVerdict, direction: 'added' | 'removed', expectation: string | undefined): string {
  const out: Record<string, unknown> = { direction, verdict: v.kind === 'new' ? 'found' : v.kind, regions: v.regions, steps: v.steps };
  if (v.kind === 'unknown') out.reason = v.reason;
  if (v.kind === 'new') {
    const { request, alike } = v.counterexample;
    out.counterexample = {
      action: request.action,
      alike,
      resource: request.resource?.arn ?? '*',
      principal: request.principal,
      context: request.context,
    };
    out.expectation = expectation;
  }
  return JSON.stringify(out, null, 2) + '\n';
}
