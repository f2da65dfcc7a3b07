import { expect } from 'chai';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parse } from 'yaml';
import { initCommand } from './init-command';
import {
  ciTestCommand,
  exampleScenario,
  githubWorkflow,
  gitlabJob,
  installedSchemaPath,
  jenkinsPipeline,
  starterFiles,
} from './init-templates';

/** Every file under `dir` with its bytes, folders as `DIR/`, links as `-> TARGET`. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = posix.join(prefix, entry.name);
    if (entry.isSymbolicLink()) out[rel] = '-> link';
    else if (entry.isDirectory()) Object.assign(out, { [`${rel}/`]: '' }, snapshot(dir, rel));
    else out[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  return out;
}

describe('iamspec init', () => {
  let temp: string;
  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), 'iamspec-init-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it('creates the starter scenario and the workflow in an empty folder and exits 0', () => {
    const r = initCommand({ cwd: temp });
    expect(r.exitCode).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout.split('\n').slice(0, 2)).to.deep.equal(['created cases/example.yaml', 'created .github/workflows/iamspec.yml']);
    expect(snapshot(temp)).to.deep.equal({
      '.github/': '',
      '.github/workflows/': '',
      '.github/workflows/iamspec.yml': githubWorkflow.text,
      'cases/': '',
      'cases/example.yaml': exampleScenario.text,
    });
  });

  it('writes into DIR relative to the working directory, creating it, and names the files with DIR', () => {
    const r = initCommand({ cwd: temp, dir: 'repo/sub' });
    expect(r.exitCode).to.equal(0);
    expect(r.stdout).to.include('created repo/sub/cases/example.yaml\ncreated repo/sub/.github/workflows/iamspec.yml\n');
    expect(r.stdout).to.include('\n  cd repo/sub\n');
    expect(readFileSync(join(temp, 'repo/sub/cases/example.yaml'), 'utf8')).to.equal(exampleScenario.text);
  });

  for (const dir of ['.', './', '']) {
    it(`names the files without a prefix when DIR is \`${dir}\` (the working directory)`, () => {
      const r = initCommand({ cwd: temp, dir });
      expect(r.exitCode).to.equal(0);
      expect(r.stdout).to.match(/^created cases\/example\.yaml\ncreated \.github\/workflows\/iamspec\.yml\n/);
      expect(r.stdout).not.to.include('  cd ');
    });
  }

  it('changes nothing when run a second time, and says each file was left alone', () => {
    initCommand({ cwd: temp });
    const before = snapshot(temp);
    const r = initCommand({ cwd: temp });
    expect(r.exitCode).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout.split('\n').slice(0, 2)).to.deep.equal([
      'exists, left alone: cases/example.yaml',
      'exists, left alone: .github/workflows/iamspec.yml',
    ]);
    expect(snapshot(temp)).to.deep.equal(before);
  });

  const inTheWay: { name: string; make: (path: string) => void }[] = [
    { name: 'a file the user edited', make: (p) => writeFileSync(p, 'name: mine\nexpect: []\n') },
    { name: 'an empty file', make: (p) => writeFileSync(p, '') },
    { name: 'a folder', make: (p) => mkdirSync(p) },
    { name: 'a dangling symbolic link', make: (p) => symlinkSync(join(dirname(p), 'nowhere'), p) },
  ];
  for (const row of inTheWay) {
    for (const file of starterFiles) {
      it(`leaves ${row.name} at ${file.path} alone and still creates the other file`, () => {
        mkdirSync(join(temp, dirname(file.path)), { recursive: true });
        row.make(join(temp, file.path));
        const before = snapshot(temp);
        const r = initCommand({ cwd: temp });
        expect(r.exitCode, r.stderr).to.equal(0);
        expect(r.stdout).to.include(`exists, left alone: ${file.path}\n`);
        for (const other of starterFiles.filter((f) => f !== file)) {
          expect(r.stdout).to.include(`created ${other.path}\n`);
          expect(readFileSync(join(temp, other.path), 'utf8')).to.equal(other.text);
        }
        const after = snapshot(temp);
        for (const [path, text] of Object.entries(before)) expect(after[path], path).to.equal(text);
        if (row.name === 'a dangling symbolic link') expect(lstatSync(join(temp, file.path)).isSymbolicLink()).to.equal(true);
      });
    }
  }

  const writeErrors: { name: string; setup: () => void; dir: string; want: string[]; created: string[] }[] = [
    {
      name: 'DIR is a file: both files fail',
      setup: () => writeFileSync(join(temp, 'afile'), 'x'),
      dir: 'afile',
      want: [
        'afile/cases/example.yaml: error: cannot write `afile/cases/example.yaml`: a file stands where a folder is needed [INIT_WRITE]',
        'afile/.github/workflows/iamspec.yml: error: cannot write `afile/.github/workflows/iamspec.yml`: a file stands where a folder is needed [INIT_WRITE]',
      ],
      created: [],
    },
    {
      name: '`cases` is a file: the scenario fails (it does not exist), the workflow is still created',
      setup: () => writeFileSync(join(temp, 'cases'), 'x'),
      dir: '.',
      want: ['cases/example.yaml: error: cannot write `cases/example.yaml`: a file stands where a folder is needed [INIT_WRITE]'],
      created: ['created .github/workflows/iamspec.yml'],
    },
    {
      name: '`.github` is a file: the workflow fails, the scenario is still created',
      setup: () => writeFileSync(join(temp, '.github'), 'x'),
      dir: '.',
      want: [
        '.github/workflows/iamspec.yml: error: cannot write `.github/workflows/iamspec.yml`: a file stands where a folder is needed [INIT_WRITE]',
      ],
      created: ['created cases/example.yaml'],
    },
  ];
  for (const row of writeErrors) {
    it(`exits 2 with a positioned INIT_WRITE error when a file cannot be written (${row.name})`, () => {
      row.setup();
      const r = initCommand({ cwd: temp, dir: row.dir });
      expect(r.exitCode).to.equal(2);
      const help = '  help: run `iamspec init` in a folder you can write to, or create the file by hand';
      expect(r.stderr).to.equal(row.want.map((line) => `${line}\n${help}\n`).join(''));
      expect(r.stdout).to.equal(row.created.map((line) => `${line}\n`).join(''));
    });
  }

  const nextSteps: { name: string; packageJson?: string; want: string[]; notWant: string[] }[] = [
    {
      name: 'no package.json',
      want: ['  npm init -y\n', '  npm install --save-dev ./iamspec-0.1.0.tgz   # or github:iamspec/iamspec#v0.1.0 (README, "Install")\n'],
      notWant: [],
    },
    {
      name: 'a package.json without iamspec',
      packageJson: '{"name":"infra"}',
      want: ['  npm install --save-dev ./iamspec-0.1.0.tgz   # or github:iamspec/iamspec#v0.1.0 (README, "Install")\n'],
      notWant: ['npm init'],
    },
    {
      name: 'a package.json that is not JSON',
      packageJson: '{ name',
      want: ['  npm install --save-dev ./iamspec-0.1.0.tgz   # or github:iamspec/iamspec#v0.1.0 (README, "Install")\n'],
      notWant: ['npm init'],
    },
    {
      name: 'iamspec in devDependencies',
      packageJson: '{"devDependencies":{"iamspec":"0.1.0"}}',
      want: [],
      notWant: ['npm init', 'npm install'],
    },
    {
      name: 'iamspec in dependencies',
      packageJson: '{"dependencies":{"iamspec":"^0.1.0"}}',
      want: [],
      notWant: ['npm init', 'npm install'],
    },
  ];
  for (const row of nextSteps) {
    it(`prints the next steps for ${row.name}`, () => {
      if (row.packageJson !== undefined) writeFileSync(join(temp, 'package.json'), row.packageJson);
      const r = initCommand({ cwd: temp });
      expect(r.exitCode).to.equal(0);
      for (const text of [...row.want, '  npx iamspec test ']) expect(r.stdout).to.include(text);
      for (const text of row.notWant) expect(r.stdout).not.to.include(text);
    });
  }

  it('prints the GitLab CI job and the Jenkins pipeline, indented as blocks', () => {
    const r = initCommand({ cwd: temp });
    const indented = (text: string): string =>
      text
        .trimEnd()
        .split('\n')
        .map((l) => (l ? `    ${l}` : l))
        .join('\n');
    expect(r.stdout).to.include(`GitLab CI: add this job to .gitlab-ci.yml\n\n${indented(gitlabJob)}\n`);
    expect(r.stdout).to.include(`Jenkins: a Jenkinsfile (needs the NodeJS and JUnit plugins)\n\n${indented(jenkinsPipeline)}\n`);
  });
});

describe('iamspec init templates', () => {
  it('the scenario starts with a modeline naming the schema the installed package ships', () => {
    const first = exampleScenario.text.split('\n')[0]!;
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match, first).to.not.equal(null);
    // The language server resolves a relative schema path against the scenario's folder.
    expect(posix.normalize(posix.join(posix.dirname(exampleScenario.path), match![1]!))).to.equal(installedSchemaPath);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).to.include(installedSchemaPath.replace('node_modules/iamspec/', ''));
  });

  it('the workflow checks out, sets up Node.js, installs with npm ci, runs the tests with a JUnit report and uploads it', () => {
    const wf = parse(githubWorkflow.text) as { on: string[]; jobs: Record<string, { steps: Record<string, unknown>[] }> };
    expect(wf.on).to.deep.equal(['push', 'pull_request']);
    const steps = wf.jobs.iamspec!.steps;
    expect(steps.map((s) => s.uses ?? s.run)).to.deep.equal([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      ciTestCommand,
      'actions/upload-artifact@v4',
    ]);
    expect(ciTestCommand).to.equal('npx iamspec test cases --strict --junit reports/junit.xml');
    expect(steps[4]).to.deep.include({ if: 'always()', with: { name: 'iamspec-junit', path: 'reports/junit.xml' } });
  });

  it('the GitLab job runs the same command and hands GitLab the JUnit report', () => {
    const job = (parse(gitlabJob) as Record<string, { script: string[]; artifacts: unknown }>).iamspec!;
    expect(job.script).to.deep.equal(['npm ci', ciTestCommand]);
    expect(job.artifacts).to.deep.equal({ when: 'always', reports: { junit: 'reports/junit.xml' } });
  });

  it('the Jenkins pipeline runs the same command and records the JUnit report always', () => {
    expect(jenkinsPipeline).to.include(`sh '${ciTestCommand}'`);
    expect(jenkinsPipeline).to.match(/post \{\n {4}always \{\n {6}junit 'reports\/junit\.xml'\n/);
  });
});
