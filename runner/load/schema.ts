/**
 * The scenario JSON Schema check (`scenario.schema.json`, the machine twin of docs/scenarios.md), with
 * ajv's errors mapped to positioned diagnostics. Raw schema paths are never shown: each error
 * points at the user's key or value, says what was expected, and suggests the nearest key for a
 * typo.
 */
import type { ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import schema from './scenario.schema.json';
import { validate } from './scenario-validator';
import { nodeAtPath } from '../yaml-tree/nodes';
import type { ParsedYaml, Plain } from './yaml';

/** The schema's validator, compiled ahead of time (see `validator-source.ts`). */
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

function validator(): Validator {
  return validate as Validator;
}

/** The scenario JSON Schema, as a value (for tools and the documentation). */
export const scenarioSchema: unknown = schema;

/** Most schema problems mapped for one file. */
const MAX_SCHEMA_DIAGNOSTICS = 200;

/** The schema check's findings. */
export interface SchemaCheck {
  diagnostics: Diagnostic[];
  /**
   * False when a required key is missing because it was misspelt (`anr:` for `arn:`): only the
   * misspelling is reported, and the file must not be looked at further as if the key were absent.
   */
  complete: boolean;
}

/** Checks a scenario's plain value against the schema; every problem becomes a diagnostic. */
export function checkSchema(parsed: ParsedYaml, value: Plain): SchemaCheck {
  const validate = validator();
  if (validate(value)) return { diagnostics: [], complete: true };
  const errors = validate.errors ?? [];
  // A failed `anyOf` speaks for its branches: drop the branch errors at or below its path.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  // A key missing because it is misspelt is reported once, as the misspelling.
  const misspelt = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .flatMap((e) => {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const near = suggest(key, Object.keys((e.parentSchema as { properties?: object }).properties ?? {}));
        return near === undefined ? [] : [`${e.instancePath}\u0000${near}`];
      }),
  );
  let complete = true;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword !== 'anyOf' && anyOfPaths.some((p) => under(e.instancePath, p))) continue;
    if (
      e.keyword === 'required' &&
      misspelt.has(`${e.instancePath}\u0000${String((e.params as { missingProperty: string }).missingProperty)}`)
    ) {
      complete = false;
      continue;
    }
    // A file broken in bulk: the first problems are enough (and mapping each costs a tree walk).
    if (out.length >= MAX_SCHEMA_DIAGNOSTICS) break;
    const d = mapError(parsed, e);
    if (!d) continue;
    const key = `${d.code}:${d.span?.start}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return { diagnostics: out.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0)), complete };
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}

/** `/principals/app/tags` → [`principals`, `app`, `tags`] (JSON pointer unescaping). */
function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A readable place for messages: `principals › app › tags`. */
function where(path: string[]): string {
  return path.length === 0 ? 'the scenario' : path.map((p) => (/^\d+$/.test(p) ? `#${Number(p) + 1}` : p)).join(' › ');
}

function expectedOf(e: ErrorObject): string | undefined {
  const parent = e.parentSchema as { expected?: string } | undefined;
  return parent?.expected;
}

function mapError(parsed: ParsedYaml, e: ErrorObject): Diagnostic | undefined {
  const path = segments(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const { span } = nodeAtPath(parsed, [...path, key], true);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const help = didYouMean(
        suggest(key, known),
        known.length > 0 ? `expected one of ${known.map((k) => `\`${k}\``).join(', ')}` : 'remove it',
      );
      return diagnostic('UNKNOWN_KEY', `${where(path)}: unknown key \`${key}\``, span, help);
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const { span } = nodeAtPath(parsed, path);
      return diagnostic(
        'SCHEMA',
        `${where(path)}: missing \`${missing}\``,
        { ...span, end: span.start },
        expectedOf(e) ? `expected ${expectedOf(e)}` : undefined,
      );
    }
    case 'minItems': {
      // An empty `expect` or action list would run no case and pass silently: never a silent pass.
      const { span } = nodeAtPath(parsed, path);
      const expected = expectedOf(e);
      return diagnostic(
        'SCHEMA',
        `${where(path)}: an empty list tests nothing`,
        span,
        expected ? `write ${expected}, with at least one entry` : 'add at least one entry',
      );
    }
    case 'propertyNames':
      return undefined; // reported by the `pattern` error on the name itself
    case 'pattern': {
      const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
      if (propertyName !== undefined) {
        const { span } = nodeAtPath(parsed, [...path, propertyName], true);
        return diagnostic(
          'SCHEMA',
          `${where(path)}: \`${propertyName}\` is not a valid variable name`,
          span,
          'a name is letters, digits and `_`, not starting with a digit',
        );
      }
      return typeError(parsed, e, path);
    }
    default:
      return typeError(parsed, e, path);
  }
}

/** A value of the wrong shape: numbers where strings belong get their own code and help. */
function typeError(parsed: ParsedYaml, e: ErrorObject, path: string[]): Diagnostic {
  const { node, span } = nodeAtPath(parsed, path);
  const expected = expectedOf(e);
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean') && wantsString(e)) {
    const text = typeof node.source === 'string' ? node.source : String(node.value);
    return diagnostic(
      'NUMBER_NOT_STRING',
      `${where(path)}: \`${text}\` is read as a ${typeof node.value}, not a string`,
      span,
      `quote it: \`"${text}"\`${typeof node.value === 'number' && /^0\d/.test(text) ? ' (unquoted, YAML drops the leading zero)' : ''}`,
    );
  }
  const found = describe(node);
  const message = expected ? `${where(path)}: expected ${expected}, found ${found}` : `${where(path)}: ${e.message ?? 'invalid value'}`;
  return diagnostic('SCHEMA', message, span, expected ? `write ${expected}` : undefined);
}

function wantsString(e: ErrorObject): boolean {
  if (e.keyword === 'anyOf') return true;
  if (e.keyword !== 'type') return false;
  const t = (e.params as { type: string | string[] }).type;
  return (Array.isArray(t) ? t : String(t).split(',')).includes('string');
}

function describe(node: unknown): string {
  if (isMap(node)) return node.items.length === 0 ? 'an empty mapping' : 'a mapping';
  if (isSeq(node)) return node.items.length === 0 ? 'an empty list' : 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'string') return v === '' ? 'an empty string' : `\`${v.length > 40 ? v.slice(0, 40) + '…' : v}\``;
    return `\`${String(node.source ?? v)}\``;
  }
  return 'nothing';
}
