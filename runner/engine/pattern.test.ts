import { expect } from 'chai';
import { compilePattern } from './pattern';

describe('compilePattern', () => {
  const lit = (text: string, literalAt: number[]): { text: string; literal: boolean[] } => ({
    text,
    literal: [...text].map((_, i) => literalAt.includes(i)),
  });
  const table: { name: string; pattern: { text: string; literal?: boolean[] }; input: string; want: boolean }[] = [
    { name: 'a plain wildcard matches any run', pattern: { text: 'a*b' }, input: 'axxb', want: true },
    { name: 'a literal star matches only a star', pattern: lit('a*b', [1]), input: 'a*b', want: true },
    { name: 'a literal star is not a wildcard', pattern: lit('a*b', [1]), input: 'axb', want: false },
    { name: 'a literal question mark is not a wildcard', pattern: lit('a?', [1]), input: 'ax', want: false },
    { name: 'a literal and a wildcard star together', pattern: lit('a*/*', [1]), input: 'a*/anything', want: true },
    { name: 'a wildcard star after a literal one needs the literal', pattern: lit('a*/*', [1]), input: 'ab/anything', want: false },
    { name: 'a wildcard question mark beside a literal star', pattern: lit('?*', [1]), input: 'x*', want: true },
    { name: 'middle segments are found in order', pattern: lit('*x*y*$', [5]), input: 'axbyc$', want: true },
    { name: 'a literal pattern is exact', pattern: lit('**', [0, 1]), input: '**', want: true },
  ];
  for (const t of table) it(t.name, () => expect(compilePattern(t.pattern)(t.input)).to.equal(t.want));
});
