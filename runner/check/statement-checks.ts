/**
 * Checks of one parsed policy that need no evaluation: risky shapes Access Analyzer's policy
 * validation also warns about, and redundancy. Each rule cites its source.
 *
 * Access Analyzer's checks: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { compileWildcard, hasWildcard } from '../../catalog/wildcard';
import type { Policy, Spanned, Statement } from '../policy/types';
import { checkRules, type CheckRuleCode, type Finding } from './findings';

/** The findings of {@link checkStatements} for one policy. */
export function checkStatements(policy: Policy): Finding[] {
  const out: Finding[] = [];
  const add = (code: CheckRuleCode, s: Statement, message: string, at: Spanned | undefined, help: string): void => {
    const statement = s.sid ? { index: s.index, sid: s.sid.value } : { index: s.index };
    out.push({
      code,
      severity: checkRules[code].severity,
      message: `policy \`${policy.name}\`: statement ${s.index + 1}${s.sid ? ` \`${s.sid.value}\`` : ''}: ${message}`,
      span: at?.span ?? s.span,
      policy: policy.name,
      statement,
      help,
    });
  };
  for (const s of policy.statements) {
    if (s.effect === 'Allow') allowChecks(policy, s, add);
    redundantActions(s, add);
  }
  redundantStatements(policy, add);
  return out;
}

type Add = (code: CheckRuleCode, s: Statement, message: string, at: Spanned | undefined, help: string) => void;

/** True when some entry (a pattern, case-insensitive as actions are) matches `action`. */
function anyMatches(entries: readonly Spanned[] | undefined, action: string): Spanned | undefined {
  return entries?.find((e) => compileWildcard(e.value, { ignoreCase: true })(action));
}

function allowChecks(policy: Policy, s: Statement, add: Add): void {
  // Access Analyzer, "Security Warning – Pass role with star in resource": "Using a wildcard (*)
  // in the resource with iam:PassRole can be overly permissive because it allows iam:PassRole
  // permissions on multiple resources." Only a grant can pass a role: identity-based policies.
  if (policy.kind === 'identity') {
    const passRole = s.action
      ? anyMatches(s.action, 'iam:PassRole')
      : s.notAction && !anyMatches(s.notAction, 'iam:PassRole')
        ? s.notAction[0]
        : undefined;
    const star = s.resource?.find((r) => r.value === '*') ?? (s.notResource ? s.notResource[0] : undefined);
    if (passRole && star) {
      add(
        'PASS_ROLE_WITH_STAR',
        s,
        `allows \`iam:PassRole\` on every role (\`${s.resource ? 'Resource' : 'NotResource'}\` \`${star.value}\`)`,
        star,
        'name the roles that may be passed (`arn:aws:iam::ACCOUNT:role/NAME`), and condition on `iam:PassedToService`',
      );
    }
  }
  // "Security Warning – Allow with NotAction / NotResource" is our name for what IAM's NotAction
  // and NotResource pages warn: "Be careful using the NotAction element and "Effect": "Allow" in
  // the same statement ... [it] could grant more permissions than you intended"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html,
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html).
  if (policy.kind === 'identity' || policy.kind === 'resource') {
    if (s.notAction)
      add(
        'ALLOW_WITH_NOT_ACTION',
        s,
        'allows every action except those in `NotAction`, including actions AWS adds later',
        s.notAction[0],
        'list the actions to allow in `Action`, or turn the statement into a `Deny` with `NotAction`',
      );
    if (s.notResource)
      add(
        'ALLOW_WITH_NOT_RESOURCE',
        s,
        'allows its actions on every resource except those in `NotResource`, including resources created later',
        s.notResource[0],
        'list the resources to allow in `Resource`',
      );
  }
  // Access Analyzer, "Security Warning – ForAllValues with allow effect": a ForAllValues condition
  // is true when the request has no value for the key ("Using ForAllValues in a statement with an
  // Allow effect can be overly permissive"); IAM's page on multivalued keys recommends a Null check
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
  // "ForAllValues").
  for (const c of s.conditions) {
    if (c.qualifier !== 'ForAllValues') continue;
    const key = c.key.value.toLowerCase();
    const guarded = s.conditions.some(
      (n) => n.operator === 'Null' && n.key.value.toLowerCase() === key && n.values.every((v) => v.value === 'false'),
    );
    if (guarded) continue;
    add(
      'FOR_ALL_VALUES_WITH_ALLOW',
      s,
      `\`${c.raw.value}\` on \`${c.key.value}\` is true when the request carries no \`${c.key.value}\`, so the statement allows such requests`,
      c.raw,
      `add \`Null: { "${c.key.value}": "false" }\` to the same statement, or use \`ForAnyValue:\``,
    );
  }
}

