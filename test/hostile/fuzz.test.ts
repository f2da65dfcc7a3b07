/**
 * Issue 7: a seeded fuzz test of the loader. The shipped scenarios (cases/**\/*.yaml) and policy
 * files are mutated (lines deleted, duplicated and swapped, characters flipped, text truncated,
 * YAML tokens inserted) or replaced by random token soup, written into a copy of the project, and
 * fed in process to the pipeline `iamspec test` runs (load → build → plan → run) and to the
 * command itself. Never an uncaught exception; always test results or diagnostics; every
 * diagnostic has a span inside a file that was read, or names its file.
 *
 * Reproduce a failure with the seed and path fast-check prints (`{ seed, path }` in fc.assert).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { hasErrors } from '../../runner/diagnostics';
import { evaluate } from '../../runner/engine/evaluate';
import { checkPolicyWithCatalog } from '../../runner/policy/check-catalog';
import { testCommand } from '../../runner/test-command';
import { expectWellFormed, runPipeline, sharedCatalog, type PipelineResult } from './pipeline';
import { makeTemp, removeTemp, repoRoot } from './support';

/**
 * Fixed seed: the same inputs on every run (issue 7: bounded, seeded, reproducible).
 * `IAMSPEC_FUZZ_SEED=N` explores other inputs by hand.
 */
const SEED = process.env.IAMSPEC_FUZZ_SEED !== undefined ? Number(process.env.IAMSPEC_FUZZ_SEED) : 0x1a3c;

/** Cases planned per input at most; keeps a mutated `*` matrix from dominating the run time. */
const BUDGET = 5_000;

/** Tokens inserted by the mutator: YAML syntax, hostile keys and values, and near-miss IAM words. */
const tokens = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '&b [*a, *a]',
  '!!str ',
  '!!binary ',
  '!custom ',
  '? ',
  '|',
  '>-',
  '"',
  "'",
  '#',
  '\n',
  '  ',
  '\t',
  '\r\n',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '<<: *a',
  '${x}',
  '${account}',
  '$${account}',
  '${aws:username}',
  '__proto__: 1',
  'constructor:',
  'prototype: {}',
  '012345678901',
  '111122223333',
  'null',
  '~',
  '0x1F',
  '.inf',
  '-.nan',
  '2024-01-01',
  '1e400',
  'yes',
  'true',
  'secretsmanager:*',
  '*',
  's3:Get*',
  'iam:PassRole',
  'arn:aws:iam::111122223333:role/x',
  'arn:aws:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf',
  'StringEqualz',
  'ForAnyValue:StringLike',
  'IfExists',
  'Effect: Deny',
  'NotAction: "*"',
  'Principal: "*"',
  'file: ../../../etc/passwd',
  'file: policies/nope.json',
  '{ accessLevel: Write }',
  '{ service: nope, accessLevel: Read }',
  'é',
  '\u{1F600}',
  '\ufeff',
  '\u2028',
  'only: true',
  'skip: true',
  'expect: []',
  'principal: [a, b]',
];

/** One edit of a text. */
type Mutation =
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; at: number; with: number }
  | { kind: 'flipChar'; at: number; char: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; token: string };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteLine' as const), at: position }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: position }),
  fc.record({ kind: fc.constant('swapLines' as const), at: position, with: position }),
  fc.record({
    kind: fc.constant('flipChar' as const),
    at: position,
    char: fc.oneof(fc.constantFrom(...' :-[]{}#&*!|>"\',\n\t%@`'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, token: fc.constantFrom(...tokens) }),
);

/** Applies one mutation; positions wrap around the text's length. */
function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (n: number): number => n % Math.max(1, lines.length);
  const offset = (n: number): number => n % (text.length + 1);
  switch (m.kind) {
    case 'deleteLine':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line(m.at), 0, lines[line(m.at)] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [line(m.at), line(m.with)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'flipChar': {
      const at = offset(m.at);
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
    case 'truncate':
      return text.slice(0, offset(m.at));
    case 'insert': {
      const at = offset(m.at);
      return text.slice(0, at) + m.token + text.slice(at);
    }
  }
}

/** Every file under `dir` whose name passes `keep`, as paths relative to `base`. */
function filesUnder(dir: string, base: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, base, keep));
    else if (keep(entry.name)) out.push(relative(base, path));
  }
  return out.sort();
}

/** The policy files a scenario names (`policies: { NAME: { file: PATH } }`), relative to the project. */
function policyFilesOf(scenarioPath: string, text: string): string[] {
  const value = parse(text) as { policies?: Record<string, { file?: unknown }> } | null;
  const out: string[] = [];
  for (const p of Object.values(value?.policies ?? {})) {
    if (typeof p?.file === 'string') out.push(join(dirname(scenarioPath), p.file));
  }
  return out;
}

