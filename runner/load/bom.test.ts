/**
 * A byte order mark before JSON policy text (runner/load/json.ts `parseJson`), on each path that
 * reads JSON policies: rows in testdata/bom.yaml.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../catalog/catalog';
import { positionDiagnostic, type Diagnostic } from '../diagnostics';
import { buildScenario } from '../model/build';
import { planScenario } from '../plan';
import { loadScenario, sortDiagnostics } from './load-scenario';

interface Row {
  name: string;
  files: Record<string, string>;
  /** The policy `p`: a `{ file: ... }` or `{ terraform: ..., address: ... }` reference. */
  source: string;
  /** Every diagnostic: `FILE:LINE:COL CODE: MESSAGE`. */
  want: string[];
}

const catalog = loadCatalog();
const rows = parse(readFileSync(join(__dirname, 'testdata/bom.yaml'), 'utf8')) as Row[];

describe('a byte order mark before JSON policy text', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'iamspec-bom-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  rows.forEach((row, i) => {
    it(row.name, () => {
      expect(row.want, 'a row needs an expectation').to.not.be.empty;
      const dir = join(root, String(i));
      mkdirSync(dir);
      for (const [file, text] of Object.entries(row.files)) writeFileSync(join(dir, file), text.replace(/^BOM|(?<=")BOM/g, '\ufeff'));
      const scenario = [
        `policies:\n  p: ${row.source}`,
        'principals:\n  app: { arn: "arn:aws:iam::111122223333:role/app", policies: [p] }',
        'expect:\n  - { principal: app, resource: "arn:aws:s3:::b/k", implicitDeny: [s3:GetObject] }\n',
      ].join('\n');
      writeFileSync(join(dir, 'scenario.yaml'), scenario);
      const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
      let all: Diagnostic[] = [...loaded.diagnostics];
      if (loaded.value) {
        const built = buildScenario(loaded.value);
        all = [...all, ...built.diagnostics, ...planScenario(built.value, catalog).diagnostics];
      }
      const got = sortDiagnostics(all, 'scenario.yaml')
        .map((d) => positionDiagnostic(d, loaded.sources))
        .map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
      expect(got).to.deep.equal(row.want);
    });
  });
});
