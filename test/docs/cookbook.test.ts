/**
 * docs/cookbook.md: every recipe is a suite under `cases/` (which the end-to-end test runs with
 * the built CLI), and every suite the cookbook links to cites the AWS documentation in its
 * opening comment.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';

const repo = join(__dirname, '..', '..');
const cookbook = readFileSync(join(repo, 'docs', 'cookbook.md'), 'utf8');

/** The repository-relative paths of the `.yaml` files a markdown text links to from `docs/`. */
export function linkedSuites(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\((\.\.\/[^)#]+\.ya?ml)\)/g)].map((m) => normalize(join('docs', m[1])));
  return [...new Set(links)];
}

describe('docs/cookbook.md', () => {
  const suites = linkedSuites(cookbook);

  it('links to its recipe suites', () => {
    expect(suites.length).to.be.greaterThan(6);
    expect(linkedSuites('[x](../cases/a.yaml) and [y](../cases/a.yaml)')).to.deep.equal([join('cases', 'a.yaml')]);
  });

  for (const suite of suites) {
    it(`\`${suite}\` is a suite under cases/ whose opening comment cites AWS's documentation`, () => {
      expect(suite.split(/[\\/]/)[0], 'recipes live under cases/, which CI runs').to.equal('cases');
      expect(existsSync(join(repo, suite)), `${suite} exists`).to.equal(true);
      const header = readFileSync(join(repo, suite), 'utf8')
        .split('\n')
        .filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('#')));
      expect(header.join('\n')).to.match(/https:\/\/docs\.aws\.amazon\.com\//);
    });
  }
});
