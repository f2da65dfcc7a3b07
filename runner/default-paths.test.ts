import { expect } from 'chai';
import { DEFAULT_SCENARIO_PATH, scenarioPathsOrDefault } from './default-paths';
import { ciTestCommand, exampleScenario } from './init-templates';

describe('default scenario path', () => {
  const cases: { name: string; input: readonly string[] | undefined; want: string[] }[] = [
    { name: 'no paths read the `cases` folder', input: undefined, want: ['cases'] },
    { name: 'an empty list reads the `cases` folder', input: [], want: ['cases'] },
    { name: 'given paths are kept, in order', input: ['b.yaml', 'a'], want: ['b.yaml', 'a'] },
  ];
  for (const c of cases) it(c.name, () => expect(scenarioPathsOrDefault(c.input)).to.deep.equal(c.want));

  it('is where `iamspec init` writes its starter suite and what its workflow runs', () => {
    expect(exampleScenario.path.startsWith(`${DEFAULT_SCENARIO_PATH}/`)).to.equal(true);
    expect(ciTestCommand).to.equal('npx iamspec test cases --strict --junit reports/junit.xml');
  });
});
