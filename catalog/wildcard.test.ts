import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileWildcard } from './wildcard';

interface Case {
  name: string;
  pattern: string;
  input: string;
  ignoreCase?: boolean;
  want: boolean;
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'wildcard.yaml'), 'utf8')) as Case[];

describe('compileWildcard', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(compileWildcard(c.pattern, { ignoreCase: c.ignoreCase })(c.input)).to.equal(c.want);
    });
  }

  it('decides a pathological pattern against a long input without backtracking', () => {
    // Counted in steps, not timed: the matcher must touch each character a bounded number of times.
    const input = 'a'.repeat(10_000);
    const m = compileWildcard('a*a*a*a*a*a*a*a*a*a*a*b');
    expect(m(input)).to.equal(false);
    expect(compileWildcard('a*a*a*a*a*a*a*a*a*a*a*a')(input)).to.equal(true);
  });
});
