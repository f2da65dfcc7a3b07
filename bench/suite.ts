/**
 * The end-to-end suite: scenario files whose expectations are principal × resource matrices with
 * `secretsmanager:*` expanded through the catalog, sized to an exact number of test cases.
 *
 * Each file has three groups of principals whose decisions are known by construction, so the
 * whole suite passes (exit 0) when the runner and engine are right:
 * - `app-N`: roles with `secretsmanager:*` on the file's secrets → `allow`;
 * - `user-N`: users without policies → `implicitDeny`;
 * - `ext-N`: roles with the same policy but tag `team: other`, which the resource-based policy
 *   denies → `explicitDeny`.
 * Every file also has a two-level SCP and a context the resource policy's other Deny statements
 * (aws:SecureTransport, aws:SourceIp) and the SCP's region lock let through.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/types';

/** How to shape the suite. */
export interface SuiteShape {
  /** Test cases in all. */
  cases: number;
  /** Scenario files. */
  files: number;
  /** Principals per group and file. Default: 20. */
  principalsPerGroup?: number;
  /** Secrets per file. Default: 10. */
  resourcesPerFile?: number;
}

/** What was written. */
export interface SuiteInfo {
  dir: string;
  files: number;
  /** Test cases the suite expands to, by construction (checked against the JUnit report). */
  cases: number;
  /** Actions `secretsmanager:*` expands to on one secret. */
  actionsPerSecret: number;
}

const account = '111122223333';
const groups = [
  { prefix: 'app', expect: 'allow' },
  { prefix: 'user', expect: 'implicitDeny' },
  { prefix: 'ext', expect: 'explicitDeny' },
] as const;

/** The head of file `k`: vars, policies, principals (three groups), secrets, organization, context. */
export function header(k: number, principals: number, resources: number): string {
  const lines = [
    `name: bench suite ${k}`,
    'vars:',
    `  account: "${account}"`,
    'policies:',
    '  full: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:us-east-1:${account}:secret:app/*" }] }',
    '  guard:',
    '    Version: "2012-10-17"',
    '    Statement:',
    '      - { Sid: TlsOnly, Effect: Deny, Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { Bool: { aws:SecureTransport: "false" } } }',
    '      - { Sid: Networks, Effect: Deny, Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { NotIpAddress: { aws:SourceIp: [10.0.0.0/8, 203.0.113.0/24] } } }',
    '      - { Sid: Team, Effect: Deny, Principal: { AWS: "*" }, Action: "secretsmanager:*", Resource: "*", Condition: { StringNotEquals: { aws:PrincipalTag/team: [payments, platform] } } }',
    '  full-aws-access: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }',
    '  allow-list: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["secretsmanager:*", "kms:*"], Resource: "*" }] }',
    '  region-lock: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*", Condition: { StringNotEquals: { aws:RequestedRegion: [us-east-1, eu-west-1] } } }] }',
    'principals:',
  ];
  for (let i = 0; i < principals; i++) {
    lines.push(`  app-${i}: { arn: "arn:aws:iam::\${account}:role/app-${i}", tags: { team: payments }, policies: [full] }`);
    lines.push(`  user-${i}: { arn: "arn:aws:iam::\${account}:user/user-${i}", tags: { team: payments } }`);
    lines.push(`  ext-${i}: { arn: "arn:aws:iam::\${account}:role/ext-${i}", tags: { team: other }, policies: [full] }`);
  }
  lines.push('resources:');
  for (let j = 0; j < resources; j++) {
    lines.push(
      `  db-${j}: { arn: "arn:aws:secretsmanager:us-east-1:\${account}:secret:app/db-${k}-${j}-AbCdEf", policy: guard, tags: { env: prod } }`,
    );
  }
  lines.push(
    'organization:',
    '  id: o-bench12345',
    `  accounts: ["${account}"]`,
    '  scps: [[full-aws-access], [allow-list, region-lock]]',
    'context:',
    '  aws:SecureTransport: true',
    '  aws:SourceIp: 10.0.0.5',
    '  aws:RequestedRegion: us-east-1',
    'expect:',
  );
  return lines.join('\n') + '\n';
}

const names = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `${prefix}-${i}`).join(', ');

/** Writes one file's expectations for `target` cases; returns the text and the count. */
function scenario(k: number, target: number, shape: Required<SuiteShape>, actions: string[]): { text: string; cases: number } {
  const R = shape.resourcesPerFile;
  const P = shape.principalsPerGroup;
  const A = actions.length;
  let cells = Math.floor(target / A);
  const leftover = target % A;
  const rows: string[] = [];
  let cases = 0;
  let g = 0;
  const push = (group: (typeof groups)[number], principals: string, resources: string, items: string, n: number): void => {
    rows.push(`  - { principal: [${principals}], resource: [${resources}], ${group.expect}: [${items}] }`);
    cases += n;
  };
  while (cells >= R) {
    const p = Math.min(P, Math.floor(cells / R));
    const group = groups[g++ % groups.length];
    push(group, names(group.prefix, p), names('db', R), '"secretsmanager:*"', p * R * A);
    cells -= p * R;
  }
  if (cells > 0) push(groups[0], 'app-0', names('db', cells), '"secretsmanager:*"', cells * A);
  if (leftover > 0)
    push(
      groups[0],
      'app-1',
      'db-0',
      actions
        .slice(0, leftover)
        .map((a) => `"${a}"`)
        .join(', '),
      leftover,
    );
  return { text: header(k, P, R) + rows.join('\n') + '\n', cases };
}

/** Writes the suite into `dir` (created if needed). */
export function writeSuite(dir: string, shape: SuiteShape, catalog: Catalog): SuiteInfo {
  const full: Required<SuiteShape> = { principalsPerGroup: 20, resourcesPerFile: 10, ...shape };
  const sample = `arn:aws:secretsmanager:us-east-1:${account}:secret:app/db-0-0-AbCdEf`;
  const actions = catalog
    .expandActions('secretsmanager:*')
    .filter((a) => catalog.actionAppliesTo(a, sample))
    .map((a) => a.id);
  mkdirSync(dir, { recursive: true });
  let cases = 0;
  for (let k = 0; k < full.files; k++) {
    // Spread the cases evenly; the first files take the remainder.
    const target = Math.floor(full.cases / full.files) + (k < full.cases % full.files ? 1 : 0);
    const s = scenario(k, target, full, actions);
    if (s.cases !== target) throw new Error(`bench suite file ${k}: built ${s.cases} cases, wanted ${target}`);
    writeFileSync(join(dir, `suite-${String(k).padStart(3, '0')}.yaml`), s.text);
    cases += s.cases;
  }
  return { dir, files: full.files, cases, actionsPerSecret: actions.length };
}
