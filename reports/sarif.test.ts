import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sarifReport, sarifSchemaUri, type SarifFinding, type SarifRule } from './sarif';

/**
 * The OASIS SARIF 2.1.0 JSON schema (draft-04), as published in oasis-tcs/sarif-spec
 * (`sarif-2.1/schema/sarif-schema-2.1.0.json`), kept in testdata unchanged.
 */
const schema = JSON.parse(readFileSync(join(__dirname, 'testdata', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Schema errors of a SARIF text, as `path: message` lines. */
function schemaErrors(text: string): string[] {
  if (validate(JSON.parse(text))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath}: ${e.message}`);
}

const rules: SarifRule[] = [
  {
    code: 'BAD_EFFECT',
    severity: 'ERROR',
    title: 'an Effect other than Allow or Deny',
    help: '# BAD_EFFECT\n\nThe `Effect` is neither `Allow` nor `Deny`.\n',
  },
  {
    code: 'PASS_ROLE_WITH_STAR',
    severity: 'SECURITY_WARNING',
    title: '`iam:PassRole` on every role',
    help: '# PASS_ROLE_WITH_STAR\n\nAny role may be passed.\n',
  },
  { code: 'REDUNDANT_ACTION', severity: 'SUGGESTION', title: 'a covered action', help: '# REDUNDANT_ACTION\n\nCovered.\n' },
];

const findings: SarifFinding[] = [
  {
    code: 'PASS_ROLE_WITH_STAR',
    severity: 'SECURITY_WARNING',
    message: 'policy `p`: statement 1: allows `iam:PassRole` on every role',
    file: 'policies/my app.json',
    line: 5,
    column: 15,
  },
  {
    code: 'BAD_EFFECT',
    severity: 'ERROR',
    message: 'policy `q`: statement 2: invalid `Effect` `Permit`',
    file: 'cases/q.yaml',
    line: 9,
    column: 17,
  },
  { code: 'BAD_EFFECT', severity: 'ERROR', message: 'no position', file: 'cases/r.yaml' },
];

describe('SARIF reporter', () => {
  const text = sarifReport(findings, rules, { name: 'iamspec', version: '1.2.3' });
  const log = JSON.parse(text) as {
    $schema: string;
    version: string;
    runs: { tool: { driver: { name: string; version: string; rules: Record<string, unknown>[] } }; results: Record<string, unknown>[] }[];
  };

  it('is valid against the OASIS SARIF 2.1.0 schema', () => {
    expect(schemaErrors(text)).to.deep.equal([]);
  });

  it('the schema check bites: a result without a message, a level SARIF lacks and a line 0 are refused', () => {
    const broken = JSON.parse(text) as typeof log;
    delete broken.runs[0].results[0].message;
    broken.runs[0].results[1].level = 'warn';
    (
      broken.runs[0].results[0].locations as { physicalLocation: { region: { startLine: number } } }[]
    )[0].physicalLocation.region.startLine = 0;
    expect(schemaErrors(JSON.stringify(broken))).to.have.members([
      "/runs/0/results/0: must have required property 'message'",
      '/runs/0/results/0/locations/0/physicalLocation/region/startLine: must be >= 1',
      '/runs/0/results/1/level: must be equal to one of the allowed values',
    ]);
  });

  it('names the schema and version, and the tool with the rules its results use, in code order', () => {
    expect(log.$schema).to.equal(sarifSchemaUri);
    expect(log.version).to.equal('2.1.0');
    const driver = log.runs[0].tool.driver;
    expect({ name: driver.name, version: driver.version }).to.deep.equal({ name: 'iamspec', version: '1.2.3' });
    expect(driver.rules).to.deep.equal([
      {
        id: 'BAD_EFFECT',
        name: 'BAD_EFFECT',
        shortDescription: { text: 'an Effect other than Allow or Deny' },
        fullDescription: { text: 'The Effect is neither Allow nor Deny.' },
        help: { text: rules[0].help, markdown: rules[0].help },
        defaultConfiguration: { level: 'error' },
        properties: { tags: [], 'iamspec-severity': 'ERROR' },
      },
      {
        id: 'PASS_ROLE_WITH_STAR',
        name: 'PASS_ROLE_WITH_STAR',
        shortDescription: { text: 'iam:PassRole on every role' },
        fullDescription: { text: 'Any role may be passed.' },
        help: { text: rules[1].help, markdown: rules[1].help },
        defaultConfiguration: { level: 'warning' },
        properties: { tags: ['security'], 'security-severity': '7.0', 'iamspec-severity': 'SECURITY_WARNING' },
      },
    ]);
  });

  it('gives each result its rule, level, message and a repository-relative location with line and column', () => {
    expect(log.runs[0].results).to.deep.equal([
      {
        ruleId: 'PASS_ROLE_WITH_STAR',
        ruleIndex: 1,
        level: 'warning',
        message: { text: findings[0].message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'policies/my%20app.json', uriBaseId: '%SRCROOT%' },
              region: { startLine: 5, startColumn: 15 },
            },
          },
        ],
        properties: { 'iamspec-severity': 'SECURITY_WARNING' },
      },
      {
        ruleId: 'BAD_EFFECT',
        ruleIndex: 0,
        level: 'error',
        message: { text: findings[1].message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'cases/q.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 9, startColumn: 17 },
            },
          },
        ],
        properties: { 'iamspec-severity': 'ERROR' },
      },
      {
        ruleId: 'BAD_EFFECT',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'no position' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'cases/r.yaml', uriBaseId: '%SRCROOT%' } } }],
        properties: { 'iamspec-severity': 'ERROR' },
      },
    ]);
  });

  it('an empty run is valid too', () => {
    expect(schemaErrors(sarifReport([], rules, { name: 'iamspec', version: '0' }))).to.deep.equal([]);
  });
});
