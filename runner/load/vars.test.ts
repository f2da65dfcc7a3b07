import { expect } from 'chai';
import { expandString, expandVarValues, isTemplateName } from './vars';
import { parseYaml } from './yaml';

const vars = new Map([
  ['account', '111122223333'],
  ['_x1', 'v'],
]);

describe('template vars', () => {
  const table: { name: string; input: string; want: string; undeclared?: [string, number][] }[] = [
    { name: 'replaces a declared name', input: 'arn:aws:iam::${account}:root', want: 'arn:aws:iam::111122223333:root' },
    { name: 'replaces several, with underscores and digits', input: '${_x1}-${account}-${_x1}', want: 'v-111122223333-v' },
    { name: 'leaves IAM policy variables with a colon', input: 'home/${aws:username}/*', want: 'home/${aws:username}/*' },
    { name: 'leaves `${*}`, `${?}` and `${$}`', input: '${*}${?}${$}', want: '${*}${?}${$}' },
    { name: 'turns `$${name}` into a literal `${name}`', input: 'a $${account} b', want: 'a ${account} b' },
    { name: 'leaves `$${aws:x}` alone', input: '$${aws:x}', want: '$${aws:x}' },
    { name: 'replaces inside a policy variable', input: '${aws:PrincipalTag/${_x1}}', want: '${aws:PrincipalTag/v}' },
    { name: 'leaves an unclosed `${`', input: 'a ${account', want: 'a ${account' },
    {
      name: 'reports an undeclared name with its offset',
      input: 'x${acount}y${nope}',
      want: 'x${acount}y${nope}',
      undeclared: [
        ['acount', 1],
        ['nope', 11],
      ],
    },
    {
      name: 'does not read names from the prototype',
      input: '${constructor}${__proto__}',
      want: '${constructor}${__proto__}',
      undeclared: [
        ['constructor', 0],
        ['__proto__', 14],
      ],
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const got = expandString(row.input, vars);
      expect(got.text).to.equal(row.want);
      expect(got.undeclared.map((u) => [u.name, u.offset])).to.deep.equal(row.undeclared ?? []);
    });
  }

  it('knows template names from IAM policy variables', () => {
    expect(['a', '_', 'A_1', 'aws:username', '1a', '*', 'a-b', ''].map(isTemplateName)).to.deep.equal([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('template vars used in other vars', () => {
  const table: { name: string; vars: Record<string, string>; want: Record<string, string>; codes?: string[] }[] = [
    {
      name: 'expands a var used in another var, whatever the order',
      vars: { role: 'arn:aws:iam::${account}:role/app', account: '111122223333' },
      want: { role: 'arn:aws:iam::111122223333:role/app', account: '111122223333' },
    },
    { name: 'expands through several levels', vars: { a: '${b}-a', b: '${c}-b', c: 'c' }, want: { a: 'c-b-a', b: 'c-b', c: 'c' } },
    {
      name: 'keeps IAM variables and `$${name}` literal, without expanding them again',
      vars: { a: '${aws:username}/$${b}', b: 'x' },
      want: { a: '${aws:username}/${b}', b: 'x' },
    },
    { name: 'refuses a var that uses itself', vars: { a: 'x${a}' }, want: { a: 'x${a}' }, codes: ['VAR_CYCLE'] },
    { name: 'refuses an undeclared name in a value', vars: { a: '${nope}' }, want: { a: '${nope}' }, codes: ['UNDECLARED_VAR'] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const text = `vars:\n${Object.entries(row.vars)
        .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
        .join('\n')}\n`;
      const parsed = parseYaml(text, 'scenario.yaml').value!;
      const got = expandVarValues(parsed, new Map(Object.entries(row.vars)));
      expect(Object.fromEntries(got.vars)).to.deep.equal(row.want);
      expect(got.diagnostics.map((d) => d.code)).to.deep.equal(row.codes ?? []);
    });
  }
});
