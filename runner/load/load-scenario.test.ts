import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { buildScenario } from '../model/build';
import { defineFixtureTests, readFixtureCases } from '../../test/support/fixture-tests';
import { checkScenario, expectDiagnostics, useTempFolder, writeProject, type WantDiagnostic } from '../../test/support/scenario-project';
import { MAX_FILE_BYTES, MAX_NESTING, MAX_NODES } from './limits';
import { loadScenario, withoutFollowOns } from './load-scenario';

interface Case {
  name: string;
  files: Record<string, string>;
  want: WantDiagnostic[];
  only?: boolean;
  skip?: boolean | string;
}

describe('loading a scenario', () => {
  const temp = useTempFolder('load');

  describe('reports each kind of mistake with code, position, message and help', () => {
    const cases = readFixtureCases<Case>(join(__dirname, 'testdata/mistakes.yaml'));
    defineFixtureTests(cases, (c) => {
      const i = cases.indexOf(c);
      expect(c.want, 'a case needs an expectation').to.not.be.empty;
      const dir = writeProject(join(temp.root, `mistake-${i}`), c.files);
      expectDiagnostics(checkScenario(dir), c.want);
    });
  });

  describe('hostile input ends with one positioned error, quickly', () => {
    const table: { name: string; content: () => string | Buffer; code: string; at?: string }[] = [
      { name: 'a file larger than the limit', content: () => Buffer.alloc(MAX_FILE_BYTES + 1, 0x61), code: 'FILE_TOO_LARGE' },
      { name: 'a binary file', content: () => Buffer.from([0x65, 0x78, 0x00, 0x01, 0xff]), code: 'BINARY_FILE' },
      { name: 'invalid UTF-8', content: () => Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xc3, 0x28]), code: 'BINARY_FILE' },
      { name: 'an empty file', content: () => '', code: 'EMPTY_FILE', at: '1:1' },
      {
        name: 'nesting 10,000 deep (flow)',
        content: () => 'expect: ' + '['.repeat(10000) + ']'.repeat(10000),
        code: 'NESTING_TOO_DEEP',
        at: `1:${8 + MAX_NESTING}`,
      },
      {
        name: 'nesting past the limit (block)',
        content: () => Array.from({ length: MAX_NESTING + 5 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n',
        code: 'NESTING_TOO_DEEP',
      },
      { name: 'too many values without aliases', content: () => 'expect: [' + '1,'.repeat(MAX_NODES) + ']', code: 'FILE_TOO_LARGE' },
      {
        name: 'a YAML alias bomb',
        content: () => {
          const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
          for (let i = 1; i < 12; i++)
            lines.push(
              `a${i}: &a${i} [${Array(10)
                .fill(`*a${i - 1}`)
                .join(', ')}]`,
            );
          return lines.join('\n') + '\nexpect: []\n';
        },
        code: 'YAML_ALIAS_LIMIT',
      },
    ];
    for (const row of table) {
      it(row.name, () => {
        const dir = mkdtempSync(join(temp.root, 'hostile-'));
        writeFileSync(join(dir, 'scenario.yaml'), row.content());
        const got = checkScenario(dir);
        expect(got.map((d) => d.code)).to.deep.equal([row.code]);
        if (row.at) expect(`${got[0].line}:${got[0].column}`).to.equal(row.at);
        expect(got[0].help).to.be.a('string');
      });
    }

    it('a policy path that leaves the project through a symlink', () => {
      const dir = mkdtempSync(join(temp.root, 'symlink-'));
      const outside = mkdtempSync(join(temp.root, 'outside-'));
      writeFileSync(join(outside, 'p.json'), '{"Version": "2012-10-17", "Statement": []}');
      symlinkSync(outside, join(dir, 'linked'));
      writeFileSync(join(dir, 'scenario.yaml'), 'policies:\n  p: { file: linked/p.json }\nexpect: []\n');
      const got = checkScenario(dir);
      expect(got.map((d) => [d.code, `${d.line}:${d.column}`])).to.deep.equal([['POLICY_FILE_ESCAPES', '2:14']]);
    });

    it('a scenario that links to a file outside the project is refused before it is read', () => {
      const dir = mkdtempSync(join(temp.root, 'scenario-link-'));
      const outside = mkdtempSync(join(temp.root, 'outside-'));
      writeFileSync(join(outside, 'secret'), 'aws_secret_access_key = SECRET-7f3a\n');
      mkdirSync(join(dir, 'cases'));
      symlinkSync(join(outside, 'secret'), join(dir, 'cases', 'leak.yaml'));
      const loaded = loadScenario(join('cases', 'leak.yaml'), join('cases', 'leak.yaml'), { cwd: dir });
      expect(loaded.diagnostics.map((d) => [d.code, d.file, d.span, d.message])).to.deep.equal([
        ['READ_ERROR', join('cases', 'leak.yaml'), undefined, '`cases/leak.yaml` leads to a file outside the project `.`'],
      ]);
      expect([...loaded.sources.keys()], 'nothing was read').to.deep.equal([]);
    });

    it('a scenario that links to a file inside the project is read', () => {
      const dir = mkdtempSync(join(temp.root, 'scenario-link-in-'));
      writeFileSync(join(dir, 'real.yaml'), 'expect: []\n');
      symlinkSync('real.yaml', join(dir, 'scenario.yaml'));
      expect(checkScenario(dir)).to.deep.equal([]);
    });

    for (const which of ['scenario', 'policy file'] as const) {
      it(`a named pipe as the ${which} is refused at once, not waited on`, function () {
        const dir = mkdtempSync(join(temp.root, 'fifo-'));
        const pipe = which === 'scenario' ? 'scenario.yaml' : 'p.json';
        if (which === 'policy file') writeFileSync(join(dir, 'scenario.yaml'), 'policies:\n  p: { file: p.json }\nexpect: []\n');
        const made = spawnSync('mkfifo', [join(dir, pipe)]);
        if (made.status !== 0) this.skip(); // no mkfifo on this system
        const got = checkScenario(dir);
        expect(got.map((d) => [d.code, d.message])).to.deep.equal([
          which === 'scenario'
            ? ['READ_ERROR', 'cannot read `scenario.yaml`: it is not a regular file']
            : ['READ_ERROR', 'policy file `p.json`: cannot read `p.json`: it is not a regular file'],
        ]);
      });
    }
  });

  it('does not pollute prototypes', () => {
    const dir = mkdtempSync(join(temp.root, 'proto-'));
    writeFileSync(
      join(dir, 'scenario.yaml'),
      'vars: { __proto__: "x" }\ncontext: { __proto__: { polluted: yes }, constructor: 1 }\nexpect: []\n',
    );
    checkScenario(dir);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).to.not.have.property('polluted');
  });

  it('applies vars to the scenario and its policy files, leaving IAM policy variables alone', () => {
    const dir = mkdtempSync(join(temp.root, 'vars-'));
    writeProject(dir, {
      'scenario.yaml': [
        'vars: { account: "111122223333", bucket: data }',
        'policies:',
        '  p: { file: policies/p.yaml }',
        'principals:',
        '  app: { arn: "arn:aws:iam::${account}:user/app", policies: [p] }',
        'expect: []',
        '',
      ].join('\n'),
      'policies/p.yaml':
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: "s3:GetObject"\n    Resource: "arn:aws:s3:::${bucket}/${aws:username}/$${bucket}/*"\n',
    });
    const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
    expect(loaded.diagnostics).to.deep.equal([]);
    const built = buildScenario(loaded.value!);
    expect(built.diagnostics).to.deep.equal([]);
    const app = built.value!.principals.get('app')!;
    expect(app.request.arn).to.equal('arn:aws:iam::111122223333:user/app');
    expect(app.policies[0].statements[0].resource?.[0].value).to.equal('arn:aws:s3:::data/${aws:username}/${bucket}/*');
    expect(app.policies[0].span.file).to.equal(join('policies', 'p.yaml'));
  });
});

