import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionsDoc } from './decisions-doc';
import { evaluationRules } from './engine/decide';
import { layerOrder } from './engine/layers';

const committed = readFileSync(join(__dirname, '..', 'docs', 'decisions.md'), 'utf8');

describe('docs/decisions.md', () => {
  it('is the generated text (regenerate: `npm run docs:decisions`)', () => {
    expect(committed).to.equal(decisionsDoc());
  });

  it('lists every rule id, in the order decide.ts tries them, and every layer', () => {
    const doc = decisionsDoc();
    const rows = [...doc.matchAll(/^\| (\d+) \| `(\w+)` \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).to.deep.equal(Object.keys(evaluationRules).map((rule, i) => [i + 1, rule]));
    for (const layer of layerOrder) expect(doc).to.include(`| \`${layer}\` |`);
  });
});
