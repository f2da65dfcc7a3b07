import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../catalog/catalog';
import { formatDiagnostic, positionDiagnostic } from './diagnostics';
import { planRun } from './pipeline';

interface FilterFixture {
  name: string;
  principals?: string[];
  resources?: string[];
  actions?: string[];
  want: { cases?: string[]; errors?: string[] };
}

const repo = join(__dirname, '..');
const table = parse(readFileSync(join(__dirname, 'testdata', 'filter.yaml'), 'utf8')) as FilterFixture[];

describe('case filters (--principal, --resource, --action)', () => {
  const catalog = loadCatalog();
  for (const t of table) {
    it(t.name, () => {
      const planned = planRun({
        paths: ['runner/testdata/filter/cases'],
        cwd: repo,
        catalog,
        filters: { principals: t.principals ?? [], resources: t.resources ?? [], actions: t.actions ?? [] },
      });
      if (t.want.errors) {
        expect(planned.kind).to.equal('stopped');
        if (planned.kind !== 'stopped') return;
        expect(planned.diagnostics.map((d) => formatDiagnostic(positionDiagnostic(d, planned.sources)))).to.deep.equal(t.want.errors);
        return;
      }
      expect(planned.kind).to.equal('planned');
      if (planned.kind !== 'planned') return;
      const names = planned.run.plans.flatMap((p) => (p.kind === 'cases' ? p.cases.map((c) => `${p.suite.name} › ${c.name}`) : []));
      expect(names).to.deep.equal(t.want.cases);
      expect(planned.run.total).to.equal(names.length);
    });
  }
});
