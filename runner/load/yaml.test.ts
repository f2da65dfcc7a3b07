import { expect } from 'chai';
import { parseDocument } from 'yaml';
import { MAX_NESTING } from './limits';
import { checkStructure } from './nesting';
import { parseYaml, toPlain } from './yaml';

describe('parseYaml', () => {
  it('reports nesting past what the parser can hold as one NESTING_TOO_DEEP, not a stack overflow per level', () => {
    // A quote at the start of a plain scalar's continuation line looks like a quoted string to the
    // pre-scan, which then skips the brackets after it: the parser itself runs out of stack.
    const text = "a: b\n  'c\nd: " + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
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

describe('the nesting limit', () => {
  // Each shape nested exactly `n` mappings and lists deep (`n` even). `tree: false`: the tree walk
  // never visits the nesting (complex keys are not scenario data), so only the pre-scan counts it.
  const shapes: { name: string; make: (n: number) => string; tree?: false }[] = [
    { name: 'flow lists', make: (n) => '['.repeat(n) + 'x' + ']'.repeat(n) },
    { name: 'flow lists in a JSON object', make: (n) => '{"a": ' + '['.repeat(n - 1) + ']'.repeat(n - 1) + '}' },
    { name: 'block lists on one line', make: (n) => '- '.repeat(n) + 'x\n' },
    { name: 'block mappings', make: (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n' },
    {
      name: "lists of mappings, each list at its key's column",
      make: (n) => Array.from({ length: n / 2 }, (_, i) => `${'  '.repeat(i)}- k${i}:`).join('\n') + ' x\n',
    },
    { name: 'complex keys', make: (n) => '? '.repeat(n) + 'x\n', tree: false },
  ];
  for (const { name, make, tree } of shapes) {
    it(`accepts ${MAX_NESTING} levels and refuses ${MAX_NESTING + 2}: ${name}`, () => {
      const ok = parseYaml(make(MAX_NESTING), 'f.yaml');
      expect(ok.diagnostics).to.deep.equal([]);
      // A complex key is refused as a key (one error at the outermost), not for its depth.
      expect(toPlain(ok.value!).diagnostics.map((d) => d.code)).to.deep.equal(tree === false ? ['YAML_SYNTAX'] : []);
      const text = make(MAX_NESTING + 2);
      // The pre-scan alone…
      expect(checkStructure(text, 'f.yaml')?.code).to.equal('NESTING_TOO_DEEP');
      if (tree === false) return;
      // …and the tree walk alone, without the pre-scan.
      const document = parseDocument(text, { uniqueKeys: false });
      const walked = toPlain({ file: 'f.yaml', text, document, root: document.contents });
      expect(walked.diagnostics.map((d) => [d.code, d.message])).to.deep.equal([
        ['NESTING_TOO_DEEP', `nesting is deeper than the limit of ${MAX_NESTING} levels`],
      ]);
    });
  }
});
