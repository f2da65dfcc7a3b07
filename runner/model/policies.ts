/**
 * Resolving policy references: a name declared under `policies` (inline or `{file}`) or an inline
 * document, parsed for the kind it is attached as (identity, boundary, session, resource, SCP,
 * RCP). A named policy used as two kinds is parsed once per kind, since AWS's grammar differs by
 * kind (a resource-based policy needs Principal, an identity-based one must not have it).
 */
import { diagnostic, didYouMean, suggest, type Diagnostic } from '../diagnostics';
import type { PolicyFile } from '../load/policy-file';
import { parsePolicy } from '../policy/parse';
import type { Policy, PolicyKind } from '../policy/types';
import { entries, isMapping, spanOf, text, type Source } from './nodes';

/** A document declared under `policies`. */
interface Declared {
  node: unknown;
  source: Source;
}

/** Parses policies on demand and remembers them. */
export class PolicyResolver {
  private readonly declared = new Map<string, Declared>();
  /** Names whose `{file}` could not be loaded (already reported): references to them are quiet. */
  private readonly unusable = new Set<string>();
  private readonly parsed = new Map<string, Policy | null>();
  /** Every policy parsed so far (for catalog checks), once each. */
  readonly policies: Policy[] = [];

  constructor(
    private readonly src: Source,
    policiesNode: unknown,
    files: ReadonlyMap<string, PolicyFile>,
    private readonly diagnostics: Diagnostic[],
  ) {
    for (const e of entries(policiesNode, src)) {
      const file = files.get(e.key);
      if (file) {
        this.declared.set(e.key, { node: file.parsed.root, source: { file: file.file, document: file.parsed.document } });
      } else if (entries(e.node, src).some((f) => f.key === 'file')) {
        this.unusable.add(e.key);
      } else {
        this.declared.set(e.key, { node: e.node, source: src });
      }
    }
  }

  /** The names declared under `policies`. */
  names(): string[] {
    return [...this.declared.keys()];
  }

  /**
   * Resolves a reference (a name or an inline document) as `kind`. `label` names an inline
   * document in messages and explanations. Undefined when the reference is unusable (reported).
   */
  resolve(ref: unknown, kind: PolicyKind, label: string): Policy | undefined {
    if (isMapping(ref, this.src)) return this.parse(ref, this.src, label, kind);
    const name = text(ref, this.src);
    if (name === undefined) return undefined; // the schema reported the shape
    const declared = this.declared.get(name);
    if (!declared && this.unusable.has(name)) return undefined;
    if (!declared) {
      this.diagnostics.push(
        diagnostic(
          'UNKNOWN_POLICY',
          `unknown policy \`${name}\``,
          spanOf(ref, this.src),
          didYouMean(suggest(name, this.names()), this.declared.size > 0 ? `declared policies: ${this.names().map((n) => `\`${n}\``).join(', ')}` : 'declare it under `policies`'),
        ),
      );
      return undefined;
    }
    const key = `${kind}\u0000${name}`;
    if (this.parsed.has(key)) return this.parsed.get(key) ?? undefined;
    const policy = this.parse(declared.node, declared.source, name, kind);
    this.parsed.set(key, policy ?? null);
    return policy;
  }

  private parse(node: unknown, source: Source, name: string, kind: PolicyKind): Policy | undefined {
    const result = parsePolicy(node, { file: source.file, name, kind, document: source.document });
    this.diagnostics.push(...result.diagnostics);
    if (result.value) this.policies.push(result.value);
    return result.value;
  }
}
