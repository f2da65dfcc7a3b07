/**
 * Test support: validates JUnit XML against `JUnit.xsd` in this folder, the repository's
 * copy of Apache Ant's JUnit schema (Apache License 2.0, `JUnit.xsd.LICENSE`); reporter tests and
 * end-to-end tests share it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** Path of the project's copy of the JUnit schema. */
export const junitXsdPath = join(__dirname, 'JUnit.xsd');

const xsd = readFileSync(junitXsdPath, 'utf8');

/** xmllint's errors for `xml` against the JUnit schema; empty when it validates. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [xsd] });
  return result.errors.map((e) => e.rawMessage);
}
