import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluationRules, type EvaluationRule } from './decide';
import { pageTitles, ruleCitations } from './rule-citations';

const decideSource = readFileSync(join(__dirname, 'decide.ts'), 'utf8');

/** The `[tag] URL` sources of decide.ts's header. */
function headerTags(source: string): Map<string, string> {
  return new Map([...source.matchAll(/^ \* - \[(\w+)\] (https:\/\/\S+)$/gm)].map((m) => [m[1], m[2]]));
}

/** The URLs the comment above one step of decide.ts's `steps` cites, `[tag]`s expanded. */
function citedBy(rule: EvaluationRule, source: string): string[] {
  const lines = source.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^  ${rule}\\(`).test(l));
  expect(at, `decide.ts has a step \`${rule}\``).to.be.greaterThan(0);
  let start = at;
  while (start > 0 && lines[start - 1].startsWith('  //')) start--;
  const comment = lines.slice(start, at).join('\n');
  const tags = headerTags(source);
  const urls = [...comment.matchAll(/https:\/\/[^\s),"]+/g)].map((m) => m[0].replace(/[.:;]$/, ''));
  for (const m of comment.matchAll(/\[(\w+)\]/g)) if (tags.has(m[1])) urls.push(tags.get(m[1])!);
  return [...new Set(urls)];
}

describe('ruleCitations', () => {
  it('lists the rules in the order of `evaluationRules`', () => {
    expect(Object.keys(ruleCitations)).to.deep.equal(Object.keys(evaluationRules));
  });

  it('reads the pages a step cites, `[tag]`s included (the reader itself)', () => {
    const source = [
      ' * - [a] https://example.com/a.html',
      'const steps = {',
      '  // [a] "Deny evaluation" and https://example.com/b.html, section "x".',
      '  explicitDeny(f) {',
    ].join('\n');
    expect(citedBy('explicitDeny', source)).to.deep.equal(['https://example.com/b.html', 'https://example.com/a.html']);
  });

  for (const rule of Object.keys(evaluationRules) as EvaluationRule[]) {
    it(`\`${rule}\`: has a citation, and every page its step in decide.ts cites`, () => {
      const listed = ruleCitations[rule].map((c) => c.url);
      expect(listed).to.not.be.empty;
      for (const url of citedBy(rule, decideSource)) expect(listed, `decide.ts cites ${url} for \`${rule}\``).to.include(url);
      for (const c of ruleCitations[rule]) {
        expect(c.url).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
        expect(pageTitles[c.url], `the title of ${c.url}`).to.be.a('string');
        expect(c.section).to.not.equal('');
      }
    });
  }
});
