/**
 * Issue 13's load figure: a generated `terraform show -json` plan of at least 5 MB (roles with
 * trust and inline policies, customer managed policies attached by reference, as a real plan
 * writes them), and a scenario that takes a principal (the last role, so the address and its
 * attachments are found past everything else), its resource form and a policy from it. Each run
 * writes the plan under a new name (no cache) and times load + build of the scenario in-process,
 * wall and CPU time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../runner/load/load-scenario';
import { buildScenario } from '../runner/model/build';

/** The plan's size floor in bytes. */
export const PLAN_BYTES = 5 * 1024 * 1024;

/** One run's figures. */
export interface PlanRun {
  wallMs: number;
  cpuMs: number;
  errors: number;
}

/** A plan of at least `bytes`: its text and the number of roles. */
export function generatePlan(bytes: number): { text: string; roles: number } {
  // The size is estimated while generating; one more pass with a scaled target reaches the floor.
  const first = generateAbout(bytes);
  return first.text.length >= bytes ? first : generateAbout(Math.ceil((bytes * bytes * 1.02) / first.text.length));
}

function generateAbout(bytes: number): { text: string; roles: number } {
  const resources: object[] = [];
  const unknown: Record<string, object> = {};
  const config: object[] = [];
  let size = 0;
  let roles = 0;
  const policy = (i: number, n: number): string =>
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: Array.from({ length: n }, (_, k) => ({
          Sid: `S${k}`,
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'kms:Decrypt'],
          Resource: [`arn:aws:s3:::bucket-${i}-${k}`, `arn:aws:s3:::bucket-${i}-${k}/*`],
          Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 50}` } },
        })),
      },
      null,
      2,
    );
  const trust = JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    null,
    2,
  );
  while (size < bytes) {
    const i = roles++;
    const role = {
      address: `aws_iam_role.r${i}`,
      mode: 'managed',
      type: 'aws_iam_role',
      name: `r${i}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values: {
        name: `role-${i}`,
        path: '/',
        assume_role_policy: trust,
        inline_policy: [{ name: 'inline', policy: policy(i, 2) }],
        tags: { team: `team-${i % 50}` },
      },
      sensitive_values: {},
    };
    const managed = {
      address: `aws_iam_policy.p${i}`,
      mode: 'managed',
      type: 'aws_iam_policy',
      name: `p${i}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values: { name: `policy-${i}`, path: '/', policy: policy(i, 3) },
      sensitive_values: {},
    };
    const attachment = {
      address: `aws_iam_role_policy_attachment.a${i}`,
      mode: 'managed',
      type: 'aws_iam_role_policy_attachment',
      name: `a${i}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values: { role: `role-${i}` },
      sensitive_values: {},
    };
    resources.push(role, managed, attachment);
    unknown[role.address] = { arn: true, id: true };
    unknown[managed.address] = { arn: true, id: true };
    unknown[attachment.address] = { id: true, policy_arn: true };
    config.push({
      address: attachment.address,
      mode: 'managed',
      type: 'aws_iam_role_policy_attachment',
      name: `a${i}`,
      expressions: {
        role: { references: [`aws_iam_role.r${i}.name`, `aws_iam_role.r${i}`] },
        policy_arn: { references: [`aws_iam_policy.p${i}.arn`, `aws_iam_policy.p${i}`] },
      },
    });
    // planned_values, after and after_unknown each hold the values: count them twice.
    size += 2 * JSON.stringify([role, managed, attachment]).length + 600;
  }
  const changes = resources.map((r) => {
    const res = r as { address: string; values: object };
    return { address: res.address, change: { actions: ['create'], before: null, after: res.values, after_unknown: unknown[res.address] } };
  });
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources } },
    resource_changes: changes,
    configuration: { root_module: { resources: config } },
  };
  return { text: JSON.stringify(plan), roles };
}

/** Times `runs` loads of a scenario taking a role, its trust policy and a policy from a fresh copy of the plan. */
export function benchPlan(dir: string, runs: number): { bytes: number; roles: number; runs: PlanRun[] } {
  const { text, roles } = generatePlan(PLAN_BYTES);
  const last = roles - 1;
  const out: PlanRun[] = [];
  for (let n = 0; n < runs; n++) {
    const runDir = join(dir, `plan-${n}`);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'plan.json'), text);
    writeFileSync(
      join(runDir, 'scenario.yaml'),
      [
        'policies:',
        `  p: { terraform: plan.json, address: aws_iam_policy.p${Math.floor(last / 2)} }`,
        'principals:',
        `  app: { terraform: plan.json, address: aws_iam_role.r${last}, account: "111122223333" }`,
        `  other: { arn: "arn:aws:iam::111122223333:role/other", policies: [p] }`,
        'resources:',
        `  role: { terraform: plan.json, address: aws_iam_role.r${last}, account: "111122223333" }`,
        'expect: [{ principal: app, resource: role, implicitDeny: [s3:GetObject] }]',
        '',
      ].join('\n'),
    );
    const cpu = process.cpuUsage();
    const start = performance.now();
    const loaded = loadScenario(join(runDir, 'scenario.yaml'), 'scenario.yaml', { cwd: runDir });
    const built = loaded.value ? buildScenario(loaded.value) : undefined;
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const errors =
      [...loaded.diagnostics, ...(built?.diagnostics ?? [])].filter((d) => d.severity === 'error').length +
      (built?.value.principals.get('app')?.policies.length === 2 ? 0 : 1);
    out.push({ wallMs, cpuMs: (used.user + used.system) / 1000, errors });
  }
  return { bytes: text.length, roles, runs: out };
}
