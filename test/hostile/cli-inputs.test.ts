/**
 * Issue 7, end to end: each hostile or broken input, run through the built `iamspec test`, ends
 * within 2 s with exit 2, a positioned `FILE:LINE:COL: error: ... [CODE]` line (file-level
 * problems: `FILE: error:`), and no stack trace. Small inputs are YAML fixtures
 * (testdata/inputs.yaml); big, binary and deep ones are generated here into a temporary folder.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBuilt, expectCleanFailure, makeTemp, removeTemp, runCli, runKnownBugs, writeFiles, type WantFailure } from './support';

/** One input: files to write, the command to run, and the failure it must end in. */
interface InputCase {
  name: string;
  files: Record<string, string | Uint8Array>;
  /** Default: `['test', 'scenario.yaml']`. */
  args?: string[];
  /** Folder under the temporary one to run in. Default: the temporary folder itself. */
  cwd?: string;
  want: WantFailure;
  /** Codes that must not appear on stderr (follow-on errors). */
  notCodes?: string[];
  /** The input must not produce a passing test case (stdout shows no `✓` and `0 passed`). */
  noPass?: boolean;
  /** `KNOWN BUG: ...`: iamspec gets this wrong today; the test is skipped until it is fixed. */
  skip?: string;
  only?: boolean;
}

/** A policy-file reference scenario: policy `p` is read from `policies/p.json`. */
const policyFileScenario = [
  'policies:',
  '  p:',
  '    file: policies/p.json',
  'principals:',
  '  app:',
  '    arn: arn:aws:iam::111122223333:role/app',
  '    policies: [p]',
  'expect:',
  '  - principal: app',
  '    allow: [secretsmanager:ListSecrets]',
  '',
].join('\n');

/** `a: &a [9 x lol]`, `b: &b [9 x *a]`, ... nine levels: 9^9 strings once expanded. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  }
  lines.push('expect: *i');
  return lines.join('\n') + '\n';
}

/** Few aliases (under the alias limit), each to a big list: the node count gives it away. */
function wideAliasBomb(): string {
  const big = Array.from({ length: 5000 }, (_, i) => `x${i}`).join(', ');
  return `big: &big [${big}]\nexpect: [${Array(100).fill('*big').join(', ')}]\n`;
}

/** Block mappings nested `depth` deep by one-space indentation (`k0:\n k1:\n  k2: ...`). */
function blockMappingNest(depth: number): string {
  let out = 'expect:\n';
  for (let i = 0; i < depth; i++) out += `${' '.repeat(i + 1)}k${i}:\n`;
  return out;
}

/** The first bytes of a PNG file (signature and IHDR chunk), which hold NUL bytes. */
const pngBytes = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);

/** 50 MB of valid YAML (comment lines and a tail), so only its size can stop it. */
function fiftyMegabytes(): Buffer {
  const line = '# padding padding padding padding padding padding padding padding padding\n';
  const body = Buffer.alloc(50 * 1024 * 1024, line);
  return Buffer.concat([body, Buffer.from('expect: []\n')]);
}

const deep = 10_000;

