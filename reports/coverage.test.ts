import { expect } from 'chai';
import { consoleReporter } from './console';
import { coberturaReporter, coberturaXml } from './coverage-cobertura';
import { coverageJsonReporter } from './coverage-json';
import { coverageText, maxListed } from './coverage-text';
import type { Coverage, RunEvent, StatementCoverage } from './events';
import { coberturaSchemaErrors } from './testdata/cobertura-schema';
import { collect, golden, loadRun } from './testdata/runs';
import pc from 'picocolors';

function coverageOf(events: RunEvent[]): Coverage {
  const end = events[events.length - 1];
  if (end.kind !== 'runEnd' || !end.coverage) throw new Error('the run has no coverage');
  return end.coverage;
}

describe('coverage reporters', () => {
  const table = [
    { name: 'the JSON report (opa-style line ranges, statements)', golden: 'coverage.coverage.json', reporter: coverageJsonReporter() },
    { name: 'the Cobertura report', golden: 'coverage.cobertura.xml', reporter: coberturaReporter() },
    {
      name: 'the console: the summary, then the statements not covered',
      golden: 'coverage.console.txt',
      reporter: consoleReporter({ color: false }),
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const { events } = loadRun('coverage');
      const out = collect(t.reporter(events));
      expect(out).to.equal(golden(t.golden, out));
    });
  }

  it('JSON: per file the covered and not covered ranges, and the threshold the exit code read', () => {
    const doc = JSON.parse(collect(coverageJsonReporter()(loadRun('coverage').events)));
    const payments = doc.files['cases/payments.yaml'];
    expect(payments.covered).to.deep.equal([{ start: { row: 11 }, end: { row: 14 } }]);
    expect(payments.not_covered).to.deep.equal([
      { start: { row: 15 }, end: { row: 21 } },
      { start: { row: 40 }, end: { row: 43 } },
    ]);
    expect([payments.covered_lines, payments.not_covered_lines, payments.coverage]).to.deep.equal([4, 11, 33.33]);
    expect([doc.coverage, doc.threshold, doc.threshold_met]).to.deep.equal([50, 80, false]);
    expect(Object.keys(doc.files)).to.deep.equal([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'cases/payments.yaml',
      'cases/policies/scp.json',
    ]);
  });

  it('Cobertura: valid against coverage-04.dtd (as XSD); paths relative to the source; managed policies left out', async () => {
    const xml = collect(coberturaReporter()(loadRun('coverage').events));
    expect(await coberturaSchemaErrors(xml)).to.deep.equal([]);
    expect(xml).to.include('<source>/home/ci/project</source>');
    // What GitLab reads: each class's filename (relative to the project root) and its lines' hits.
    const classes = [...xml.matchAll(/<class name="[^"]*" filename="([^"]+)"[^>]*>[\s\S]*?<\/class>/g)].map((m) => {
      const classLines = m[0].slice(m[0].lastIndexOf('</methods>'));
      return [m[1], [...classLines.matchAll(/<line number="(\d+)" hits="(\d+)"/g)].map((l) => `${l[1]}:${l[2]}`).join(' ')];
    });
    expect(classes).to.deep.equal([
      ['cases/payments.yaml', '11:2 12:2 13:2 14:2 15:0 16:0 17:0 18:0 19:0 20:0 21:0 40:0 41:0 42:0 43:0'],
      ['cases/policies/scp.json', '4:1 5:1 6:1 7:1 8:1 9:1 10:1 11:1 12:1 13:0 14:0 15:0 16:0 17:0'],
    ]);
  });

  it('Cobertura: the schema check rejects a report that breaks the DTD (a missing required attribute)', async () => {
    const xml = coberturaXml(coverageOf(loadRun('coverage').events), new Date(0)).replace(' complexity="0" version=', ' version=');
    expect((await coberturaSchemaErrors(xml)).join('\n')).to.match(/complexity/);
  });

  it('Cobertura: an absolute path becomes relative to the source, one outside it keeps its `..`; an empty run is valid', async () => {
    const coverage = coverageOf(loadRun('coverage').events);
    const [managed, payments, scp] = coverage.files;
    const moved: Coverage = {
      ...coverage,
      files: [managed, { ...payments, file: '/home/ci/project/cases/payments.yaml' }, { ...scp, file: '../infra/scp.json' }],
    };
    const filenames = [...coberturaXml(moved, new Date(0)).matchAll(/filename="([^"]+)"/g)].map((m) => m[1]);
    expect(filenames).to.deep.equal(['../infra/scp.json', 'cases/payments.yaml']);
    const empty: Coverage = { ...coverage, files: [], coveredStatements: 0, partialStatements: 0, totalStatements: 0, percent: 100 };
    const xml = coberturaXml(empty, new Date(0));
    expect(await coberturaSchemaErrors(xml)).to.deep.equal([]);
    expect(xml).to.include('line-rate="1"').and.include('lines-valid="0"');
  });

  it(`console: lists at most ${maxListed} statements not covered, then counts the rest`, () => {
    const statement = (i: number): StatementCoverage => ({
      policy: 'p',
      kind: 'identity',
      index: i,
      effect: 'Allow',
      location: { file: 'a.yaml', line: i + 1, column: 9 },
      endLine: i + 1,
      status: 'uncovered',
      hits: 0,
    });
    const statements = Array.from({ length: maxListed + 5 }, (_, i) => statement(i));
    const coverage: Coverage = {
      root: '/r',
      files: [
        {
          file: 'a.yaml',
          managed: false,
          statements,
          covered: [],
          notCovered: [],
          coveredStatements: 0,
          partialStatements: 0,
          totalStatements: statements.length,
          percent: 0,
        },
      ],
      coveredStatements: 0,
      partialStatements: 0,
      totalStatements: statements.length,
      percent: 0,
      thresholdMet: true,
    };
    const lines = coverageText(coverage, pc.createColors(false), (t) => t).split('\n');
    expect(lines[0]).to.equal(`coverage: 0 of ${maxListed + 5} statements covered (0%)`);
    expect(lines[1]).to.equal('  a.yaml:1:9 p statement 1');
    expect(lines[maxListed]).to.equal(`  a.yaml:${maxListed}:9 p statement ${maxListed}`);
    expect(lines[maxListed + 1]).to.equal('  and 5 more statements not covered');
    expect(lines).to.have.length(maxListed + 3);
  });

  it('console: prints nothing about coverage when the run did not collect it', () => {
    const events = loadRun('coverage').events.map((e) => (e.kind === 'runEnd' ? { ...e, coverage: undefined } : e)) as RunEvent[];
    expect(collect(consoleReporter({ color: false })(events))).not.to.include('coverage');
  });
});
