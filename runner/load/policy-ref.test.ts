import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { collect } from '../check/collect';
import { main } from '../cli';
import { loadPolicyInput } from '../diff/policy-input';
import { loadPolicyFile } from './policy-file';
import { parseJson } from './json';
import { kindOfDocument, kindOfTree, splitReference, type DocumentKind } from './policy-ref';
import { parseYaml } from './yaml';

interface ReadCase extends FixtureFocus {
  file: string;
  text: string;
  /** The codes the policy-file loader reports. */
  want: string[];
}

const catalog = loadCatalog();

/** Runs `iamspec` in-process in `cwd`; the exit code and stderr. */
async function run(args: readonly string[], cwd: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, { stdout: () => undefined, stderr: (t) => void (stderr += t), cwd, colorDefault: false });
  return { code, stderr };
}

interface KindCase extends FixtureFocus {
  document: unknown;
  want: DocumentKind;
}

describe('policy references', () => {
  describe('kindOfDocument', () => {
    const cases = readFixtureCases<KindCase>(join(__dirname, 'testdata', 'document-kinds.yaml'));
    defineFixtureTests(cases, (c) => {
      expect(kindOfDocument(c.document)).to.deep.equal(c.want);
      // check and diff read the kind from the parsed tree of a policy file: JSON and YAML alike.
      const json = parseJson(JSON.stringify(c.document), 'p.json');
      expect(json.diagnostics).to.deep.equal([]);
      expect(kindOfTree(json.value!)).to.deep.equal(c.want);
    });
    it('reads a YAML trust policy whose principal is an alias from its tree', () => {
      const text = [
        'Version: "2012-10-17"',
        'Statement:',
        '  - Effect: Allow',
        '    Principal: &ec2 { Service: ec2.amazonaws.com }',
        '    Action: sts:AssumeRole',
        '  - Effect: Allow',
        '    Principal: *ec2',
        '    Action: sts:TagSession',
        '',
      ].join('\n');
      const parsed = parseYaml(text, 'trust.yaml');
      expect(parsed.diagnostics).to.deep.equal([]);
      expect(kindOfTree(parsed.value!)).to.deep.equal({ kind: 'resource', resourceType: 'trust' });
    });
  });

  describe('a policy file is read by check and diff as by the policy-file loader (testdata/policy-file-reads.yaml)', () => {
    defineFixtureTests(readFixtureCases<ReadCase>(join(__dirname, 'testdata', 'policy-file-reads.yaml')), async (c) => {
      const dir = mkdtempSync(join(tmpdir(), 'iamspec-refs-'));
      try {
        writeFileSync(join(dir, c.file), c.text);
        const at = { file: 's.yaml', start: 0, end: 0 };
        const loaded = loadPolicyFile(c.file, at, { absolute: join(dir, 's.yaml'), cwd: dir }, new Map());
        expect(loaded.diagnostics.map((d) => d.code)).to.deep.equal(c.want);

        const checked = collect({ paths: [c.file], cwd: dir, catalog, checkPolicy: () => [] });
        expect(checked.unusable).to.deep.equal(loaded.diagnostics);
        expect(checked.policies).to.have.length(c.want.length > 0 ? 0 : 1);
        if (c.want.length > 0) expect(checked.sources.get(c.file)).to.equal(c.text);

        const diffed = loadPolicyInput({ spec: c.file, cwd: dir }, 'OLD');
        const named = loaded.diagnostics.map((d) => ({ ...d, message: `policy \`OLD\`: ${d.message}` }));
        expect(diffed.diagnostics).to.deep.equal(named);
        expect(diffed.policy !== undefined).to.equal(c.want.length === 0);

        const check = await run(['check', c.file], dir);
        if (c.want.length > 0) expect(check.code, check.stderr).to.equal(2);
        else expect(check.code, check.stderr).to.not.equal(2);
        const diff = await run(['diff', c.file, c.file], dir);
        expect(diff.code, diff.stderr).to.equal(c.want.length > 0 ? 2 : 0);
        for (const d of loaded.diagnostics) expect(check.stderr).to.include(`${d.message} [${d.code}]`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('splitReference', () => {
    const cases = [
      { name: 'a path alone', input: 'policy.json', want: { path: 'policy.json' } },
      { name: 'a plan and an address', input: 'plan.json#aws_iam_policy.app', want: { path: 'plan.json', address: 'aws_iam_policy.app' } },
      { name: 'the first # splits', input: 'plan.json#module.a#b', want: { path: 'plan.json', address: 'module.a#b' } },
      { name: 'an empty address', input: 'plan.json#', want: { path: 'plan.json', address: '' } },
    ];
    for (const c of cases) it(c.name, () => expect(splitReference(c.input)).to.deep.equal(c.want));
  });
});
