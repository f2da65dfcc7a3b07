/**
 * Reading a JUnit report of `iamspec test` for `iamspec merge`: XML → {@link JunitReport}, or
 * positioned diagnostics when the file is not well-formed XML or not our JUnit shape
 * (reports/junit.ts: `testsuites` › `testsuite` › `properties`, `testcase`*, `system-out`,
 * `system-err`; counts that agree with the cases).
 *
 * Parsing is fast-xml-parser's, in its order-preserving mode with element offsets
 * (`captureMetaData`), so every element is kept as written (attributes in order, whitespace text)
 * and can be written back unchanged, and a refusal points at the element's line and column.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { diagnostic, type Diagnostic } from './diagnostics';

/** One XML node as fast-xml-parser's order-preserving mode gives it. */
export type XmlNode = { '#text': string } | XmlElementNode;

/** An element: `{ [tag]: children, ':@'?: attributes }`, with its offset under the metadata symbol. */
export type XmlElementNode = { [tag: string]: XmlNode[] } & { ':@'?: Record<string, string> };

/** An element in a handier form. */
export interface XmlElement {
  tag: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** Offset of its `<` in the file. */
  offset: number;
}

/** A `testcase` as read. */
export interface JunitCase {
  name: string;
  element: XmlElement;
  outcome: 'pass' | 'failure' | 'error' | 'skipped';
}

/** A `testsuite` as read. */
export interface JunitSuite {
  /** The `file` property: the scenario file, the key suites are merged by. */
  file: string;
  element: XmlElement;
  properties: XmlElement;
  cases: JunitCase[];
  systemOut: string;
  systemErr: string;
}

/** A report as read. */
export interface JunitReport {
  file: string;
  suites: JunitSuite[];
}

const metadata = XMLParser.getMetaDataSymbol() as unknown as string;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
  processEntities: true,
  // Numeric character references (`&#10;`, which our writer uses in attributes) are decoded only with this.
  htmlEntities: true,
});

/** The element of a node, or undefined for text. */
export function asElement(node: XmlNode): XmlElement | undefined {
  if ('#text' in node) return undefined;
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined) return undefined;
  const meta = (node as Record<string, unknown>)[metadata] as { startIndex?: number } | undefined;
  return { tag, attributes: node[':@'] ?? {}, children: node[tag], offset: meta?.startIndex ?? 0 };
}

/** The text inside an element (its text nodes joined). */
export function textOf(e: XmlElement): string {
  return e.children.map((n) => ('#text' in n ? n['#text'] : '')).join('');
}

/** Reads one report; `text` is its content, `file` its display path. */
export function readJunitReport(text: string, file: string): { value?: JunitReport; diagnostics: Diagnostic[] } {
  const at = (offset: number): { file: string; start: number; end: number } => ({ file, start: offset, end: offset + 1 });
  const refuse = (message: string, offset: number, help: string): { diagnostics: Diagnostic[] } => ({
    diagnostics: [diagnostic('BAD_REPORT', message, at(offset), help)],
  });
  const help = 'give the JUnit reports that `iamspec test --junit FILE` wrote';
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype >= 0) return refuse('a document type declaration is not allowed in a report', doctype, help);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const offset = offsetOf(text, valid.err.line, valid.err.col);
    return refuse(`not well-formed XML: ${valid.err.msg.replace(/\.$/, '')}`, offset, help);
  }
  const elements = (parser.parse(text) as XmlNode[]).map(asElement).filter((e): e is XmlElement => e !== undefined && e.tag !== '?xml');
  const root = elements[0];
  if (!root || root.tag !== 'testsuites' || elements.length > 1)
    return refuse('the report is not JUnit XML: the root element is not `testsuites`', root?.offset ?? 0, help);
  const suites: JunitSuite[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const node of root.children) {
    const e = asElement(node);
    if (!e) continue;
    if (e.tag !== 'testsuite') {
      diagnostics.push(diagnostic('BAD_REPORT', `unexpected element \`${e.tag}\` in \`testsuites\``, at(e.offset), help));
      continue;
    }
    const suite = readSuite(e, (message, offset) => diagnostics.push(diagnostic('BAD_REPORT', message, at(offset), help)));
    if (suite) suites.push(suite);
  }
  return diagnostics.length > 0 ? { diagnostics } : { value: { file, suites }, diagnostics };
}

/** The attributes a `testsuite` of ours always has. */
const suiteAttributes = ['name', 'timestamp', 'hostname', 'tests', 'failures', 'errors', 'time', 'package', 'id'] as const;

/** Reads one `testsuite`, reporting what is not our shape. */
function readSuite(e: XmlElement, problem: (message: string, offset: number) => void): JunitSuite | undefined {
  const before = { count: 0 };
  const report = (message: string, offset: number): void => {
    before.count++;
    problem(message, offset);
  };
  const name = e.attributes.name ?? '';
  for (const a of suiteAttributes)
    if (e.attributes[a] === undefined) report(`testsuite \`${name}\`: the attribute \`${a}\` is missing`, e.offset);
  const children = e.children.map(asElement).filter((c): c is XmlElement => c !== undefined);
  const order = children.map((c) => c.tag);
  const shapeOk =
    order[0] === 'properties' &&
    order.at(-2) === 'system-out' &&
    order.at(-1) === 'system-err' &&
    order.slice(1, -2).every((t) => t === 'testcase');
  if (!shapeOk) {
    report(
      `testsuite \`${name}\`: expected \`properties\`, \`testcase\` elements, \`system-out\` and \`system-err\`, in this order`,
      e.offset,
    );
    return undefined;
  }
  const properties = children[0];
  const fileProperty = properties.children.map(asElement).find((p) => p?.tag === 'property' && p.attributes.name === 'file');
  if (!fileProperty?.attributes.value) report(`testsuite \`${name}\`: no \`file\` property names its scenario file`, properties.offset);
  const cases = children.slice(1, -2).map((c) => readCase(c, name, report));
  const counted = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const c of cases)
    if (c.outcome !== 'pass') counted[c.outcome === 'failure' ? 'failures' : c.outcome === 'error' ? 'errors' : 'skipped']++;
  for (const [k, n] of Object.entries(counted)) {
    const written = e.attributes[k];
    if (written !== undefined && written !== String(n)) report(`testsuite \`${name}\`: \`${k}="${written}"\` but it holds ${n}`, e.offset);
  }
  if (before.count > 0) return undefined;
  return {
    file: fileProperty!.attributes.value!,
    element: e,
    properties,
    cases,
    systemOut: textOf(children.at(-2)!),
    systemErr: textOf(children.at(-1)!),
  };
}

/** Reads one `testcase`: its name and outcome (at most one of `failure`, `error`, `skipped`). */
function readCase(e: XmlElement, suite: string, report: (message: string, offset: number) => void): JunitCase {
  const name = e.attributes.name ?? '';
  for (const a of ['name', 'classname', 'time']) {
    if (e.attributes[a] === undefined) report(`testsuite \`${suite}\`: testcase \`${name}\`: the attribute \`${a}\` is missing`, e.offset);
  }
  const outcomes = e.children
    .map(asElement)
    .filter((c): c is XmlElement => c !== undefined)
    .filter((c) => c.tag === 'failure' || c.tag === 'error' || c.tag === 'skipped');
  if (outcomes.length > 1) report(`testsuite \`${suite}\`: testcase \`${name}\` has more than one outcome`, outcomes[1].offset);
  return { name, element: e, outcome: (outcomes[0]?.tag as JunitCase['outcome'] | undefined) ?? 'pass' };
}

/** The offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