/** Results or diagnostics: an input with no error ran every planned case to a runEnd. */
function expectResultsOrDiagnostics(result: PipelineResult, context: string): void {
  expectWellFormed(result, context);
  if (hasErrors(result.diagnostics)) {
    expect(result.events, context).to.equal(undefined);
    return;
  }
  expect(result.events, `${context}no error, so the cases ran`).to.be.an('array');
  const end = result.events!.at(-1);
  expect(end?.kind, context).to.equal('runEnd');
  const cases = result.events!.filter((e) => e.kind === 'case');
  for (const e of cases) expect(['pass', 'fail', 'skip', 'error'], context).to.include(e.kind === 'case' ? e.result.outcome : '');
  if (end?.kind === 'runEnd') {
    const s = end.stats;
    expect(s.passed + s.failed + s.skipped + s.errors, context).to.equal(cases.length);
  }
}

describe('fuzzing the loader with mutated and random scenario and policy files (issue 7)', function () {
  this.timeout(60_000);
  let root: string;
  let scenarios: { path: string; text: string; policyFiles: string[] }[];
  let policies: { path: string; text: string }[];

  before(function () {
    this.timeout(120_000);
    sharedCatalog();
    root = makeTemp('fuzz');
    // A copy of the project's scenarios and shared policy files, so relative policy paths resolve.
    cpSync(join(repoRoot, 'cases'), join(root, 'cases'), { recursive: true });
    cpSync(join(repoRoot, 'policies'), join(root, 'policies'), { recursive: true });
    scenarios = filesUnder(join(root, 'cases'), root, (n) => n.endsWith('.yaml') || n.endsWith('.yml'))
      .filter((p) => !p.split('/').includes('policies'))
      .map((path) => {
        const text = readFileSync(join(root, path), 'utf8');
        return { path, text, policyFiles: policyFilesOf(path, text) };
      });
    policies = [...new Set(scenarios.flatMap((s) => s.policyFiles))].map((path) => ({
      path,
      text: readFileSync(join(root, path), 'utf8'),
    }));
    expect(scenarios.length, 'shipped scenarios to start from').to.be.at.least(5);
    expect(policies.length, 'shipped policy files to start from').to.be.at.least(2);
  });
  after(() => removeTemp(root));

  it('the unmutated shipped scenarios load and run without an error', () => {
    for (const s of scenarios) {
      const result = runPipeline(s.path, root, { budget: BUDGET });
      expectResultsOrDiagnostics(result, `${s.path}: `);
      expect(hasErrors(result.diagnostics), `${s.path}: ${result.diagnostics.map((d) => d.message).join('; ')}`).to.equal(false);
    }
  });

  it('mutated scenario files give results or positioned diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (pick, edits) => {
        const seed = scenarios[pick % scenarios.length];
        const text = edits.reduce(mutate, seed.text);
        // Beside the seed, so its relative policy paths still resolve.
        const path = join(dirname(seed.path), 'fuzz-scenario.yaml');
        writeFileSync(join(root, path), text);
        expectResultsOrDiagnostics(runPipeline(path, root, { budget: BUDGET }), `${seed.path} ${JSON.stringify(edits)}: `);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('mutated policy files give results or positioned diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (pick, edits) => {
        const policy = policies[pick % policies.length];
        const scenario = scenarios.find((s) => s.policyFiles.includes(policy.path))!;
        writeFileSync(join(root, policy.path), edits.reduce(mutate, policy.text));
        try {
          expectResultsOrDiagnostics(runPipeline(scenario.path, root, { budget: BUDGET }), `${policy.path} ${JSON.stringify(edits)}: `);
        } finally {
          writeFileSync(join(root, policy.path), policy.text);
        }
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it('random token soup gives diagnostics or results, never an exception', () => {
    const soup = fc
      .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 8 })), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(soup, soup, (scenarioText, policyText) => {
        writeFileSync(join(root, 'soup.json'), policyText);
        writeFileSync(join(root, 'soup.yaml'), `policies:\n  soup: { file: soup.json }\n${scenarioText}`);
        expectResultsOrDiagnostics(
          runPipeline('soup.yaml', root, { budget: BUDGET }),
          `${JSON.stringify(scenarioText)} / ${JSON.stringify(policyText)}: `,
        );
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it('the test command itself ends with exit 0, 1 or 2 and prints a position for every error', async () => {
    const catalog = sharedCatalog();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (pick, edits) => {
        const seed = scenarios[pick % scenarios.length];
        const path = join(dirname(seed.path), 'fuzz-command.yaml');
        writeFileSync(join(root, path), edits.reduce(mutate, seed.text));
        let stdout = '';
        let stderr = '';
        const code = await testCommand({
          paths: [path],
          cwd: root,
          catalog,
          evaluate,
          checkPolicy: checkPolicyWithCatalog,
          json: 'reports/fuzz.json',
          junit: 'reports/fuzz.xml',
          stdout: (t) => (stdout += t),
          stderr: (t) => (stderr += t),
        });
        const context = `${seed.path} ${JSON.stringify(edits)}:\n${stderr}`;
        expect([0, 1, 2], context).to.include(code);
        if (code === 2) expect(stderr, context).to.match(/: error: /);
        for (const line of stderr.split('\n').filter((l) => / error: .*\[[A-Z_]+\]$/.test(l))) {
          expect(line, context).to.match(/^[^:\s][^:]*(:\d+:\d+)?: error: /);
        }
        if (code !== 2) expect(stdout, context).to.match(/\d+ passed, \d+ failed/);
      }),
      { seed: SEED + 3, numRuns: 80 },
    );
  });
});
