import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases } from '../../test/support/fixture-tests';
import { lineCol, type Diagnostic, type Span } from '../diagnostics';
import type { ResourcePolicyType } from './kind-rules';
import { parsePolicyText } from './parse';
import type { Condition, Policy, PolicyKind, PrincipalElement, Spanned, Statement } from './types';

/** One fixture case: a policy document and either the Policy it yields or its diagnostics. */
interface Case {
  name: string;
  /** The AWS documentation page (and section) the case encodes. */
  source: string;
  kind: PolicyKind;
  /** For `kind: resource`: which resource-based policy (`trust`, `bucket`). Default: `other`. */
  resourceType?: ResourcePolicyType;
  /** JSON or YAML text. */
  policy: string;
  /** Expected Policy summary (spans left out; they are checked against the text separately). */
  want?: unknown;
  /** Expected diagnostics, asserted whole and in order. */
  diagnostics?: WantDiagnostic[];
  only?: boolean;
  skip?: string;
}

interface WantDiagnostic {
  code: string;
  severity?: string;
  /** `line:col` of the span start. */
  at: string;
  message: string;
  help: string;
}

const dir = join(__dirname, 'testdata');
const files = readdirSync(dir)
  .filter((f) => f.startsWith('parse-') && f.endsWith('.yaml'))
  .sort();

function summarizePrincipal(p: PrincipalElement): unknown {
  if (p.kind === 'any') return '*';
  const out: Record<string, string[]> = {};
  for (const t of ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const) {
    if (p[t].length > 0) out[t] = p[t].map((v) => v.value);
  }
  return out;
}

function summarizeCondition(c: Condition): unknown {
  const out: Record<string, unknown> = { operator: c.operator, key: c.key.value, values: c.values.map((v) => v.value) };
  if (c.qualifier) out.qualifier = c.qualifier;
  if (c.ifExists) out.ifExists = true;
  return out;
}

function summarizeStatement(s: Statement): unknown {
  const out: Record<string, unknown> = { effect: s.effect };
  if (s.sid) out.sid = s.sid.value;
  if (s.principal) out.principal = summarizePrincipal(s.principal);
  if (s.notPrincipal) out.notPrincipal = summarizePrincipal(s.notPrincipal);
  for (const k of ['action', 'notAction', 'resource', 'notResource'] as const) {
    const v = s[k];
    if (v) out[k] = v.map((x) => x.value);
  }
  if (s.conditions.length > 0) out.conditions = s.conditions.map(summarizeCondition);
  return out;
}

function summarize(p: Policy): unknown {
  const out: Record<string, unknown> = {};
  if (p.version) out.version = p.version;
  if (p.id !== undefined) out.id = p.id;
  out.statements = p.statements.map(summarizeStatement);
  return out;
}

/** Every Spanned in the policy must point at its own text (quoted or not). */
function checkSpans(p: Policy, text: string): void {
  const check = (s: Spanned): void => {
    const raw = text.slice(s.span.start, s.span.end);
    const unquoted = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    expect(unquoted, `span of \`${s.value}\``).to.equal(s.value);
  };
  const inside = (inner: Span, outer: Span): void => {
    expect(inner.start).to.be.at.least(outer.start);
    expect(inner.end).to.be.at.most(outer.end);
  };
  for (const s of p.statements) {
    inside(s.span, p.span);
    if (s.sid) check(s.sid);
    for (const k of ['action', 'notAction', 'resource', 'notResource'] as const) s[k]?.forEach(check);
    for (const pr of [s.principal, s.notPrincipal]) {
      if (pr?.kind === 'map') [...pr.AWS, ...pr.Service, ...pr.Federated, ...pr.CanonicalUser].forEach(check);
    }
    for (const c of s.conditions) {
      check(c.raw);
      check(c.key);
      c.values.forEach(check);
      inside(c.raw.span, s.span);
    }
  }
}

function render(d: Diagnostic, text: string): WantDiagnostic {
  const { line, column } = lineCol(text, d.span?.start ?? 0);
  const out: WantDiagnostic = { code: d.code, at: `${line}:${column}`, message: d.message, help: d.help ?? '' };
  if (d.severity !== 'error') out.severity = d.severity;
  return out;
}

for (const file of files) {
  const cases = readFixtureCases<Case>(join(dir, file));
  describe(`parsePolicyText (${file})`, () => {
    defineFixtureTests(cases, (c) => {
      expect(c.source, 'every case cites the AWS page it encodes')
        .to.be.a('string')
        .and.match(/^https:\/\//);
      expect(c.want !== undefined || c.diagnostics !== undefined, 'a case with no expectation fails').to.equal(true);
      const result = parsePolicyText(c.policy, {
        file: 'policy.json',
        name: 'p',
        kind: c.kind,
        ...(c.resourceType ? { resourceType: c.resourceType } : {}),
      });
      expect(result.diagnostics.map((d) => render(d, c.policy))).to.deep.equal(c.diagnostics ?? []);
      if (c.want !== undefined) {
        expect(result.value, 'a policy is built').to.not.equal(undefined);
        expect(summarize(result.value!)).to.deep.equal(c.want);
        checkSpans(result.value!, c.policy);
      } else if (result.diagnostics.some((d) => d.severity === 'error')) {
        expect(result.value, 'no policy is built when there are errors').to.equal(undefined);
      }
      for (const d of result.diagnostics) {
        expect(d.span, 'every diagnostic has a span').to.not.equal(undefined);
        expect(d.help, 'every diagnostic has a help').to.be.a('string').and.not.equal('');
        expect(d.message)
          .to.match(/^[^A-Z]/)
          .and.not.match(/\.$/);
      }
    });
  });
}
