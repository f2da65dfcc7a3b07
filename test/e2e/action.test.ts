/**
 * The GitHub Action (`action.yml` at the repository root): it parses as a composite action, every
 * input is documented and used by a step, no input is interpolated into a script, and the steps'
 * scripts do what the inputs say when run here with bash, the way the runner runs them (their
 * `${{ inputs.* }}` and `${{ github.action_path }}` expressions replaced by test values; the
 * `npm ci` step is not run: this checkout is installed and built already).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBuilt, makeTemp, removeTemp, repoRoot, runCli } from '../hostile/support';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number>;
  'working-directory'?: string;
}

interface ActionFile {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: { using: string; steps: Step[] };
}

const actionText = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
const action = parse(actionText) as ActionFile;
const step = (id: string): Step => action.runs.steps.find((s) => s.id === id)!;

/** The value GitHub gives a `${{ ... }}` expression this action uses; any other expression fails the test. */
function evaluateExpressions(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.action_path') return repoRoot;
    const input = /^inputs\.([a-z-]+)$/.exec(expr);
    if (input && input[1]! in action.inputs) return inputs[input[1]!] ?? action.inputs[input[1]!]!.default ?? '';
    throw new Error(`unexpected expression \`${expr}\``);
  });
}

/** Runs one step's script with bash as the runner does (`bash -e {0}`), its env evaluated. */
function runStep(id: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}, cwd = repoRoot) {
  const s = step(id);
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', ...extraEnv };
  for (const [name, value] of Object.entries(s.env ?? {})) env[name] = evaluateExpressions(value, inputs);
  return spawnSync('/bin/bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', s.run!], { cwd, env, encoding: 'utf8' });
}

