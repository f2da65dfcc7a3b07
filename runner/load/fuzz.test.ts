/**
 * Fuzzing the whole input path (load → build → plan → run) with random and mutated scenario and
 * policy files: never an uncaught exception, always results (exit 0 or 1) or positioned
 * diagnostics (exit 2). Seeded and bounded, so it is reproducible and quick.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { evaluate } from '../engine/evaluate';
import { checkPolicyWithCatalog } from '../policy/check-catalog';
import { testCommand } from '../test-command';

const repo = join(__dirname, '..', '..');
const scenario = readFileSync(join(repo, 'cases', 'secretsmanager', 'payments.yaml'), 'utf8');
const policy = readFileSync(join(repo, 'policies', 'app-read.json'), 'utf8');
const catalog = loadCatalog();

/** Pieces of YAML, JSON and IAM syntax that mutations splice in. */
const tokens = [
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '&a ',
  '*a',
  '!!str ',
  '\n',
  '  ',
  '\t',
  '#',
  '${account}',
  '${nope}',
  '$${x}',
  '${aws:username}',
  '__proto__: 1\n',
  'constructor',
  '012345678901',
  'null',
  '~',
  'true',
  '1e400',
  '---\n',
  '? ',
  '|\n',
  '>\n',
  'secretsmanager:*',
  '*',
  'Deny',
  'Allow',
  'Principal',
  'NotAction',
  'Condition',
  'StringLikeIfExists',
  'arn:aws:iam::1:root',
  '\u0000',
  '\uFEFF',
  '\u202E',
  'ü',
  '😀',
];

/** A text mutated by a few deletions, insertions of tokens, and duplications. */
function mutated(base: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('delete', 'insert', 'duplicate'),
    length: fc.integer({ min: 1, max: 40 }),
    token: fc.constantFrom(...tokens),
  });
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let text = base;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.token + text.slice(at);
      else text = text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
    }
    return text;
  });
}

describe('fuzzing the loader and runner', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamspec-fuzz-'));
    mkdirSync(join(dir, 'cases', 'secretsmanager'), { recursive: true });
    mkdirSync(join(dir, 'policies'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function runOn(scenarioText: string | Buffer, policyText: string): Promise<{ code: number; stderr: string }> {
    writeFileSync(join(dir, 'cases', 'secretsmanager', 'payments.yaml'), scenarioText);
    writeFileSync(join(dir, 'policies', 'app-read.json'), policyText);
    let stderr = '';
    const code = await testCommand({
      paths: ['cases'],
      cwd: dir,
      catalog,
      evaluate,
      checkPolicy: checkPolicyWithCatalog,
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    return { code, stderr };
  }

  function expectOutcome(r: { code: number; stderr: string }): void {
    expect([0, 1, 2]).to.include(r.code);
    if (r.code === 2) expect(r.stderr).to.match(/^cases\/secretsmanager\/payments\.yaml|^policies\/app-read\.json/m);
  }

  it('the unmutated example passes (the harness can tell success)', async () => {
    expect(await runOn(scenario, policy)).to.deep.equal({ code: 0, stderr: '' });
  });

  it('mutated scenario files give results or positioned diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(scenario), async (text) => expectOutcome(await runOn(text, policy))),
      { seed: 4242, numRuns: 150 },
    );
  });

  it('mutated policy files give results or positioned diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(policy), async (text) => expectOutcome(await runOn(scenario, text))),
      { seed: 4343, numRuns: 150 },
    );
  });

  it('random bytes give results or positioned diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => expectOutcome(await runOn(Buffer.from(bytes), policy))),
      { seed: 4444, numRuns: 100 },
    );
  });
});
