import { expect } from 'chai';
import { evaluate } from './evaluate';
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
} from './testdata/explain-situations';
import { toPolicy } from './testdata/fixtures';
import type { AuthorizationRequest } from './types';

// The explanation as data; its words are asserted in reports/explain-words.test.ts, on the same
// situations (testdata/explain-situations.ts).
describe('explain', () => {
  it('records every element and condition of the statements that mention the action', () => {
    const x = explain(request, { identity: [identity] });
    expect(x.decision).to.equal('implicitDeny');
    expect(x.policies).to.have.length(1);
    const [st] = x.policies[0].statements;
    expect(x.policies[0].statements, 'the s3 statement cannot match and is left out').to.have.length(1);
    expect(st).to.include({ index: 1, sid: 'Home', effect: 'Allow', matched: false });
    expect(st.elements.map((e) => [e.element, e.matched, e.entry])).to.deep.equal([
      ['Action', true, 'secretsmanager:Get*'],
      ['Resource', true, 'arn:aws:secretsmanager:us-east-1:111122223333:secret:home/alice-*'],
    ]);
    expect(st.conditions.map((c) => [c.operator, c.key, c.values, c.contextValues, c.matched])).to.deep.equal([
      ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], ['203.0.113.9'], true],
      ['Bool', 'aws:SecureTransport', ['true'], undefined, false],
    ]);
    expect(st.variables).to.deep.equal({ 'aws:username': 'alice' });
    expect(x.missingContextKeys).to.deep.equal(['aws:SecureTransport']);
    expect(x.decidedBy).to.equal('identity');
    expect(x.rule).to.equal('identityAllow');
  });

  it('names the rule and the layers that granted', () => {
    const g = grants();
    expect([g.sameAccountUser.rule, g.sameAccountUser.grantedBy]).to.deep.equal(['sameAccountResourceGrant', ['resource']]);
    expect([g.identityOnly.rule, g.identityOnly.grantedBy]).to.deep.equal(['allow', ['identity']]);
    expect(g.roleResourceOnly).to.deep.include({ rule: 'allow', grantedBy: ['resource'] });
    expect(g.roleBoth).to.deep.include({ rule: 'allow', grantedBy: ['identity', 'resource'] });
  });

  it('names a missing key policy that had to allow on the deciding layer line', () => {
    const x = missingKeyPolicy();
    expect(x.decision).to.equal('implicitDeny');
    expect(x.decidedBy).to.equal('resource');
    expect(x).to.deep.include({ rule: 'resourcePolicyRequired', requiredResourcePolicy: 'key policy' });
    expect(x.request.hasResourcePolicy).to.equal(false);
    expect(x.layers.find((l) => l.layer === 'resource')).to.deep.equal({ layer: 'resource', result: 'implicitDeny' });
  });

  it('names the SCP level that has no Allow', () => {
    const x = scpLevelWithoutAllow();
    expect(x.decision).to.equal('implicitDeny');
    expect(x.decidedBy).to.equal('scp');
    expect(x).to.deep.include({ rule: 'scpEveryLevel', level: 2 });
    expect(x.layers.filter((l) => l.layer === 'scp').map((l) => [l.level, l.result])).to.deep.equal([
      [0, 'allow'],
      [1, 'allow'],
      [2, 'implicitDeny'],
    ]);
    expect(x.layers.find((l) => l.layer === 'rcp')).to.include({ result: 'notApplicable' });
  });

  it('lists the statements that decided, with their spans', () => {
    const { explanation: x, deny } = resourceDeny();
    expect(x.decision).to.equal('explicitDeny');
    expect(x).to.deep.include({ rule: 'explicitDeny', explicitDeny: { layer: 'resource', policy: 'deny-alice' } });
    expect(x.deciding.map((d) => [d.policy, d.layer, d.index])).to.deep.equal([['deny-alice', 'resource', 0]]);
    expect(x.deciding[0].span).to.deep.equal(deny.statements[0].span);
    const principal = x.policies.find((p) => p.name === 'deny-alice')!.statements[0].elements.find((e) => e.element === 'Principal');
    expect(principal).to.include({ matched: true, entry: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('reports the service rule as the deciding layer', () => {
    const x = serviceRuleDenial();
    expect(x.decision).to.equal('implicitDeny');
    expect(x.decidedBy).to.equal('service');
    expect(x).to.deep.include({ rule: 'serviceRule', serviceDenial: { service: 'secretsmanager', id: 'awsManagedKey' } });
    expect(x.layers.find((l) => l.layer === 'service')).to.include({ result: 'implicitDeny' });
  });

  it('names a VPC endpoint policy without an Allow as the deciding layer, and no endpoint as a layer that takes no part', () => {
    const { via, plain } = endpointWithoutAllow();
    expect(via).to.deep.include({ decision: 'implicitDeny', decidedBy: 'endpoint', rule: 'endpointAllow' });
    expect(plain.layers.find((l) => l.layer === 'endpoint')).to.deep.equal({ layer: 'endpoint', result: 'notApplicable' });
  });

  it('names the resource-based policy as the only one that can allow a federated caller', () => {
    expect(federatedWithoutTrust()).to.deep.include({ decision: 'implicitDeny', decidedBy: 'resource', rule: 'resourceOnlyCaller' });
  });

  it('records a variable without value and reports its key as missing', () => {
    const session: AuthorizationRequest = { ...request, principal: { arn: 'arn:aws:sts::111122223333:assumed-role/app/s1' } };
    const x = evaluate(session, { identity: [identity] }, { explain: true }).explanation!;
    const st = x.policies[0].statements[0];
    expect(st.variables).to.deep.equal({ 'aws:username': null });
    expect(st.elements.find((e) => e.element === 'Resource')).to.include({ matched: false });
    expect(x.missingContextKeys).to.deep.equal(['aws:SecureTransport', 'aws:username']);
  });

  it('keeps context keys and variable names `__proto__` and `constructor` as own keys', () => {
    // JSON.parse makes `__proto__` an own key, as the YAML loader does.
    const context = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>;
    const odd = toPolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: '*',
            Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:${__proto__}/${constructor}-${__proto__, 'd'}",
          },
        ],
      },
      'odd',
      'identity',
    );
    const x = evaluate({ ...request, context }, { identity: [odd] }, { explain: true }).explanation!;
    expect(Object.getPrototypeOf(x.context)).to.equal(Object.prototype);
    expect(Object.keys(x.context)).to.include.members(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(x.context, '__proto__')?.value).to.equal('x');
    const st = x.policies[0].statements[0];
    expect(Object.getPrototypeOf(st.variables)).to.equal(Object.prototype);
    expect(Object.entries(st.variables ?? {})).to.deep.equal([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(x.missingContextKeys).to.deep.equal([]);
  });

  it('is absent on the fast path', () => {
    expect(evaluate(request, { identity: [identity] })).to.deep.equal({ decision: 'implicitDeny' });
  });
});
