import { expect } from 'chai';
import type { CaseInfo, CaseResult, Explanation, RunEvent } from './events';
import { explainLines, failureLines, layerLabel } from './explain-text';
import { loadRun } from './testdata/runs';

/** The `case` events of a run, by case name prefix. */
function findCase(events: RunEvent[], prefix: string): { info: CaseInfo; result: CaseResult } {
  for (const e of events) if (e.kind === 'case' && e.case.name.startsWith(prefix)) return { info: e.case, result: e.result };
  throw new Error(`no case ${prefix}`);
}

describe('explainLines', () => {
  const run = loadRun('mixed');

  it('renders decision, deciding statements, layers, policies, conditions and context', () => {
    const { result } = findCase(run.events, 'bob is denied');
    expect(explainLines(result.explanation!, run.locate)).to.deep.equal([
      'allow, decided by identity-based policies: the identity-based policies allow `secretsmanager:GetSecretValue`',
      'deciding statements:',
      '  Allow: policy `app-read` (identity-based policies), statement 1 `AllowRead` at policies/app-read.json:4:5',
      'layers:',
      '  identity-based policies: allow: an Allow for `secretsmanager:GetSecretValue`',
      '  permissions boundary: not applicable: no permissions boundary applies',
      '  resource-based policy: not applicable: no resource-based policy applies',
      'policies:',
      '  `app-read` (identity-based policies) at policies/app-read.json:1:1',
      '    statement 1 `AllowRead`: Allow, matched, at policies/app-read.json:4:5',
      '      Action: matched `secretsmanager:GetSecretValue`',
      '      Resource: matched `*`',
      '    statement 2: Deny, not matched, at policies/app-read.json:10:5',
      '      Action: matched `secretsmanager:*`',
      '      Resource: matched `*`',
      '      StringEquals `aws:PrincipalTag/team`: not matched: policy [`red`], request [`blue`]',
      'request context:',
      '  `aws:PrincipalAccount`: `111122223333`',
      '  `aws:PrincipalArn`: `arn:aws:iam::111122223333:user/bob`',
      '  `aws:PrincipalTag/team`: `blue`',
    ]);
  });

  it('prints files alone without a locator, absent request values, lists, levels and missing keys', () => {
    const { result } = findCase(run.events, 'no tls');
    expect(explainLines(result.explanation!)).to.deep.equal([
      'implicitDeny, decided by identity-based policies: no identity-based policy allows `secretsmanager:PutSecretValue`',
      'layers:',
      '  service control policies level 1: allow: an Allow for `secretsmanager:PutSecretValue`',
      '  identity-based policies: implicitDeny: no identity-based policy allows `secretsmanager:PutSecretValue`',
      'policies:',
      '  `tls-only` (identity-based policies) at cases/payments.yaml',
      '    statement 1: Allow, not matched, at cases/payments.yaml',
      '      NotAction: matched',
      '      Bool `aws:SecureTransport`: not matched: policy [`true`], request absent',
      '  `empty` (identity-based policies) at cases/payments.yaml',
      '    no statement mentions the action',
      'missing context keys: `aws:CurrentTime`, `aws:SecureTransport`',
      'request context:',
      '  `aws:MultiValued`: [`a`, `b`]',
    ]);
  });

  it('shows the dependent requests a service made, with their own explanations indented', () => {
    const request = {
      principalKind: 'user',
      principalAccount: '444455556666',
      resourceAccount: '111122223333',
      sameAccount: false,
      hasResourcePolicy: true,
    };
    const bare = { grantedBy: [], deciding: [], policies: [], context: {}, missingContextKeys: [] };
    const decrypt: Explanation = {
      ...bare,
      decision: 'implicitDeny',
      rule: 'resourcePolicyRequired',
      decidedBy: 'resource',
      requiredResourcePolicy: 'key policy',
      request: { ...request, action: 'kms:Decrypt' },
      layers: [{ layer: 'resource', result: 'implicitDeny' }],
    };
    const outer: Explanation = {
      ...bare,
      decision: 'implicitDeny',
      rule: 'dependentRequest',
      decidedBy: 'service',
      request: { ...request, action: 'secretsmanager:GetSecretValue' },
      layers: [{ layer: 'service', result: 'implicitDeny' }],
      dependents: [
        {
          service: 'secretsmanager',
          id: 'decryptSecretValue',
          action: 'kms:Decrypt',
          resource: 'arn:aws:kms:us-east-1:111122223333:key/k',
          explanation: decrypt,
        },
      ],
    };
    const because = 'the key policy does not allow `kms:Decrypt`, and a key policy must allow even within one account';
    const why = "secrets manager decrypts the secret value with its KMS key in the caller's name";
    expect(explainLines(outer)).to.deep.equal([
      `implicitDeny, decided by service rule: the request \`kms:Decrypt\` on \`arn:aws:kms:us-east-1:111122223333:key/k\` that \`secretsmanager:GetSecretValue\` needs is denied (${why}): ${because}`,
      'layers:',
      `  service rule: implicitDeny: the request \`kms:Decrypt\` on \`arn:aws:kms:us-east-1:111122223333:key/k\` that \`secretsmanager:GetSecretValue\` needs is denied (${why}): ${because}`,
      'dependent requests:',
      `  \`kms:Decrypt\` on \`arn:aws:kms:us-east-1:111122223333:key/k\`: implicitDeny (${why})`,
      `    implicitDeny, decided by resource-based policy: ${because}`,
      '    layers:',
      `      resource-based policy: implicitDeny: ${because}`,
    ]);
  });

  it('names layers with their level', () => {
    expect(layerLabel('scp', 0)).to.equal('service control policies level 0');
    expect(layerLabel('rcp')).to.equal('resource control policies');
  });
});

describe('failureLines', () => {
  it('starts with expected vs got and the expectation location', () => {
    const { info, result } = findCase(loadRun('mixed').events, 'no tls');
    const lines = failureLines(info, result);
    expect(lines.slice(0, 3)).to.deep.equal([
      'expected allow, got implicitDeny',
      'at cases/payments.yaml:44:5',
      'implicitDeny, decided by identity-based policies: no identity-based policy allows `secretsmanager:PutSecretValue`',
    ]);
  });

  it('says so when a failure has no decision', () => {
    const { info } = findCase(loadRun('mixed').events, 'no tls');
    expect(failureLines(info, { outcome: 'fail', durationMs: 0 })).to.deep.equal([
      'expected allow, got no decision',
      'at cases/payments.yaml:44:5',
    ]);
  });
});
