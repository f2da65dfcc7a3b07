import { expect } from 'chai';
import { ReportText } from './report-text';

describe('ReportText', () => {
  const big = 'x'.repeat(64 * 1024 - 1);
  const table = [
    { name: 'an empty report', writes: [] as string[] },
    { name: 'small chunks', writes: ['<a>', 'é › b', '</a>\n'] },
    { name: 'chunks past the buffer size', writes: [big, 'ab', big, big, 'end'] },
    { name: 'a surrogate pair across the buffer boundary', writes: [big, '\uD83D', '\uDE00 after'] },
    { name: 'a surrogate pair ending a full buffer', writes: [big + '\uD83D\uDE00', 'z'] },
  ];
  for (const { name, writes } of table) {
    it(`gives back the text written: ${name}`, () => {
      const text = new ReportText();
      for (const w of writes) text.write(w);
      const chunks = [...text.chunks()];
      expect(chunks.join('')).to.equal(writes.join(''));
      expect(chunks.every((c) => !c.includes('\uFFFD'))).to.equal(true);
    });
  }
});
