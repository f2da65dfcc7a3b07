import { expect } from 'chai';
import { parseYaml, toPlain } from './yaml';

describe('parseYaml', () => {
  it('reports nesting past what the parser can hold as one NESTING_TOO_DEEP, not a stack overflow per level', () => {
    // A quote at the start of a plain scalar's continuation line looks like a quoted string to the
    // pre-scan, which then skips the brackets after it: the parser itself runs out of stack.
    const text = 'a: b\n  \'c\nd: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
    const got = parseYaml(text, 'f.yaml');
    expect(got.value).to.equal(undefined);
    expect(got.diagnostics.map((d) => [d.code, d.message, d.help])).to.deep.equal([
      ['NESTING_TOO_DEEP', 'nesting is deeper than the parser can read', 'flatten the document; a scenario needs about 10 levels'],
    ]);
    const span = got.diagnostics[0].span!;
    expect(span.start).to.be.within(text.indexOf('['), text.indexOf(']'));
  });
});

describe('parseYaml spans', () => {
  for (const text of ['name: [unclosed', 'a: "x', '{', 'x: |\n\t']) {
    it(`keeps the span of a syntax error inside the text: ${JSON.stringify(text)}`, () => {
      const got = parseYaml(text, 'f.yaml');
      expect(got.diagnostics).to.not.be.empty;
      for (const d of got.diagnostics) {
        expect(d.span!.start).to.be.within(0, text.length);
        expect(d.span!.end).to.be.within(d.span!.start, text.length);
      }
    });
  }
});

describe('toPlain', () => {
  it('reports an alias bomb at the alias whose expansion passes the node limit, not inside the anchored list', () => {
    const big = Array.from({ length: 5000 }, (_, i) => `x${i}`).join(', ');
    const text = `big: &big [${big}]\nexpect: [${Array(100).fill('*big').join(', ')}]\n`;
    const parsed = parseYaml(text, 'f.yaml');
    const got = toPlain(parsed.value!);
    expect(got.diagnostics.map((d) => d.code)).to.deep.equal(['YAML_ALIAS_LIMIT']);
    const span = got.diagnostics[0].span!;
    expect(span.start, 'on line 2').to.be.greaterThan(text.indexOf('\n'));
    expect(text.slice(span.start, span.end)).to.equal('*big');
  });
});
