/**
 * Issue 7: keys such as `__proto__`, `constructor` and `prototype` in every map position are
 * data, never a way into a prototype. Each fixture (testdata/prototype.yaml) runs in process
 * through the loader, model, plan and engine, and through the built CLI.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { hasErrors } from '../../runner/diagnostics';
import { expectWellFormed, prototypeSnapshot, runPipeline, sharedCatalog } from './pipeline';
import { ensureBuilt, expectNoStack, makeTemp, removeTemp, runCli, writeFiles } from './support';

interface ProtoCase {
  name: string;
  scenario: string;
  /** Written to `policies/p.json`. Default: a small valid policy. */
  policy?: string;
  want: { exit: number; codes?: string[] };
  only?: boolean;
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'prototype.yaml'), 'utf8')) as ProtoCase[];
const defaultPolicy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}';

describe('keys named __proto__, constructor and prototype (issue 7)', function () {
  this.timeout(60_000);
  let root: string;
  before(function () {
    this.timeout(240_000);
    ensureBuilt();
    sharedCatalog();
    root = makeTemp('proto');
  });
  after(() => removeTemp(root));

  const focused = cases.some((c) => c.only);
  cases.forEach((c, i) => {
    const run = focused && !c.only ? it.skip : it;
    const setUp = (): string => {
      const dir = join(root, String(i));
      writeFiles(dir, { 'scenario.yaml': c.scenario, 'policies/p.json': c.policy ?? defaultPolicy });
      return dir;
    };

    run(`${c.name}: in process, no prototype changes`, () => {
      const before = prototypeSnapshot();
      const result = runPipeline('scenario.yaml', setUp(), { explainAll: true });
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(([] as unknown as Record<string, unknown>).polluted).to.equal(undefined);
      expect(prototypeSnapshot()).to.deep.equal(before);
      expectWellFormed(result);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(hasErrors(result.diagnostics), errors.map((d) => d.message).join('\n')).to.equal(c.want.exit === 2);
      const codes = [...new Set(errors.map((d) => d.code))];
      for (const code of c.want.codes ?? []) expect(codes, errors.map((d) => `${d.code}: ${d.message}`).join('\n')).to.include(code);
      if (c.want.exit !== 2) {
        const end = result.events?.find((e) => e.kind === 'runEnd');
        expect(end?.kind === 'runEnd' ? end.stats.failed > 0 : undefined, 'some case failed').to.equal(c.want.exit === 1);
      }
    });

    run(`${c.name}: through the CLI, exit ${c.want.exit}`, () => {
      const result = runCli(['test', 'scenario.yaml'], setUp());
      expectNoStack(result);
      expect(result.status, result.stderr + result.stdout).to.equal(c.want.exit);
      for (const code of c.want.codes ?? [])
        expect(result.stderr).to.match(
          new RegExp(`^scenario\\.yaml:\\d+:\\d+: error: .*\\[${code}\\]$|^policies/p\\.json:\\d+:\\d+: error: .*\\[${code}\\]$`, 'm'),
        );
      expect(result.hung, 'the run hung').to.equal(false);
    });
  });

  it('a context key named `__proto__` appears in the explanation', () => {
    // Was a bug: runner/engine/request.ts built the explanation's context in `{}` with
    // Object.assign, so a context key `__proto__` set that object's prototype instead of becoming a
    // key, and was listed under missingContextKeys though the decision used it.
    const dir = setUpFirst(root);
    const result = runPipeline('scenario.yaml', dir, { explainAll: true });
    const first = result.events?.find((e) => e.kind === 'case');
    const context = first?.kind === 'case' ? first.result.explanation?.context : undefined;
    expect(context, 'an explanation with a context').to.be.an('object');
    expect(Object.keys(context!)).to.include('__proto__');
  });
});

/** The first fixture (a passing scenario whose context has `__proto__: x`), written to a fresh folder. */
function setUpFirst(root: string): string {
  const dir = join(root, 'first');
  writeFiles(dir, { 'scenario.yaml': cases[0].scenario, 'policies/p.json': cases[0].policy ?? defaultPolicy });
  return dir;
}
