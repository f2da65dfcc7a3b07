/**
 * Who owns a resource. The engine reads the owner from the resource's `account`, else from its
 * ARN, else (an ARN without an account, as S3's `arn:aws:s3:::bucket/key`) takes the caller's own
 * account (runner/engine/request.ts): AWS always knows the owner, a scenario may not say it.
 * That guess decides same-account versus cross-account evaluation
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html),
 * so it is only allowed where it cannot be wrong in a way the file could show: when the file
 * names one account. In a file naming several, a resource without an account in its ARN that an
 * expectation uses must state `account` (issue #11, "no false pass": a bucket policy granting the
 * wrong account otherwise passes a cross-account read). `account` must agree with an ARN that has
 * an account.
 *
 *     accounts in the file: 111122223333, 444455556666
 *     bucket: { arn: "arn:aws:s3:::data" }                          → RESOURCE_OWNER_UNKNOWN where used
 *     bucket: { arn: "arn:aws:s3:::data", account: "111122223333" } → owned by 111122223333
 */
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import type { Expectation, Resource } from './types';
import { accountOfArn } from './values';

/** ACCOUNT_CONFLICT when `account` differs from the account in the ARN of resource `name`. */
export function checkAccountAgainstArn(name: string, account: string, arn: string, span: Span): Diagnostic | undefined {
  const inArn = accountOfArn(arn);
  if (inArn === undefined || inArn === account) return undefined;
  return diagnostic(
    'ACCOUNT_CONFLICT',
    `resource \`${name}\`: \`account\` is \`${account}\`, but its ARN is in account \`${inArn}\``,
    span,
    'remove `account`: the ARN names the owner',
  );
}

/**
 * RESOURCE_OWNER_UNKNOWN, once per resource, for each resource whose owner would be guessed: an
 * ARN without an account, no `account`, used by a principal that has an account, in a file that
 * names several `accounts`.
 */
export function checkResourceOwners(expectations: readonly Expectation[], accounts: ReadonlySet<string>): Diagnostic[] {
  if (accounts.size < 2) return [];
  const named = [...accounts]
    .sort()
    .map((a) => `\`${a}\``)
    .join(', ');
  const out: Diagnostic[] = [];
  const reported = new Set<Resource>();
  for (const e of expectations) {
    if (!e.principals.some((p) => p.request.arn !== undefined && accountOfArn(p.request.arn) !== undefined)) continue;
    for (const r of e.resources) {
      if (r === undefined || reported.has(r) || r.request.account !== undefined || r.request.arn === '') continue;
      if (accountOfArn(r.request.arn) !== undefined || /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(r.request.arn)) continue;
      reported.add(r);
      // A literal ARN is its own name; a declared resource has its `arn` written apart.
      const literal = r.name === r.request.arn && r.arnSpan === undefined;
      out.push(
        literal
          ? diagnostic(
              'RESOURCE_OWNER_UNKNOWN',
              `\`${r.name}\` names no account, and the file names several (${named})`,
              r.span,
              'declare it under `resources` with its owner, `account: "ACCOUNT"`, and name it here',
            )
          : diagnostic(
              'RESOURCE_OWNER_UNKNOWN',
              `resource \`${r.name}\`: its ARN names no account, and the file names several (${named})`,
              r.arnSpan ?? r.span,
              'state the owner with `account: "ACCOUNT"`; without it the resource would be taken to be in each caller\'s own account',
            ),
      );
    }
  }
  return out;
}
