/**
 * docs/checks/: one page per finding code of `iamspec check`, each with its sections, a source,
 * and an example that really draws the finding.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { checkCommand } from '../../runner/check/check-command';
import { allFindingCodes } from '../../runner/check/findings';
import { checkPolicyWithCatalog } from '../../runner/policy/check-catalog';

const dir = join(__dirname, '..', '..', 'docs', 'checks');
const codes = allFindingCodes();

describe('docs/checks: a page per finding code', () => {
  const pages = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it('every code has a page, and every page is a code', () => {
    expect(
      codes.map((c) => `${c.code}.md`).filter((p) => !pages.includes(p)),
      'codes without a page',
    ).to.deep.equal([]);
    expect(
      pages.filter((p) => !codes.some((c) => `${c.code}.md` === p)),
      'pages without a code',
    ).to.deep.equal([]);
  });

  it('the index lists every code with its severity', () => {
    const index = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const c of codes) expect(index, c.code).to.include(`| [${c.code}](${c.code}.md) | ${c.severity} |`);
  });

  describe('each page', () => {
    const catalog = loadCatalog();
    let work: string;
    before(() => (work = mkdtempSync(join(tmpdir(), 'iamspec-checks-doc-'))));
    after(() => rmSync(work, { recursive: true, force: true }));

    for (const c of codes) {
      it(`${c.code}: title, severity, sections, an AWS source, and an example that draws it`, () => {
        const text = readFileSync(join(dir, `${c.code}.md`), 'utf8');
        expect(text.startsWith(`# ${c.code}\n`)).to.equal(true);
        expect(text).to.include(`Severity: **${c.severity}**.`);
        for (const section of ['## Why it matters', '## Example', '## Fix', '## Source'])
          expect(text, section).to.include(`\n${section}\n`);
        const source = text.slice(text.indexOf('\n## Source\n'));
        expect(source).to.match(/<https:\/\/docs\.aws\.amazon\.com\/[^>]+>/);
        const example = /\n## Example\n\n```(json|yaml)\n([\s\S]*?)\n```\n/.exec(text);
        expect(example, 'an Example with a json or yaml block').to.not.equal(null);
        const file = `${c.code}.${example![1]}`;
        writeFileSync(join(work, file), example![2] + '\n');
        let out = '';
        checkCommand({
          paths: [file],
          json: `${c.code}.findings.json`,
          cwd: work,
          catalog,
          checkPolicy: checkPolicyWithCatalog,
          version: 'test',
          stdout: (t) => (out += t),
          stderr: (t) => (out += t),
        });
        const found = (JSON.parse(readFileSync(join(work, `${c.code}.findings.json`), 'utf8')) as { findings: { code: string }[] })
          .findings;
        expect(
          found.map((f) => f.code),
          out,
        ).to.include(c.code);
      });
    }
  });
});
