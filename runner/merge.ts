/**
 * `iamspec merge`: the JUnit reports of a sharded run (`--shard I/N`) combined into the report one
 * unsharded run writes.
 *
 * Every shard loads every scenario file, so each shard report holds every suite, with that
 * shard's cases. Suites are merged by their `file` property, in the order they first appear:
 *
 *     shard 1: payments.yaml [a, c]    app.yaml [x]
 *     shard 2: payments.yaml [b]       app.yaml [y, z]
 *     merged:  payments.yaml [a, c, b] app.yaml [x, y, z]   tests/failures/errors/skipped counted,
 *                                                          time summed, earliest timestamp, id 0, 1, ...
 *
 * Cases keep their elements as written (attributes, failure text); within a suite they follow the
 * inputs, shard by shard. A case present in two inputs (an unusable file's error case is in every
 * shard) is kept once when both agree apart from `time`, and is a conflict otherwise (the same
 * shard given twice with different results, or reports of different commits). Output uses
 * reports/xml.ts's escaping and reports/junit.ts's layout, so it validates against the schema.
 */
import { escapeAttribute, escapeText } from '../reports/xml';
import { diagnostic, type Diagnostic } from './diagnostics';
import { asElement, type JunitCase, type JunitReport, type JunitSuite, type XmlElement, type XmlNode } from './merge-read';

/** One suite being merged. */
interface MergedSuite {
  first: JunitSuite;
  cases: JunitCase[];
  byName: Map<string, { c: JunitCase; file: string }>;
  time: number;
  timestamp: string;
  properties: XmlElement[];
  out: string[];
  err: string[];
}

/** Merges reports; the XML text, or the conflicts found. */
export function mergeJunitReports(reports: readonly JunitReport[]): { value?: string; diagnostics: Diagnostic[] } {
  const suites = new Map<string, MergedSuite>();
  const diagnostics: Diagnostic[] = [];
  for (const report of reports) {
    for (const s of report.suites) {
      let m = suites.get(s.file);
      if (!m) {
        m = {
          first: s,
          cases: [],
          byName: new Map(),
          time: 0,
          timestamp: s.element.attributes.timestamp!,
          properties: [],
          out: [],
          err: [],
        };
        suites.set(s.file, m);
      }
      m.time += Number(s.element.attributes.time);
      if (s.element.attributes.timestamp! < m.timestamp) m.timestamp = s.element.attributes.timestamp!;
      addOnce(m.properties, s.properties, (a, b) => serialize(a) === serialize(b));
      addOnce(m.out, s.systemOut, (a, b) => a === b);
      addOnce(m.err, s.systemErr, (a, b) => a === b);
      for (const c of s.cases) {
        const seen = m.byName.get(c.name);
        if (!seen) {
          m.byName.set(c.name, { c, file: report.file });
          m.cases.push(c);
        } else if (serialize(withoutTime(seen.c.element)) !== serialize(withoutTime(c.element))) {
          diagnostics.push(
            diagnostic(
              'MERGE_CONFLICT',
              `testsuite \`${s.element.attributes.name}\`: testcase \`${c.name}\` differs from the one in \`${seen.file}\``,
              { file: report.file, start: c.element.offset, end: c.element.offset + 1 },
              'merge the reports of one run, each shard once',
            ),
          );
        }
      }
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  const chunks = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'];
  let id = 0;
  for (const m of suites.values()) chunks.push(suiteXml(m, id++));
  chunks.push('</testsuites>\n');
  return { value: chunks.join(''), diagnostics };
}

/** Appends `value` unless an equal one is there. */
function addOnce<T>(list: T[], value: T, equal: (a: T, b: T) => boolean): void {
  if (!list.some((v) => equal(v, value))) list.push(value);
}

/** One merged `testsuite`, laid out as reports/junit.ts lays it out. */
function suiteXml(m: MergedSuite, id: number): string {
  const counts = { tests: m.cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const c of m.cases)
    if (c.outcome !== 'pass') counts[c.outcome === 'failure' ? 'failures' : c.outcome === 'error' ? 'errors' : 'skipped']++;
  // The first report's attributes in their order (attributes we do not know are kept), with the
  // merged values over them.
  const attributes: Record<string, string> = {
    ...m.first.element.attributes,
    timestamp: m.timestamp,
    tests: String(counts.tests),
    failures: String(counts.failures),
    errors: String(counts.errors),
    skipped: String(counts.skipped),
    time: m.time.toFixed(3),
    id: String(id),
  };
  if (m.first.element.attributes.skipped === undefined && counts.skipped === 0) delete attributes.skipped;
  const properties: XmlElement =
    m.properties.length === 1
      ? m.properties[0]
      : { ...m.properties[0], children: m.properties.flatMap((p) => p.children.filter((n) => asElement(n) !== undefined)) };
  return (
    `  <testsuite${attributeText(attributes)}>\n` +
    `    ${serialize(properties)}\n` +
    m.cases.map((c) => `    ${serialize(c.element)}\n`).join('') +
    `    <system-out>${escapeText(m.out.filter((t) => t !== '').join('\n'))}</system-out>\n` +
    `    <system-err>${escapeText(m.err.filter((t) => t !== '').join('\n'))}</system-err>\n` +
    `  </testsuite>\n`
  );
}

/** ` a="1" b="2"`, escaped. */
function attributeText(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');
}

/** An element as XML text, children and whitespace as read. */
function serialize(e: XmlElement): string {
  const open = `<${e.tag}${attributeText(e.attributes)}`;
  if (e.children.length === 0) return `${open}/>`;
  return `${open}>${e.children.map(serializeNode).join('')}</${e.tag}>`;
}

function serializeNode(n: XmlNode): string {
  if ('#text' in n) return escapeText(n['#text'] as string);
  const e = asElement(n);
  return e ? serialize(e) : '';
}

/** The element without its `time` attribute (durations differ between runs). */
function withoutTime(e: XmlElement): XmlElement {
  const attributes = { ...e.attributes };
  delete attributes.time;
  return { ...e, attributes };
}
