import { expect } from 'chai';
import { main } from '../runner/cli';
import { fileReporterNames, reporterEntry, reporters } from './registry';

describe('reporter registry', () => {
  it('names the file reporters in registry order', () => {
    expect(fileReporterNames()).to.deep.equal(['junit', 'json', 'coverage', 'cobertura']);
  });

  it('marks the reporters that read the coverage, so the run collects it', () => {
    expect(
      Object.entries(reporters)
        .filter(([, e]) => (e as { coverage?: boolean }).coverage === true)
        .map(([n]) => n),
    ).to.deep.equal(['coverage', 'cobertura']);
  });

  it('marks the reporters that need every explanation', () => {
    expect(
      Object.entries(reporters)
        .filter(([, e]) => e.explainsAll)
        .map(([n]) => n),
    ).to.deep.equal(['json']);
  });

  it('gives the CLI one option per file reporter, with its description', async () => {
    let out = '';
    await main(['test', '--help'], { stdout: (t) => (out += t), stderr: () => undefined });
    for (const name of fileReporterNames()) {
      const entry = reporterEntry(name);
      // Commander wraps long descriptions: compare with the whitespace collapsed.
      expect(out.replace(/\s+/g, ' ')).to.include(`--${entry.fileOption} <file> ${entry.description}`);
    }
  });

  it('builds reporters that read run events', () => {
    const chunks = [...reporterEntry('json').create({ color: false })([])];
    expect(chunks.join('')).to.be.a('string');
  });
});
