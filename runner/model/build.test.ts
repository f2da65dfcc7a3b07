import { expect } from 'chai';
import { join, relative } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { evaluate } from '../engine';
import { loadScenario } from '../load/load-scenario';
import { planScenario } from '../plan';
import { satisfies } from '../run';
import { buildScenario } from './build';

const catalog = loadCatalog();
const repoRoot = join(__dirname, '..', '..');

describe('building the session link and KMS key manager keys', () => {
  const path = relative(repoRoot, join(__dirname, 'testdata', 'engine-inputs.yaml'));
  const loaded = loadScenario(path, path, { cwd: repoRoot });
  const built = buildScenario(loaded.value!);

  it('loads and builds the fixture without a problem', () => {
    expect(loaded.diagnostics).to.deep.equal([]);
    expect(built.diagnostics).to.deep.equal([]);
  });

  it('passes roleArn, federatedFrom and keyManager to the engine request', () => {
    const p = (name: string) => built.value.principals.get(name)!.request;
    expect(p('session-with-role-path').roleArn).to.equal('arn:aws:iam::111122223333:role/team/app');
    expect(p('session-without-role-path')).to.not.have.property('roleArn');
    expect(p('mary-federated').federatedFrom).to.equal('arn:aws:iam::111122223333:user/Mary');
    expect(p('someone-federated')).to.not.have.property('federatedFrom');
    expect(built.value.resources.get('aws-managed-key')!.request.attributes).to.deep.equal({ keyManager: 'AWS' });
    expect(built.value.resources.get('customer-managed-key')!.request.attributes).to.deep.equal({ keyManager: 'CUSTOMER' });
  });

  it('gets the decision each expectation names from the engine (each key changes one decision)', () => {
    const planned = planScenario(built.value, catalog);
    expect(planned.diagnostics).to.deep.equal([]);
    const cases = planned.value!;
    expect(cases).to.have.length(6);
    for (const c of cases) {
      const { decision } = evaluate(c.request, c.policies);
      expect(satisfies(c.expected, decision), `${c.name}: expected ${c.expected}, got ${decision}`).to.equal(true);
    }
  });
});
