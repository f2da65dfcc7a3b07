import { expect } from 'chai';
import {
  endpointWithoutAllow,
  explain,
  federatedWithoutTrust,
  grants,
  identity,
  missingKeyPolicy,
  request,
  resourceDeny,
  scpLevelWithoutAllow,
  serviceRuleDenial,
} from '../runner/engine/testdata/explain-situations';
import { layerReason, ruleSentence } from './explain-words';

// The words only: what the engine explains in each situation (rule, layers, statements) is
// asserted as data in runner/engine/explain.test.ts, on the same situations.
describe("explain-words: the engine's explanation in words", () => {
  it('words the rule that decided', () => {
    expect(ruleSentence(explain(request, { identity: [identity] }))).to.equal(
      'no identity-based policy allows `secretsmanager:GetSecretValue`',
    );
  });

  it('agrees the verb with the layers that granted', () => {
    const g = grants();
    expect(ruleSentence(g.sameAccountUser)).to.equal(
      'the resource-based policy in the same account names the caller: it allows `secretsmanager:GetSecretValue`',
    );
    expect(ruleSentence(g.identityOnly)).to.equal('the identity-based policies allow `secretsmanager:GetSecretValue`');
    expect(ruleSentence(g.roleResourceOnly)).to.equal('the resource-based policy allows `secretsmanager:GetSecretValue`');
    expect(ruleSentence(g.roleBoth)).to.equal(
      'the identity-based policies and the resource-based policy allow `secretsmanager:GetSecretValue`',
    );
  });

  it('words a VPC endpoint policy that does not allow, and an endpoint layer that takes no part', () => {
    const { via, plain } = endpointWithoutAllow();
    expect(ruleSentence(via)).to.equal(
      'the VPC endpoint policy has no Allow for `secretsmanager:GetSecretValue` by this caller, and a request through the endpoint needs one',
    );
    const endpointLayer = plain.layers.find((l) => l.layer === 'endpoint')!;
    expect(layerReason(plain, endpointLayer)).to.equal(
      'no VPC endpoint policy applies (no endpoint, or one with the default full-access policy)',
    );
  });

  it('names a federated caller that no trust policy statement allows', () => {
    expect(ruleSentence(federatedWithoutTrust())).to.equal(
      'no resource-based policy statement allows the federated caller `sts:AssumeRoleWithWebIdentity`',
    );
  });

  it('names a missing key policy that had to allow on the deciding layer line', () => {
    const x = missingKeyPolicy();
    expect(ruleSentence(x)).to.equal('the scenario gives no key policy, and a key policy must allow `kms:Decrypt` even within one account');
    expect(
      layerReason(
        x,
        x.layers.find((l) => l.layer === 'resource')!,
      ),
    ).to.equal(ruleSentence(x));
  });

  it('names the SCP level that has no Allow', () => {
    expect(ruleSentence(scpLevelWithoutAllow())).to.equal('SCP level 2 has no Allow for `secretsmanager:GetSecretValue`');
  });

  it('names the policy and layer of an explicit deny', () => {
    expect(ruleSentence(resourceDeny().explanation)).to.equal(
      'policy `deny-alice` (resource-based policy) explicitly denies `secretsmanager:GetSecretValue`',
    );
  });

  it('names the service whose rule decided', () => {
    expect(ruleSentence(serviceRuleDenial())).to.match(/aws\/secretsmanager/);
  });
});
