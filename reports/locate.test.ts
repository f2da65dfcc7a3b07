import { expect } from 'chai';
import { lineCol, positionDiagnostic } from '../runner/diagnostics';
import { formatSpan, spanLocator } from './locate';

describe('spanLocator', () => {
  const text = 'ab\ncd\n\nlast line';
  const locate = spanLocator(new Map([['f.yaml', text]]));
  const table = [
    { name: 'the first character is 1:1', start: 0, want: { line: 1, column: 1 } },
    { name: 'a newline belongs to its own line', start: 2, want: { line: 1, column: 3 } },
    { name: 'the character after a newline starts a line', start: 3, want: { line: 2, column: 1 } },
    { name: 'an empty line has column 1', start: 6, want: { line: 3, column: 1 } },
    { name: 'the last line has no newline', start: 11, want: { line: 4, column: 5 } },
    { name: 'an offset past the end is clamped to the end', start: 99, want: { line: 4, column: 10 } },
  ];
  for (const { name, start, want } of table) {
    it(name, () => {
      expect(locate({ file: 'f.yaml', start, end: start })).to.deep.equal({ file: 'f.yaml', ...want });
    });
  }

  it('agrees with lineCol at every offset', () => {
    for (let start = 0; start <= text.length; start++) {
      const got = locate({ file: 'f.yaml', start, end: start });
      expect(got, `offset ${start}`).to.deep.equal({ file: 'f.yaml', ...lineCol(text, start) });
    }
  });

  it('gives undefined for a file it has no text for', () => {
    expect(locate({ file: 'other.yaml', start: 0, end: 1 })).to.equal(undefined);
  });

  it('formats a span as FILE:LINE:COL, or the file alone when it cannot be located', () => {
    expect(formatSpan({ file: 'f.yaml', start: 4, end: 5 }, locate)).to.equal('f.yaml:2:2');
    expect(formatSpan({ file: 'g.yaml', start: 4, end: 5 }, locate)).to.equal('g.yaml');
    expect(formatSpan({ file: 'f.yaml', start: 4, end: 5 }, undefined)).to.equal('f.yaml');
  });
});

describe('positionDiagnostic with the shared line index', () => {
  const text = 'ab\r\ncd\n\nlast line';
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));

  it('agrees with lineCol at every offset and gives the source line', () => {
    const sources = new Map([['f.yaml', text]]);
    for (let start = 0; start <= text.length; start++) {
      const d = positionDiagnostic(
        { code: 'YAML_SYNTAX', severity: 'error', message: 'm', span: { file: 'f.yaml', start, end: start } },
        sources,
      );
      const { line, column } = lineCol(text, start);
      expect({ line: d.line, column: d.column, sourceLine: d.sourceLine }, `offset ${start}`).to.deep.equal({
        line,
        column,
        sourceLine: lines[line - 1],
      });
    }
  });

  it('follows a file whose text was replaced in the sources map', () => {
    const sources = new Map([['f.yaml', 'a\nb']]);
    const d = { code: 'YAML_SYNTAX' as const, severity: 'error' as const, message: 'm', span: { file: 'f.yaml', start: 2, end: 2 } };
    expect(positionDiagnostic(d, sources)).to.include({ line: 2, column: 1, sourceLine: 'b' });
    sources.set('f.yaml', 'xyz');
    expect(positionDiagnostic(d, sources)).to.include({ line: 1, column: 3, sourceLine: 'xyz' });
    expect(spanLocator(sources)(d.span)).to.deep.equal({ file: 'f.yaml', line: 1, column: 3 });
  });
});
