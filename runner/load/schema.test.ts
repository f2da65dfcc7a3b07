import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validatorSource } from './validator-source';
import { validate as generatedValidate } from './scenario-validator';

const generated = join(__dirname, 'scenario-validator.ts');
const validate = generatedValidate as unknown as { (data: unknown): boolean; errors?: { keyword: string }[] | null };

describe('the scenario schema', () => {
  it('has its compiled validator up to date (regenerate: IAMSPEC_UPDATE_VALIDATOR=1)', () => {
    const fresh = validatorSource();
    if (process.env.IAMSPEC_UPDATE_VALIDATOR === '1') writeFileSync(generated, fresh);
    expect(readFileSync(generated, 'utf8')).to.equal(fresh);
  });

  it('accepts the whole example of the scenario format (cases/secretsmanager/payments.yaml)', () => {
    const example = parse(readFileSync(join(__dirname, '..', '..', 'cases', 'secretsmanager', 'payments.yaml'), 'utf8')) as unknown;
    expect(validate(example), JSON.stringify(validate.errors)).to.equal(true);
  });

  it('rejects an unknown key (the check can fail)', () => {
    expect(validate({ expect: [], expectations: [] })).to.equal(false);
    expect(validate.errors?.map((e) => e.keyword)).to.deep.equal(['additionalProperties']);
  });
});
