/**
 * `iamspec check` over every AWS managed policy of the pinned copy (catalog/managed-policies.ts):
 * AWS's own policies are valid, so an ERROR finding on one is a false error of ours. The time this
 * takes is measured by hand and in the README, never asserted here.
 */
import { expect } from 'chai';
import { loadCatalog } from '../../catalog/catalog';
import { defaultManagedPolicies, documentText } from '../../catalog/managed-policies';
import { checkPolicyWithCatalog } from '../policy/check-catalog';
import { parsePolicyText } from '../policy/parse';
import { diagnosticFinding } from './collect';
import { allFindingCodes, type Finding } from './findings';
import { checkPublicAccess } from './public-access';
import { checkStatements } from './statement-checks';

/** ERROR findings on managed policies that are true findings, each with its reason. None today. */
const justifiedErrors: { policy: string; code: string; reason: string }[] = [];

describe('iamspec check on the AWS managed policies', () => {
  it('finds no ERROR on any of them (apart from the justified ones) and only documented codes', function () {
    this.timeout(120_000);
    const catalog = loadCatalog();
    const all = defaultManagedPolicies().all();
    expect(all.length).to.be.greaterThan(1500);
    const known = new Set(allFindingCodes().map((c) => c.code));
    const errors: string[] = [];
    const unknownCodes = new Set<string>();
    let checked = 0;
    for (const p of all) {
      const parsed = parsePolicyText(documentText(p), { file: p.arn, name: p.name, kind: 'identity' });
      const diagnostics = [...parsed.diagnostics, ...(parsed.value ? checkPolicyWithCatalog(parsed.value, catalog) : [])];
      const findings: Finding[] = diagnostics.map((d) => diagnosticFinding(d) ?? { code: d.code, severity: 'ERROR', message: d.message });
      if (parsed.value) {
        checked++;
        findings.push(...checkStatements(parsed.value), ...checkPublicAccess(parsed.value, catalog));
      }
      for (const f of findings) {
        if (!known.has(f.code)) unknownCodes.add(f.code);
        if (f.severity === 'ERROR' && !justifiedErrors.some((j) => j.policy === p.name && j.code === f.code))
          errors.push(`${p.name}: ${f.code} ${f.message}`);
      }
    }
    expect(checked, 'every policy parses').to.equal(all.length);
    expect(errors, 'ERROR findings on AWS managed policies').to.deep.equal([]);
    expect([...unknownCodes], 'codes without a docs page').to.deep.equal([]);
  });
});
