/**
 * Test support: validates Cobertura XML against `cobertura-04.xsd` in this folder, Cobertura's
 * coverage-04.dtd written as an XML Schema (xmllint-wasm validates against XSD, not DTD).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const xsd = readFileSync(join(__dirname, 'cobertura-04.xsd'), 'utf8');

/** xmllint's errors for `xml` against the Cobertura schema; empty when it validates. */
export async function coberturaSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'coverage.xml', contents: xml }], schema: [xsd] });
  return result.errors.map((e) => e.rawMessage);
}
