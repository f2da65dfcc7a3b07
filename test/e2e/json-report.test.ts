/**
 * The JSON report (version 2) of real runs against its JSON Schema, reports/schemas/json-report.schema.json:
 * the shipped suites (`cases/`, every case passes) and a failing suite (`examples/failing`), with
 * `--json-trace failures` and `all`, through the command line in process (`main`, as the built
 * command calls it). Also: every object's keys come in the schema's order, each case is one line,
 * and the hand-written explanations equal the engine's whole explanations on every shipped suite.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { RunEvent } from '../../reports/events';
import { jsonReporter } from '../../reports/json';
import { expectedExplanation } from '../../reports/testdata/json-expected';
import { collect } from '../../reports/testdata/runs';
import { spanLocator } from '../../reports/locate';
import { main } from '../../runner/cli';
import { evaluationRules } from '../../runner/engine/decide';
import { layerOrder } from '../../runner/engine/layers';
import { principalKinds } from '../../runner/engine/principal-info';
import { runPipeline } from '../hostile/pipeline';

const repo = join(__dirname, '..', '..');
const schemaPath = join(repo, 'reports', 'schemas', 'json-report.schema.json');

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  enum?: string[];
  definitions?: Record<string, SchemaNode>;
}

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaNode;
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function schemaErrors(report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Paths of objects whose keys are not in the order of their schema's `properties`. */
function keyOrderErrors(value: unknown, node: SchemaNode, path = ''): string[] {
  const resolved = node.$ref ? schema.definitions![node.$ref.replace('#/definitions/', '')] : node;
  if (Array.isArray(value)) return resolved.items ? value.flatMap((v, i) => keyOrderErrors(v, resolved.items!, `${path}/${i}`)) : [];
  if (value === null || typeof value !== 'object' || !resolved.properties) return [];
  const order = Object.keys(resolved.properties);
  const keys = Object.keys(value);
  const errors = keys.some((k, i) => i > 0 && order.indexOf(k) < order.indexOf(keys[i - 1])) ? [`${path}: ${keys.join(', ')}`] : [];
  return [
    ...errors,
    ...keys.flatMap((k) =>
      resolved.properties![k] ? keyOrderErrors((value as Record<string, unknown>)[k], resolved.properties![k], `${path}/${k}`) : [],
    ),
  ];
}

async function iamspec(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, { stdout: () => {}, stderr: (t) => void (stderr += t), cwd: repo, colorDefault: false });
  return { code, stderr };
}

interface Report {
  trace: string;
  suites: {
    file: string;
    cases: { outcome: string; explanation?: { policies?: unknown; dependents?: { explanation: { policies?: unknown } }[] } }[];
  }[];
}

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'policies' ? [] : scenarioFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