describe('action.yml (the GitHub Action)', function () {
  this.timeout(60_000);

  it('is a composite action with a name, a description and the documented inputs', () => {
    expect(action.name).to.equal('iamspec');
    expect(action.description).to.be.a('string').and.not.equal('');
    expect(action.runs.using).to.equal('composite');
    expect(Object.keys(action.inputs)).to.deep.equal(['paths', 'junit', 'strict', 'coverage-threshold', 'args']);
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).to.be.a('string').and.not.equal('');
      expect(input.default, name).to.be.a('string');
    }
  });

  it('uses every input in a step', () => {
    const stepsText = JSON.stringify(action.runs.steps);
    for (const name of Object.keys(action.inputs)) expect(stepsText, name).to.match(new RegExp(`\\$\\{\\{ inputs\\.${name} \\}\\}`));
  });

  it('gives every script step a shell and never puts an expression inside a script', () => {
    for (const s of action.runs.steps.filter((x) => x.run !== undefined)) {
      expect(s.shell, s.name).to.equal('bash');
      expect(s.run, s.name).not.to.include('${{');
    }
  });

  it('sets up Node.js only when the node on the runner is missing or older than package.json `engines` asks', () => {
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.if).to.equal("steps.node.outputs.needed == 'true'");
    const temp = makeTemp('action-node');
    try {
      const output = join(temp, 'output');
      // Node 18.20 as the runner's node: a preload that changes what `process.versions.node` says.
      writeFileSync(join(temp, 'old-node.js'), 'Object.defineProperty(process.versions, "node", { value: "18.20.0" });\n');
      const rows: { name: string; env: Record<string, string>; want: string }[] = [
        { name: 'this Node.js (package.json accepts it)', env: {}, want: 'needed=false\n' },
        { name: 'Node.js 18.20', env: { NODE_OPTIONS: `--require ${join(temp, 'old-node.js')}` }, want: 'needed=true\n' },
        { name: 'no node on PATH', env: { PATH: join(temp, 'empty') }, want: 'needed=true\n' },
      ];
      for (const row of rows) {
        writeFileSync(output, '');
        const r = runStep('node', {}, { GITHUB_OUTPUT: output, ...row.env });
        expect(r.status, `${row.name}: ${r.stderr}`).to.equal(0);
        expect(readFileSync(output, 'utf8'), row.name).to.equal(row.want);
      }
    } finally {
      removeTemp(temp);
    }
  });

  it('installs iamspec from its own checkout at the ref: npm ci in the action path, which builds dist/', () => {
    const install = step('install');
    expect(install['working-directory']).to.equal('${{ github.action_path }}');
    expect(install.run).to.equal('npm ci --no-audit --no-fund');
    expect(step('test').env!.IAMSPEC_CLI).to.equal('${{ github.action_path }}/dist/runner/cli.js');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).to.equal('npm run build');
  });

  it('docs/ci.md documents every input with its default, and its sample workflow uses only declared inputs', () => {
    const doc = readFileSync(join(repoRoot, 'docs/ci.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Use the GitHub Action'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2]!.trim()]);
    expect(rows).to.deep.equal(
      Object.entries(action.inputs).map(([name, input]) => [
        name,
        input.default === '' ? (name === 'args' ? '(empty)' : '(unset)') : `\`${input.default}\``,
      ]),
    );
    const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]!) as { jobs: Record<string, { steps: Step[] }> };
    const uses = workflow.jobs.iamspec!.steps.find((s) => s.uses?.endsWith('/iamspec@v0.1.0'));
    expect(uses, 'a step that uses the action').to.not.equal(undefined);
    for (const name of Object.keys(uses!.with ?? {})) expect(action.inputs, name).to.have.property(name);
  });

  describe('the test step', () => {
    let temp: string;
    before(() => {
      ensureBuilt();
      temp = makeTemp('action');
    });
    after(() => removeTemp(temp));

    it('runs `iamspec test PATHS --junit FILE --strict` with the inputs given', () => {
      const junit = join(temp, 'a', 'junit.xml');
      const r = runStep('test', { paths: 'cases/secretsmanager/payments.yaml cases/iam/ec2-instance-role.yaml', junit });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.include('cases/secretsmanager/payments.yaml');
      expect(r.stdout).to.include('cases/iam/ec2-instance-role.yaml');
      expect(readFileSync(junit, 'utf8')).to.include('<testsuites');
    });

    it('passes --strict by default (a warning fails the run) and not with strict: false', () => {
      const paths = 'test/e2e/testdata/warning';
      const strict = runStep('test', { paths, junit: '' });
      expect(strict.status).to.equal(2);
      expect(strict.stderr).to.include('unknown-action-in-policy.yaml:8:49: error: policy `typo`');
      const lax = runStep('test', { paths, junit: '', strict: 'false' });
      expect(lax.status, lax.stderr).to.equal(0);
      expect(lax.stdout).to.include('unknown-action-in-policy.yaml:8:49: warning: policy `typo`');
      expect(lax.stdout).to.include('1 passed, 0 failed, 1 warning');
    });

    it('refuses a strict value other than true or false, exiting 2 before running', () => {
      const r = runStep('test', { paths: 'cases/secretsmanager/payments.yaml', junit: '', strict: 'yes' });
      expect(r.status).to.equal(2);
      expect(r.stderr).to.equal('iamspec action: input `strict` must be `true` or `false`, not `yes`\n');
      expect(r.stdout).to.equal('');
    });

    it('writes no JUnit report when junit is empty, and splits args into words without expanding globs', () => {
      const cwd = makeTemp('action-cwd');
      try {
        const json = join(temp, 'b', 'report.json');
        const scenario = join(repoRoot, 'cases/secretsmanager/payments.yaml');
        const r = runStep('test', { paths: scenario, junit: '', args: `--grep reads --json ${json}` }, {}, cwd);
        expect(r.status, r.stderr).to.equal(0);
        expect(readdirSync(cwd)).to.deep.equal([]);
        const cases = (JSON.parse(readFileSync(json, 'utf8')) as { suites: { cases: { name: string }[] }[] }).suites.flatMap(
          (s) => s.cases,
        );
        expect(cases.length).to.be.greaterThan(0);
        for (const c of cases) expect(c.name).to.include('reads');
      } finally {
        removeTemp(cwd);
      }
      const glob = runStep('test', { paths: 'cases/secretsmanager/pay*.yaml', junit: '' });
      expect(glob.status).to.equal(2);
      expect(glob.stderr).to.include('cases/secretsmanager/pay*.yaml');
    });

    it('passes coverage-threshold through as --coverage-threshold only when set', () => {
      const help = runCli(['help', 'test'], repoRoot);
      const supported = help.stdout.includes('--coverage-threshold');
      const unset = runStep('test', { paths: 'cases/secretsmanager/payments.yaml', junit: '' });
      expect(unset.status, unset.stderr).to.equal(0);
      const set = runStep('test', { paths: 'cases/secretsmanager/payments.yaml', junit: '', 'coverage-threshold': '0' });
      if (supported) expect(set.status, set.stderr).to.equal(0);
      // Until `iamspec test` has the option, the action still passes it on, and the command refuses it.
      else
        expect([set.status, set.stderr]).to.deep.equal([
          2,
          "error: unknown option '--coverage-threshold'\n(run `iamspec --help` for usage)\n",
        ]);
    });
  });
});