describe('withoutFollowOns', () => {
  const at = (start: number, end: number, file = 'f', severity: 'error' | 'warning' = 'error') =>
    ({ code: 'SCHEMA', severity, message: `${start}-${end}`, span: { file, start, end } }) as Diagnostic;
  it('drops later diagnostics overlapping an earlier error, keeps the rest', () => {
    const earlier = [at(10, 20), at(50, 50), at(30, 40, 'g'), at(60, 70, 'f', 'warning')];
    const later = [
      at(0, 10),
      at(0, 11),
      at(19, 25),
      at(20, 30),
      at(50, 50),
      at(49, 51),
      at(51, 52),
      at(30, 31),
      at(30, 31, 'g'),
      at(65, 66),
    ];
    expect(withoutFollowOns(earlier, later).map((d) => `${d.span?.file}:${d.message}`)).to.deep.equal([
      'f:0-10',
      'f:20-30',
      'f:51-52',
      'f:30-31',
      'f:65-66',
    ]);
  });
  it('handles thousands of problems (20,000 on each side)', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => at(i * 10, i * 10 + 5));
    expect(
      withoutFollowOns(
        many,
        many.map((d) => at(d.span!.start + 6, d.span!.start + 8)),
      ),
    ).to.have.length(20_000);
  });
});

describe('bulk-broken files', () => {
  it('end with diagnostics (no hang, no stack overflow): 49,000 wrong principals, 40,000 duplicate keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamspec-bulk-'));
    try {
      const texts = [
        ['principals:', ...Array.from({ length: 49_000 }, (_, i) => `  p${i}: 5`), 'expect: []'].join('\n'),
        ['principals:', ...Array.from({ length: 40_000 }, () => '  p: 5'), 'expect: []'].join('\n'),
      ];
      for (const text of texts) {
        writeFileSync(join(dir, 'scenario.yaml'), text);
        const got = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
        expect(got.diagnostics.length).to.be.greaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
