import { expect } from 'chai';
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
  ];
  for (const { name, fn, input, want } of table) it(name, () => expect(fn(input)).to.equal(want));
});
