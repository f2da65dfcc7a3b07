/**
 * YAML and JSON syntax problems of a policy document, as diagnostics with spans.
 */
import type { Document } from 'yaml';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics';
import { unknownTags } from '../load/yaml';

/** Maps the yaml package's error codes onto ours; other syntax errors share one code. */
function codeOf(yamlCode: string): DiagnosticCode {
  switch (yamlCode) {
    case 'DUPLICATE_KEY':
      return 'DUPLICATE_KEY';
    case 'RESOURCE_EXHAUSTION':
      return 'YAML_ALIAS_LIMIT';
    default:
      return 'YAML_SYNTAX';
  }
}

/**
 * The key written at `offset`: a quoted key up to its closing quote, a plain one up to the colon.
 * Example: `"Effect": "Deny"` at the opening quote → `Effect`.
 */
function keyAt(text: string, offset: number): string {
  const quote = text[offset];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, offset + 1);
    return text.slice(offset + 1, end === -1 ? undefined : end);
  }
  const m = /^[^:\n]*/.exec(text.slice(offset, offset + 1024));
  return (m?.[0] ?? '').trim();
}

/** Where the problems are reported: the file and the policy's name for messages. */
export interface YamlSource {
  file: string;
  name: string;
}

/**
 * The errors and warnings the yaml parser recorded for `doc`, parsed from `text` with
 * `prettyErrors: false` (so messages carry no position of their own). Messages follow our style:
 * lowercase, no final period, the policy named first.
 */
export function yamlDiagnostics(doc: Document, text: string, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const prefix = `policy \`${source.name}\`: `;
  const add = (e: { code: string; message: string; pos: [number, number] }, severity: 'error' | 'warning'): void => {
    const code = codeOf(e.code);
    const span = { file: source.file, start: e.pos[0], end: e.pos[1] };
    if (code === 'DUPLICATE_KEY') {
      const key = keyAt(text, e.pos[0]);
      // JSON parsers keep the last of two equal keys and IAM's may differ, so a policy that relies
      // on either reading is ambiguous: an error, never a silent choice.
      out.push(
        diagnostic(
          code,
          `${prefix}duplicate key \`${key}\``,
          span,
          'remove one of the two: each key may appear once in a mapping',
          severity,
        ),
      );
      return;
    }
    if (e.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(e.message)) {
      // The parser may run out of stack at several depths; one report says it.
      if (out.some((d) => d.code === 'NESTING_TOO_DEEP')) return;
      out.push(
        diagnostic(
          'NESTING_TOO_DEEP',
          `${prefix}the document nests too deeply to read`,
          span,
          'a policy document nests only a few levels: Statement, Condition, operator, key',
          severity,
        ),
      );
      return;
    }
    const first = e.message.split('\n')[0]!.replace(/\.$/, '');
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    const help =
      code === 'YAML_ALIAS_LIMIT' ? 'expand fewer YAML aliases' : 'check the JSON or YAML syntax here (a missing comma, quote or bracket?)';
    out.push(diagnostic(code, prefix + message, span, help, severity));
  };
  for (const e of doc.errors) add(e, 'error');
  for (const w of doc.warnings) if (w.code !== 'TAG_RESOLVE_FAILED') add(w, 'warning');
  out.push(...unknownTags(doc, source.file, text.length, prefix));
  return out;
}