/**
 * An Action entry that another entry of the same statement covers: `s3:GetObject` beside `s3:*`,
 * `s3:Get*` beside `s3:*` (the covering pattern matches the covered entry's text, so it matches
 * every action the covered entry matches). Equal entries: the later one is redundant.
 */
function redundantActions(s: Statement, add: Add): void {
  for (const [element, entries] of [
    ['Action', s.action],
    ['NotAction', s.notAction],
  ] as const) {
    if (!entries || entries.length < 2) continue;
    const texts = entries.map((e) => e.value.toLowerCase());
    // Each wildcard entry compiled once: AWS managed policies list hundreds of actions per statement.
    const patterns = texts.map((t, j) => ({ j, text: t, match: hasWildcard(t) ? compileWildcard(t) : undefined })).filter((p) => p.match);
    const firstAt = new Map<string, number>();
    texts.forEach((t, j) => void (firstAt.has(t) || firstAt.set(t, j)));
    entries.forEach((entry, i) => {
      const text = texts[i];
      const earlier = firstAt.get(text)!;
      const cover = earlier < i ? entries[earlier] : entries[patterns.find((p) => p.j !== i && p.text !== text && p.match!(text))?.j ?? -1];
      if (!cover) return;
      add(
        'REDUNDANT_ACTION',
        s,
        `\`${element}\` entry \`${entry.value}\` is already covered by \`${cover.value}\``,
        entry,
        `remove \`${entry.value}\``,
      );
    });
  }
}

/** The statement's meaning as text, without its Sid and spans, for finding duplicates. */
function statementKey(s: Statement): string {
  const list = (entries: readonly Spanned[] | undefined, lower: boolean): string[] | undefined =>
    entries ? [...new Set(entries.map((e) => (lower ? e.value.toLowerCase() : e.value)))].sort() : undefined;
  const principal = (p: Statement['principal']): unknown =>
    p === undefined
      ? undefined
      : p.kind === 'any'
        ? '*'
        : Object.fromEntries((['AWS', 'Service', 'Federated', 'CanonicalUser'] as const).map((k) => [k, list(p[k], false)]));
  const conditions = s.conditions.map((c) => JSON.stringify([c.raw.value, c.key.value.toLowerCase(), list(c.values, false)])).sort();
  return JSON.stringify([
    s.effect,
    principal(s.principal),
    principal(s.notPrincipal),
    list(s.action, true),
    list(s.notAction, true),
    list(s.resource, false),
    list(s.notResource, false),
    conditions,
  ]);
}

/** A statement equal to an earlier one apart from its Sid (and order within its lists). */
function redundantStatements(policy: Policy, add: Add): void {
  const seen = new Map<string, Statement>();
  for (const s of policy.statements) {
    const key = statementKey(s);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, s);
      continue;
    }
    add(
      'REDUNDANT_STATEMENT',
      s,
      `repeats statement ${first.index + 1}${first.sid ? ` \`${first.sid.value}\`` : ''}`,
      undefined,
      'remove one of the two statements',
    );
  }
}
