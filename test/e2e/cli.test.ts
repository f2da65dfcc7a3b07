/**
 * End-to-end: the BUILT command (`dist/runner/cli.js`, compiled once in `before`) run as a user
 * runs it, on fixtures, checking exit codes, stdout/stderr and the reports it writes.
 */
import { expect } from 'chai';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { junitSchemaErrors } from '../../reports/testdata/junit-schema';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'runner', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function iamspec(args: string[], cwd = repo): Run {
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !e.parentPath.split(/[\\/]/).includes('policies'))
    .map((e) => e.name);
}

describe('iamspec (built CLI)', function () {
  this.timeout(60_000);
  let out: string;

  before(() => {
    // The project's own build script (as `npm ci` runs it through `prepare`), so what is tested
    // is what users get, executable bit included.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, stdio: 'inherit' });
    out = mkdtempSync(join(tmpdir(), 'iamspec-e2e-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('starts with a node shebang and is executable, so npx can run it', () => {
    expect(readFileSync(cli, 'utf8').split('\n')[0]).to.equal('#!/usr/bin/env node');
    // npm links the root package's own bin without setting the mode; the build script does.
    expect(statSync(cli).mode & 0o111, 'executable bits').to.equal(0o111);
  });

  it('passes on the shipped cases (the default path) and writes valid JUnit and JSON', async () => {
    const junit = join(out, 'cases.xml');
    const json = join(out, 'cases.json');
    const r = iamspec(['test', '--junit', junit, '--json', json]);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/\n\d+ passed, 0 failed/);
    const xml = readFileSync(junit, 'utf8');
    expect(await junitSchemaErrors(xml)).to.deep.equal([]);
    expect(xml.match(/<testsuite /g)).to.have.length(scenarioFiles(join(repo, 'cases')).length);
    expect(xml).to.include('name="the app reads its secret › app › secretsmanager:GetSecretValue on payments"');
    const report = JSON.parse(readFileSync(json, 'utf8')) as unknown;
    const text = JSON.stringify(report);
    expect(text).to.include('"decision"');
    expect(text).to.include('explicitDeny');
  });

  it('exits 1 on a failing suite, with expected vs got, the location and the explanation', async () => {
    const junit = join(out, 'failing.xml');
    const r = iamspec(['test', 'examples/failing', '--junit', junit]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('expected deny, got allow');
    expect(r.stdout).to.include('at examples/failing/wildcard-too-broad.yaml:36:12');
    expect(r.stdout).to.include('statement 1 `ReadSecrets`');
    expect(r.stdout).to.match(/3 passed, 2 failed/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).to.include('message="examples/failing/wildcard-too-broad.yaml:36:12: expected deny, got allow"');
    expect(await junitSchemaErrors(xml)).to.deep.equal([]);
  });

  it('exits 2 on unusable input, printing every problem as FILE:LINE:COL with help', async () => {
    const junit = join(out, 'broken.xml');
    const r = iamspec(['test', 'test/e2e/testdata/broken', '--junit', junit]);
    expect(r.code).to.equal(2);
    const f = 'test/e2e/testdata/broken/typos.yaml';
    expect(r.stderr).to.include(
      `${f}:6:5: error: principals › app: unknown key \`polices\` [UNKNOWN_KEY]\n  help: did you mean \`policies\`?`,
    );
    expect(r.stderr).to.include(
      `${f}:13:13: error: unknown action \`secretsmanager:GetSecretValu\` [UNKNOWN_ACTION]\n  help: did you mean \`secretsmanager:GetSecretValue\`?`,
    );
    expect(r.stderr).to.include(`${f}:14:16: error: unknown principal \`ap\` [UNKNOWN_PRINCIPAL]\n  help: did you mean \`app\`?`);
    expect(r.stderr).to.not.include('    at '); // no stack trace
    // Printed once, on stderr: stdout only counts them.
    expect(r.stdout).to.not.include('[UNKNOWN_KEY]');
    expect(r.stdout).to.match(new RegExp(`\\n  ✗ ${f}: the file could not be used \\(\\d+ errors? on stderr\\)\\n`));
    const xml = readFileSync(junit, 'utf8');
    expect(xml).to.include('<error ');
    expect(await junitSchemaErrors(xml)).to.deep.equal([]);
  });

  it("exits 2 on request context values that do not fit their keys' types, each at the value with help", () => {
    const r = iamspec(['test', 'test/e2e/testdata/context-values']);
    expect(r.code).to.equal(2);
    const f = 'test/e2e/testdata/context-values/bad-context.yaml';
    expect(r.stderr).to.include(
      `${f}:4:24: error: context key \`aws:SecureTransport\`: \`no\` is not a valid \`Bool\` value [BAD_CONDITION_VALUE]\n  help: expected \`true\` or \`false\``,
    );
    expect(r.stderr).to.include(
      `${f}:5:20: error: context key \`aws:CurrentTime\`: \`yesterday\` is not a valid \`Date\` value [BAD_CONDITION_VALUE]\n  help: expected an ISO 8601 date`,
    );
    expect(r.stderr).to.include(
      `${f}:19:31: error: context key \`aws:MultiFactorAuthAge\`: \`lots\` is not a valid \`Numeric\` value [BAD_CONDITION_VALUE]\n  help: expected an integer or decimal number`,
    );
    expect(r.stderr).to.include(
      `${f}:20:21: error: context key \`aws:SourceIp\` takes one value (its type is \`IPAddress\`), found a list [BAD_CONDITION_VALUE]\n  help: write one value`,
    );
    expect(r.stdout).to.include('(4 errors on stderr)');
  });

  it('reports a policy warning, and fails on it under --strict', () => {
    const relaxed = iamspec(['test', 'test/e2e/testdata/warning']);
    expect(relaxed.code).to.equal(0);
    expect(relaxed.stdout).to.include('warning: policy `typo`: statement 1: unknown action `secretsmanager:GetSecretValu`');
    const strict = iamspec(['test', 'test/e2e/testdata/warning', '--strict']);
    expect(strict.code).to.equal(2);
    expect(strict.stderr).to.include('unknown-action-in-policy.yaml:8:49: error: policy `typo`');
  });

  it('--grep keeps matching test cases only', () => {
    const r = iamspec(['test', 'cases/secretsmanager/payments.yaml', '--grep', 'DescribeSecret']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/\n1 passed, 0 failed/);
    expect(r.stdout).to.include('secretsmanager:DescribeSecret on payments');
  });

  it('exits 2 when no test case ran: a --grep that matches nothing, or files without expectations', () => {
    const typo = iamspec(['test', 'cases', '--grep', 'DescribeSecert']);
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.equal(
      'cases: error: no test case ran [NO_CASES]\n  help: no test case name contains `DescribeSecert`; check the text given to `--grep`\n',
    );
    const dir = mkdtempSync(join(out, 'no-cases-'));
    writeFileSync(join(dir, 's.yaml'), 'principals:\n  app: { arn: "arn:aws:iam::111122223333:role/app" }\nexpect: []\n');
    const empty = iamspec(['test', join(dir, 's.yaml')]);
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.include('error: no test case ran [NO_CASES]');
  });

  it('`only: true` focuses the whole run and `skip: true` skips', () => {
    const focused = iamspec(['test', 'test/e2e/testdata/focus']);
    expect(focused.code).to.equal(0);
    expect(focused.stdout).to.match(/\n1 passed, 0 failed/);
    // Never silent: the run says what `only` left out, and --strict refuses a focused run.
    expect(focused.stderr).to.match(
      /^test\/e2e\/testdata\/focus\/.*: warning: `only: true` is set: \d+ other expectations? in \d+ files? did not run \[ONLY_LEFT_OUT\]$/m,
    );
    expect(iamspec(['test', 'test/e2e/testdata/focus', '--strict']).code).to.equal(2);
    const other = iamspec(['test', 'test/e2e/testdata/focus/b-other.yaml']);
    expect(other.code).to.equal(1);
    expect(other.stdout).to.match(/0 passed, 1 failed, 1 skipped/);
  });

  it('exits 2 when no scenario is found, or a path does not exist', () => {
    const empty = mkdtempSync(join(out, 'empty-'));
    writeFileSync(join(empty, 'policy.json'), '{}');
    const none = iamspec(['test', empty]);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('no scenario files found');
    expect(none.stderr).to.include('[NO_SCENARIOS]');
    const missing = iamspec(['test', 'no/such/folder']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('no such file or folder `no/such/folder`');
  });

  it('exits 2 with a suggestion on an unknown subcommand or option', () => {
    const command = iamspec(['tset']);
    expect(command.code).to.equal(2);
    expect(command.stderr).to.include("unknown command 'tset'");
    expect(command.stderr).to.include('Did you mean test?');
    const option = iamspec(['test', '--jnuit', 'x.xml']);
    expect(option.code).to.equal(2);
    expect(option.stderr).to.include('Did you mean --junit?');
  });

  it('exits 0 on --help and --version, 2 without a subcommand', () => {
    const help = iamspec(['--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('Usage: iamspec');
    const version = iamspec(['--version']);
    expect(version.code).to.equal(0);
    expect(version.stdout).to.match(/^\d+\.\d+\.\d+\n$/);
    const bare = iamspec([]);
    expect(bare.code).to.equal(2);
    expect(bare.stderr).to.include('Usage: iamspec');
  });

  it('exits 2 with a clear message when the report cannot be written, leaving no file', () => {
    const blocker = join(out, 'a-file');
    writeFileSync(blocker, 'x');
    const target = join(blocker, 'junit.xml');
    const r = iamspec(['test', 'cases/secretsmanager/payments.yaml', '--junit', target]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(`cannot write \`${target}\``);
    expect(r.stderr).to.include('[REPORT_WRITE]');
    expect(existsSync(target)).to.equal(false);
  });

  it('prints the catalog of a service as JSON', () => {
    const r = iamspec(['catalog', 'secretsmanager', '--json']);
    expect(r.code).to.equal(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).to.include('GetSecretValue');
  });

  describe('hostile input ends in well under 2 s with exit 2 and a positioned message', () => {
    const table: { name: string; content: () => string | Buffer; want: RegExp }[] = [
      {
        name: 'a 50 MB file',
        content: () => Buffer.alloc(50 * 1024 * 1024, 0x20),
        want: /^s\.yaml: error: `s\.yaml` is 50\.0 MiB, larger than the limit of 4\.0 MiB \[FILE_TOO_LARGE\]/m,
      },
      {
        name: 'malformed YAML',
        content: () => 'expect:\n  - principal: [app\n    allow: [x]\n',
        want: /^s\.yaml:3:5: error: .* \[YAML_SYNTAX\]/m,
      },
      {
        name: 'nesting 10,000 deep',
        content: () => 'expect: ' + '['.repeat(10_000) + ']'.repeat(10_000),
        want: /^s\.yaml:1:\d+: error: nesting is deeper than the limit of 64 levels \[NESTING_TOO_DEEP\]/m,
      },
      {
        name: 'a YAML alias bomb',
        content: () => {
          const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
          for (let i = 1; i < 10; i++)
            lines.push(
              `a${i}: &a${i} [${Array(9)
                .fill(`*a${i - 1}`)
                .join(',')}]`,
            );
          return lines.join('\n') + '\n';
        },
        want: /^s\.yaml:\d+:\d+: error: .* \[YAML_ALIAS_LIMIT\]/m,
      },
      {
        name: 'a binary file',
        content: () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]),
        want: /^s\.yaml: error: `s\.yaml` is not text: it holds a NUL byte at offset 6 \[BINARY_FILE\]/m,
      },
      {
        name: 'invalid UTF-8',
        content: () => Buffer.from('name: caf\xe9\n', 'latin1'),
        want: /^s\.yaml: error: `s\.yaml` is not valid UTF-8 text \[BINARY_FILE\]/m,
      },
      { name: 'an empty file', content: () => '', want: /^s\.yaml:1:1: error: `s\.yaml` holds no scenario \[EMPTY_FILE\]/m },
      {
        name: '`__proto__` and `constructor` keys',
        content: () => '__proto__: { admin: true }\nconstructor: { prototype: 1 }\nexpect: []\n',
        want: /^s\.yaml:1:1: error: the scenario: unknown key `__proto__` \[UNKNOWN_KEY\]/m,
      },
      {
        name: 'an unquoted account id',
        content: () => 'vars: { account: 012345678901 }\nexpect: []\n',
        want: /^s\.yaml:1:18: error: vars › account: `012345678901` is read as a number, not a string \[NUMBER_NOT_STRING\]\n {2}help: quote it/m,
      },
      {
        name: 'a policy path escaping the project',
        content: () => 'policies:\n  p: { file: ../../../../../../etc/passwd }\nexpect: []\n',
        want: /^s\.yaml:2:14: error: policy file `\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` is outside the project `\.` \[POLICY_FILE_ESCAPES\]/m,
      },
      {
        name: 'duplicate keys in policy JSON',
        content: () => 'policies:\n  p: { "Version": "2012-10-17", "Version": "2012-10-17", "Statement": [] }\nexpect: []\n',
        want: /^s\.yaml:2:33: error: .* \[DUPLICATE_KEY\]/m,
      },
    ];
    for (const row of table) {
      it(row.name, () => {
        const dir = mkdtempSync(join(out, 'hostile-'));
        writeFileSync(join(dir, 's.yaml'), row.content());
        const r = iamspec(['test', 's.yaml'], dir);
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(row.want);
        expect(r.stderr).to.not.match(/internal error|\n\s+at /);
      });
    }
  });

  it('finishes the run and its report when the reader of stdout goes away (`| head`)', async () => {
    const dir = mkdtempSync(join(out, 'epipe-'));
    const child = spawn(process.execPath, [cli, 'test', join(repo, 'cases'), '--junit', 'junit.xml'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).to.include('</testsuites>');
  });

  it('stops on SIGINT with exit 130 and writes no report', async () => {
    const dir = mkdtempSync(join(out, 'sigint-'));
    const principals = Array.from({ length: 200 }, (_, i) => `  p${i}: { arn: "arn:aws:iam::111122223333:role/r${i}" }`);
    const resources = Array.from(
      { length: 100 },
      (_, i) => `  s${i}: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:s${i}-AbCdEf" }`,
    );
    writeFileSync(
      join(dir, 'big.yaml'),
      [
        'principals:',
        ...principals,
        'resources:',
        ...resources,
        'expect:',
        `  - principal: [${principals.map((_, i) => `p${i}`).join(', ')}]`,
        `    resource: [${resources.map((_, i) => `s${i}`).join(', ')}]`,
        '    implicitDeny: ["secretsmanager:*"]',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [cli, 'test', 'big.yaml', '--junit', 'junit.xml'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.once('data', () => child.kill('SIGINT'));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).to.equal(130);
    expect(readdirSync(dir).sort()).to.deep.equal(['big.yaml']);
  });
});
