/**
 * Generates `scenario-validator.ts`: the scenario schema compiled by ajv ahead of time
 * (ajv's standalone code), so a run does not load ajv's compiler and compile the schema at start
 * (about 100 ms of a cold start). Never imported at run time; `schema.test.ts` checks that the
 * committed file matches the schema, and regenerates it with
 * `IAMSPEC_UPDATE_VALIDATOR=1 npx mocha runner/load/schema.test.ts`.
 */
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from './scenario.schema.json';

/** ajv's options for the scenario schema: every error, with its schema (`verbose`) for messages. */
export const ajvOptions = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;

/** The text of `scenario-validator.ts` for the current schema. */
export function validatorSource(): string {
  const ajv = new Ajv({ ...ajvOptions, code: { source: true, esm: true } });
  // `expected` is an annotation: what to tell the user when a value does not fit.
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return [
    '// @ts-nocheck',
    '/* GENERATED from scenario.schema.json by validator-source.ts: do not edit. Regenerate with',
    '   IAMSPEC_UPDATE_VALIDATOR=1 npx mocha runner/load/schema.test.ts */',
    code,
    '',
  ].join('\n');
}
