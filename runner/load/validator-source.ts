/**
 * Generates `scenario-validator.ts`: the scenario schema compiled by ajv ahead of time
 * (ajv's standalone code), so a run does not load ajv's compiler and compile the schema at start
 * (about 100 ms of a cold start). Never imported at run time; `schema.test.ts` checks that the
 * committed file matches the schema. Regenerate it with `npm run generate:validator` (or
 * `IAMSPEC_UPDATE_VALIDATOR=1` while running `schema.test.ts`).
 *
 * One change to ajv's output: it gathers a referenced schema's errors with
 * `vErrors = vErrors === null ? v.errors : vErrors.concat(v.errors)`, which copies every error
 * so far for each list item: a file of 100,000 wrong expectations took half a minute. The errors
 * are appended in place instead (linear).
 */
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from './scenario.schema.json';

/** ajv's options for the scenario schema: every error, with its schema (`verbose`) for messages. */
export const ajvOptions = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  inlineRefs: 10_000,
} as const;

/** The text of `scenario-validator.ts` for the current schema. */
export function validatorSource(): string {
  const ajv = new Ajv({ ...ajvOptions, code: { source: true, esm: true } });
  // `expected` is an annotation: what to tell the user when a value does not fit.
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  const code = appendInPlace(standaloneCode(ajv, ajv.compile(schema)));
  return [
    '// @ts-nocheck',
    '/* GENERATED from scenario.schema.json by validator-source.ts: do not edit. Regenerate with',
    '   npm run generate:validator */',
    code,
    '',
  ].join('\n');
}

/** ajv's `concat` of a referenced validator's errors, rewritten as an in-place append. */
export function appendInPlace(code: string): string {
  const pattern = /vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);/g;
  const out = code.replace(
    pattern,
    (_m, v: string) => `if (vErrors === null) vErrors = ${v}.errors; else for (const e of ${v}.errors) vErrors.push(e);`,
  );
  // INVARIANT: every concat was rewritten; a new ajv that emits another form must be looked at.
  if (out.includes('.concat(')) throw new Error('ajv standalone output changed: `concat` left in the generated validator');
  return out;
}
