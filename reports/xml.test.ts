import { expect } from 'chai';
import fc from 'fast-check';
import { collapseToken, escapeAttribute, escapeText, xmlSafe } from './xml';

describe('xml escaping', () => {
  const table = [
    { name: 'markup characters in text', fn: escapeText, input: `<a href="x">&'</a>`, want: `&lt;a href="x"&gt;&amp;'&lt;/a&gt;` },
    { name: 'the CDATA terminator in text', fn: escapeText, input: 'a]]>b', want: 'a]]&gt;b' },
    { name: 'carriage return in text', fn: escapeText, input: 'a\r\nb', want: 'a&#13;\nb' },
    { name: 'quotes in attributes', fn: escapeAttribute, input: `"it's"`, want: '&quot;it&apos;s&quot;' },
    { name: 'whitespace in attributes', fn: escapeAttribute, input: 'a\tb\nc\rd', want: 'a&#9;b&#10;c&#13;d' },
    { name: 'forbidden control characters', fn: xmlSafe, input: 'a\x00b\x08c\x0bd\x1fe', want: 'a\\u0000b\\u0008c\\u000Bd\\u001Fe' },
    { name: 'U+FFFE and U+FFFF', fn: xmlSafe, input: '\uFFFE\uFFFF\uFFFD', want: '\\uFFFE\\uFFFF\uFFFD' },
    { name: 'lone surrogates', fn: xmlSafe, input: 'a\uD800b\uDC00', want: 'a\\uD800b\\uDC00' },
    { name: 'astral characters and tab, newline, return are kept', fn: xmlSafe, input: '😀\t\n\r', want: '😀\t\n\r' },
    { name: 'token whitespace is collapsed', fn: collapseToken, input: '  a \t\n b\r ', want: 'a b' },
    { name: 'Unicode spaces at the ends of a token are trimmed', fn: collapseToken, input: '\u00a0a b\u2028', want: 'a b' },
    { name: 'a plain token is kept', fn: collapseToken, input: 'a › b', want: 'a › b' },
    { name: 'plain text is kept', fn: escapeText, input: `it's "a › b" é 😀\t\n`, want: `it's "a › b" é 😀\t\n` },
    { name: 'a plain attribute is kept', fn: escapeAttribute, input: 'a › b: é', want: 'a › b: é' },
    { name: 'an astral character in an attribute is kept', fn: escapeAttribute, input: '😀', want: '😀' },
  ];
  for (const { name, fn, input, want } of table) it(name, () => expect(fn(input)).to.equal(want));
});

describe('xml escaping fast paths', () => {
  // The escapes without their fast paths, as they were written first.
  const slowText = (t: string): string =>
    xmlSafe(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  const slowAttribute = (t: string): string =>
    slowText(t).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
  const slowCollapse = (t: string): string => t.replace(/[ \t\n\r]+/g, ' ').trim();
  const text = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '\t',
        '\n',
        '\r',
        '"',
        "'",
        '&',
        '<',
        '>',
        '›',
        '\u00a0',
        '\ud800',
        '\udc00',
        '\ufffe',
        '\x7f',
        '\x01',
      ),
    }),
  );
  const table = [
    { name: 'escapeText', fn: escapeText, slow: slowText },
    { name: 'escapeAttribute', fn: escapeAttribute, slow: slowAttribute },
    { name: 'collapseToken', fn: collapseToken, slow: slowCollapse },
  ];
  for (const { name, fn, slow } of table) {
    it(`${name} agrees with the plain replace chain`, () => {
      fc.assert(
        fc.property(text, (t) => fn(t) === slow(t)),
        { seed: 42, numRuns: 2000 },
      );
    });
  }
});
