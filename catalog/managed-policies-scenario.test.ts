/**
 * Scenarios attaching AWS managed policies by ARN, run through `iamspec test` in process: the
 * pinned documents decide, and an unknown or misplaced ARN is a positioned input error.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { evaluate } from '../runner/engine/evaluate';
import { checkPolicyWithCatalog } from '../runner/policy/check-catalog';
import { testCommand } from '../runner/test-command';
import { loadCatalog } from './catalog';

const repo = join(__dirname, '..');
const catalog = loadCatalog();

async function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await testCommand({
    paths: [`catalog/testdata/managed-policies/${file}`],
    cwd: repo,
    strict: true,
    color: false,
    catalog,
    evaluate,
    checkPolicy: checkPolicyWithCatalog,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('scenarios with AWS managed policies', () => {
  it('ReadOnlyAccess and SecretsManagerReadWrite decide as their documents say, as policies, boundary and session policies, under --strict', async () => {
    const r = await run('decides.yaml');
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.match(/\n19 passed, 0 failed/);
    expect(r.code).to.equal(0);
  });

  it('an unknown ARN is an input error with a did-you-mean at the ARN, and an IAM managed policy cannot be an SCP', async () => {
    const r = await run('broken.yaml');
    expect(r.code).to.equal(2);
    const f = 'catalog/testdata/managed-policies/broken.yaml';
    const line5 = '  |     policies: [arn:aws:iam::aws:policy/ReadOnlyAcess, arn:aws:iam::aws:policy/AWSLambdaRole]';
    expect(r.stderr).to.equal(
      [
        `${f}:5:16: error: unknown AWS managed policy \`arn:aws:iam::aws:policy/ReadOnlyAcess\` [UNKNOWN_MANAGED_POLICY]`,
        '  help: did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`?',
        line5,
        `  |                ^`,
        `${f}:5:55: error: unknown AWS managed policy \`arn:aws:iam::aws:policy/AWSLambdaRole\` [UNKNOWN_MANAGED_POLICY]`,
        '  help: did you mean `arn:aws:iam::aws:policy/service-role/AWSLambdaRole`?',
        line5,
        `  |                                                       ^`,
        `${f}:7:11: error: AWS managed policy \`arn:aws:iam::aws:policy/ReadOnlyAccess\` cannot be attached as a service control policy (SCP) [MANAGED_POLICY_NOT_ATTACHABLE]`,
        '  help: AWS managed policies attach to users, groups and roles, as permissions boundaries and as session policies; declare the document under `policies` instead',
        '  |   scps: [[arn:aws:iam::aws:policy/ReadOnlyAccess]]',
        '  |           ^',
        '',
      ].join('\n'),
    );
  });
});