const generated: InputCase[] = [
  {
    name: 'a YAML alias bomb ("billion laughs") stops at the alias limit',
    files: { 'scenario.yaml': billionLaughs() },
    want: { at: 'scenario.yaml:3:32', code: 'YAML_ALIAS_LIMIT', message: 'more than 1000 aliases' },
  },
  {
    name: 'an alias bomb with few aliases to big lists stops at the node limit',
    files: { 'scenario.yaml': wideAliasBomb() },
    want: { at: /scenario\.yaml:\d+:\d+/, code: 'YAML_ALIAS_LIMIT', message: 'expands to more than' },
  },
  {
    name: 'an alias bomb with few aliases to big lists points at the alias that expands past the node limit',
    files: { 'scenario.yaml': wideAliasBomb() },
    want: { at: /scenario\.yaml:2:\d+/, code: 'YAML_ALIAS_LIMIT' },
  },
  {
    name: 'a YAML alias bomb in a YAML policy file stops at the alias limit',
    files: { 'scenario.yaml': policyFileScenario.replace('p.json', 'p.yaml'), 'policies/p.yaml': billionLaughs() },
    want: { at: 'policies/p.yaml:3:32', code: 'YAML_ALIAS_LIMIT' },
  },
  {
    name: 'a YAML alias bomb in a .json policy file is not JSON',
    files: { 'scenario.yaml': policyFileScenario, 'policies/p.json': billionLaughs() },
    want: { at: 'policies/p.json:1:1', code: 'YAML_SYNTAX', message: 'this is not JSON' },
  },
  {
    name: 'flow sequences nested 10,000 deep stop at the nesting limit',
    files: { 'scenario.yaml': '['.repeat(deep) + ']'.repeat(deep) + '\n' },
    want: { at: 'scenario.yaml:1:65', code: 'NESTING_TOO_DEEP', message: 'deeper than the limit of 64 levels' },
  },
  {
    name: 'unclosed flow sequences 10,000 deep stop at the nesting limit',
    files: { 'scenario.yaml': 'expect: ' + '['.repeat(deep) + '\n' },
    want: { at: 'scenario.yaml:1:72', code: 'NESTING_TOO_DEEP' },
  },
  {
    name: 'flow mappings nested 10,000 deep stop at the nesting limit',
    files: { 'scenario.yaml': '{a: '.repeat(deep) + '1' + '}'.repeat(deep) + '\n' },
    want: { at: 'scenario.yaml:1:257', code: 'NESTING_TOO_DEEP' },
  },
  {
    name: 'block sequences nested 10,000 deep (`- - - ...`) stop at the nesting limit',
    files: { 'scenario.yaml': '- '.repeat(deep) + 'x\n' },
    want: { at: /scenario\.yaml:1:1[23]\d/, code: 'NESTING_TOO_DEEP' },
  },
  {
    name: 'block sequences nested 10,000 deep (`- - - ...`) end with a nesting error',
    files: { 'scenario.yaml': '- '.repeat(deep) + 'x\n' },
    want: { at: /scenario\.yaml:1:\d+/, code: 'NESTING_TOO_DEEP' },
  },
  {
    name: 'block mappings nested by indentation stop at the nesting limit',
    files: { 'scenario.yaml': blockMappingNest(2500) },
    want: { at: 'scenario.yaml:65:65', code: 'NESTING_TOO_DEEP' },
  },
  {
    name: 'complex keys nested 10,000 deep (`? ? ? ...`) stop at the nesting limit',
    files: { 'scenario.yaml': '? '.repeat(deep) + 'x\n' },
    want: { at: /scenario\.yaml:1:\d+/, code: 'NESTING_TOO_DEEP' },
    notCodes: ['YAML_SYNTAX'],
  },
  {
    name: 'nesting hidden behind a quote inside a plain scalar stops at the nesting limit',
    files: { 'scenario.yaml': "name: a 'b\nexpect: " + '['.repeat(deep) + ']'.repeat(deep) + '\n' },
    want: { at: /scenario\.yaml:2:\d+/, code: 'NESTING_TOO_DEEP', message: 'deeper than the limit of 64 levels' },
  },
  {
    name: 'a JSON policy file nested 10,000 deep stops at the nesting limit',
    files: { 'scenario.yaml': policyFileScenario, 'policies/p.json': '{"Statement": ' + '['.repeat(deep) + ']'.repeat(deep) + '}' },
    want: { at: 'policies/p.json:1:78', code: 'NESTING_TOO_DEEP' },
  },
  {
    name: 'a 50 MB scenario file is refused from its size',
    files: { 'scenario.yaml': fiftyMegabytes() },
    want: { at: 'scenario.yaml', code: 'FILE_TOO_LARGE', message: 'larger than the limit of 4.0 MiB' },
  },
  {
    name: 'a 50 MB policy file is refused from its size, at the path in the scenario',
    files: { 'scenario.yaml': policyFileScenario, 'policies/p.json': fiftyMegabytes() },
    want: { at: 'scenario.yaml:3:11', code: 'FILE_TOO_LARGE', message: 'larger than the limit' },
  },
  {
    name: 'a binary (PNG) scenario file is not text',
    files: { 'scenario.yaml': pngBytes },
    want: { at: 'scenario.yaml', code: 'BINARY_FILE', message: 'NUL byte at offset 8' },
  },
  {
    name: 'a scenario file with invalid UTF-8 is not text',
    files: { 'scenario.yaml': Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\nexpect: []\n')]) },
    want: { at: 'scenario.yaml', code: 'BINARY_FILE', message: 'not valid UTF-8' },
  },
  {
    name: 'an overlong UTF-8 encoding is invalid UTF-8',
    files: { 'scenario.yaml': Buffer.concat([Buffer.from('name: a'), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]) },
    want: { at: 'scenario.yaml', code: 'BINARY_FILE' },
  },
  {
    name: 'a UTF-16 scenario file is not UTF-8 text',
    files: { 'scenario.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('expect: []\n', 'utf16le')]) },
    want: { at: 'scenario.yaml', code: 'BINARY_FILE' },
  },
  {
    name: 'a binary (PNG) policy file is reported at the path in the scenario',
    files: { 'scenario.yaml': policyFileScenario, 'policies/p.json': pngBytes },
    want: { at: 'scenario.yaml:3:11', code: 'BINARY_FILE', message: 'policy file `policies/p.json`' },
  },
  {
    name: 'a policy file with invalid UTF-8 is reported at the path in the scenario',
    files: { 'scenario.yaml': policyFileScenario, 'policies/p.json': Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    want: { at: 'scenario.yaml:3:11', code: 'BINARY_FILE' },
  },
];

const fixtures = parse(readFileSync(join(__dirname, 'testdata', 'inputs.yaml'), 'utf8')) as InputCase[];

describe('iamspec test on hostile and broken input (issue 7)', function () {
  this.timeout(60_000);
  let root: string;
  before(function () {
    this.timeout(240_000);
    ensureBuilt();
    root = makeTemp('inputs');
  });
  after(() => removeTemp(root));

  const all = [...fixtures, ...generated];
  const focused = all.some((c) => c.only);
  all.forEach((c, i) => {
    const title = c.skip ? `${c.name} (${c.skip.split(':')[0]})` : c.name;
    const run = (c.skip && !runKnownBugs) || (focused && !c.only) ? it.skip : it;
    run(title, () => {
      const dir = join(root, String(i));
      writeFiles(dir, c.files);
      const result = runCli(c.args ?? ['test', 'scenario.yaml'], c.cwd ? join(dir, c.cwd) : dir);
      expectCleanFailure(result, c.want);
      for (const code of c.notCodes ?? []) expect(result.stderr).to.not.contain(`[${code}]`);
      if (c.noPass) {
        expect(result.stdout).to.not.contain('✓');
        expect(result.stdout).to.match(/\b0 passed\b/);
      }
    });
  });
});