describe('the JSON report (version 2) of real runs', function () {
  this.timeout(60_000);
  let out: string;
  before(() => (out = mkdtempSync(join(tmpdir(), 'iamspec-json-'))));
  after(() => rmSync(out, { recursive: true, force: true }));

  const runs = [
    { path: 'cases', exit: 0, trace: 'failures', outcomes: ['pass'] },
    { path: 'cases', exit: 0, trace: 'all', outcomes: ['pass'] },
    { path: 'examples/failing', exit: 1, trace: 'failures', outcomes: ['fail', 'pass'] },
    { path: 'examples/failing', exit: 1, trace: 'all', outcomes: ['fail', 'pass'] },
  ] as const;
  for (const { path, exit, trace, outcomes } of runs) {
    it(`\`iamspec test ${path} --json-trace ${trace}\`: valid, keys in order, one line per case, the trace where asked`, async () => {
      const file = join(out, `${path.replace(/\W/g, '-')}-${trace}.json`);
      const r = await iamspec(['test', path, '--json', file, '--json-trace', trace]);
      expect(r.code, r.stderr).to.equal(exit);
      const text = readFileSync(file, 'utf8');
      const report = JSON.parse(text) as Report;
      expect(schemaErrors(report)).to.deep.equal([]);
      expect(keyOrderErrors(report, schema)).to.deep.equal([]);
      expect(report.trace).to.equal(trace);
      const cases = report.suites.flatMap((s) => s.cases);
      expect([...new Set(cases.map((c) => c.outcome))].sort()).to.deep.equal([...outcomes].sort());
      const lines = text.split('\n').filter((l) => l.startsWith('        {"name":'));
      expect(lines.map((l) => JSON.parse(l.replace(/,$/, '')) as unknown)).to.deep.equal(cases);
      for (const c of cases) {
        const traced = trace === 'all' || c.outcome === 'fail';
        expect(c.explanation, c.outcome).to.not.equal(undefined);
        expect(c.explanation!.policies !== undefined, `${c.outcome} has policies`).to.equal(traced);
        for (const d of c.explanation!.dependents ?? []) expect(d.explanation.policies !== undefined).to.equal(traced);
      }
    });
  }

  for (const args of [
    ['--json-trace', 'all'],
    ['--json-trace', 'failures'],
    ['--junit', 'x.xml', '--json-trace', 'all'],
  ]) {
    it(`\`iamspec test cases ${args.join(' ')}\` without --json is a usage error (exit 2), not ignored`, async () => {
      const r = await iamspec(['test', 'cases', ...args.map((a) => (a === 'x.xml' ? join(out, a) : a))]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal('iamspec: error: --json-trace chooses which cases of the --json report carry the trace: add --json FILE\n');
      expect(existsSync(join(out, 'x.xml')), 'nothing ran, so no report').to.equal(false);
    });
  }

  it('the shipped cases include dependent requests, so their shape is checked too', () => {
    const report = JSON.parse(readFileSync(join(out, 'cases-all.json'), 'utf8')) as Report;
    expect(report.suites.some((s) => s.cases.some((c) => (c.explanation?.dependents ?? []).length > 0))).to.equal(true);
  });

  it('loses nothing of the engine explanation of any shipped case', () => {
    // The command's report (its passing cases explained without statement traces) as well.
    const cli = JSON.parse(readFileSync(join(out, 'cases-failures.json'), 'utf8')) as Report;
    let compared = 0;
    for (const file of scenarioFiles(join(repo, 'cases'))) {
      const result = runPipeline(relative(repo, file), repo, { explainAll: true });
      const events: RunEvent[] = result.events ?? [];
      expect(events, file).to.not.deep.equal([]);
      const locate = spanLocator(result.sources);
      for (const trace of ['failures', 'all'] as const) {
        const doc = JSON.parse(collect(jsonReporter({ locate, trace })(events))) as Report;
        const written = doc.suites.flatMap((s) => s.cases);
        const explained = events.flatMap((e) => (e.kind === 'case' ? [e.result] : []));
        expect(written.length, file).to.equal(explained.length);
        written.forEach((c, i) => {
          const e = explained[i].explanation;
          expect(c.explanation, file).to.deep.equal(e && expectedExplanation(e, locate, trace === 'all' || c.outcome === 'fail'));
        });
        if (trace !== 'failures') continue;
        const suite = cli.suites.find((s) => s.file === relative(repo, file));
        expect(
          suite?.cases.map((c) => c.explanation),
          `${file} in the command's report`,
        ).to.deep.equal(written.map((c) => c.explanation));
        compared += written.length;
      }
    }
    expect(compared).to.equal(cli.suites.reduce((n, s) => n + s.cases.length, 0));
  });

  it("names the engine's layers, rules and principal kinds", () => {
    const d = schema.definitions!;
    expect(d.layer.enum).to.deep.equal(layerOrder);
    expect(d.rule.enum).to.deep.equal(Object.keys(evaluationRules));
    const request = d.explanation.properties!.request;
    expect(request.properties!.principalKind.enum).to.deep.equal(Object.keys(principalKinds));
  });

  /** The first case of a report, as a plain object. */
  const firstCase = (r: Record<string, unknown>): Record<string, unknown> =>
    (r as { suites: { cases: Record<string, unknown>[] }[] }).suites[0].cases[0];
  const broken: { name: string; change: (r: Record<string, unknown>) => void }[] = [
    { name: 'an unknown top-level key', change: (r) => (r.extra = 1) },
    { name: 'version 1', change: (r) => (r.version = 1) },
    { name: 'a case without its outcome', change: (r) => delete firstCase(r).outcome },
    { name: 'an explanation without its layers', change: (r) => delete (firstCase(r).explanation as Record<string, unknown>).layers },
    { name: 'an unknown layer', change: (r) => ((firstCase(r).explanation as { decidedBy: string }).decidedBy = 'org') },
  ];
  for (const { name, change } of broken) {
    it(`rejects a report with ${name}`, () => {
      const report = JSON.parse(readFileSync(join(out, 'cases-failures.json'), 'utf8')) as Record<string, unknown>;
      change(report);
      expect(schemaErrors(report)).to.not.deep.equal([]);
    });
  }
});
