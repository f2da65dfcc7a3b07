/**
 * YAML and JSON syntax problems of a policy document, as diagnostics with spans.
 */
import type { Document } from 'yaml';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics';

/** Maps the yaml package's error codes onto ours; syntax errors share one code. */
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

function helpOf(code: DiagnosticCode): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the keys: AWS would keep only one of them';
    case 'YAML_ALIAS_LIMIT':
      return 'expand fewer aliases';
    default:
      return 'check the JSON or YAML syntax here';
  }
}

/**
 * The errors and warnings the yaml parser recorded for `doc` (parsed with `prettyErrors: false`,
 * so messages carry no position of their own). Messages are lowercased to our style.
 */
export function yamlDiagnostics(doc: Document, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (e: { code: string; message: string; pos: [number, number] }, severity: 'error' | 'warning'): void => {
    const code = codeOf(e.code);
    const text = e.message.split('\n')[0]!.replace(/\.$/, '');
    const message = text.charAt(0).toLowerCase() + text.slice(1);
    out.push(diagnostic(code, message, { file, start: e.pos[0], end: e.pos[1] }, helpOf(code), severity));
  };
  for (const e of doc.errors) add(e, 'error');
  for (const w of doc.warnings) add(w, 'warning');
  return out;
}
