/**
 * Resolving policy references: a name declared under `policies` (inline or `{file}`), an AWS
 * managed policy ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`, from the catalog's pinned copy),
 * or an inline document, parsed for the kind it is attached as (identity, boundary, session,
 * resource, SCP, RCP). A named policy used as two kinds is parsed once per kind, since AWS's
 * grammar differs by kind (a resource-based policy needs Principal, an identity-based one must not have it).
 */
import { defaultManagedPolicies, documentText, isManagedPolicyArn, type ManagedPolicies } from '../../catalog/managed-policies';
import { didYouMean, suggest } from '../../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import type { PolicyFile } from '../load/policy-file';
import type { ResourcePolicyType } from '../policy/kind-rules';
import type { SourcedPolicy } from '../load/sources/types';
import { parsePolicy, parsePolicyText } from '../policy/parse';
import { policyKinds, type Policy, type PolicyKind } from '../policy/types';
import { entriesOf, isMapping, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';

/** A document declared under `policies`. */
interface Declared {
  node: unknown;
  source: TreeSource;
  /** An SCP or RCP taken from a source, with how messages name it. */
  control?: PolicyFile['control'];
}

/** Parses policies on demand and remembers them. */
export class PolicyResolver {
  private readonly declared = new Map<string, Declared>();
  /** Names whose `{file}` could not be loaded (already reported): references to them are quiet. */
  private readonly unusable = new Set<string>();
  private readonly parsed = new Map<string, Policy | null>();
  /**
   * Every policy of the scenario's own text parsed so far (for catalog checks), once each. AWS
   * managed policies are left out: the user cannot change them, and their catalog warnings
   * (actions newer than the catalog's pin) are reviewed once, in catalog/managed-policies.test.ts.
   */
  readonly policies: Policy[] = [];

  constructor(
    private readonly src: TreeSource,
    policiesNode: unknown,
    files: ReadonlyMap<string, PolicyFile>,
    private readonly diagnostics: Diagnostic[],
    /** The pinned AWS managed policies. Default: the catalog's, read on the first ARN. */
    private readonly managed: () => ManagedPolicies = defaultManagedPolicies,
  ) {
    for (const e of entriesOf(policiesNode, src)) {
      const file = files.get(e.key);
      if (file) {
        const source = { file: file.file, document: file.parsed.document };
        this.declared.set(e.key, { node: file.parsed.root, source, ...(file.control ? { control: file.control } : {}) });
      } else if (entriesOf(e.value, src).some((f) => f.key === 'file' || f.key === 'terraform' || f.key === 'cloudformation')) {
        this.unusable.add(e.key);
      } else {
        this.declared.set(e.key, { node: e.value, source: src });
      }
    }
  }

  /** The names declared under `policies`. */
  names(): string[] {
    return [...this.declared.keys()];
  }

  /**
   * Resolves a reference (a name or an inline document) as `kind`. `label` names an inline
   * document in messages and explanations. `resourceType` says which resource-based policy it is
   * (a role trust policy, a bucket policy); default `other`. Undefined when the reference is
   * unusable (reported).
   */
  resolve(ref: unknown, kind: PolicyKind, label: string, resourceType: ResourcePolicyType = 'other'): Policy | undefined {
    if (isMapping(ref, this.src)) return this.parse(ref, this.src, label, kind, resourceType);
    const name = textOf(ref, this.src);
    if (name === undefined) return undefined; // the schema reported the shape
    const declared = this.declared.get(name);
    if (!declared && this.unusable.has(name)) return undefined;
    if (!declared && isManagedPolicyArn(name)) return this.resolveManaged(name, ref, kind);
    if (!declared) {
      this.diagnostics.push(
        diagnostic(
          'UNKNOWN_POLICY',
          `unknown policy \`${name}\``,
          spanOf(ref, this.src),
          didYouMean(
            suggest(name, this.names()),
            this.declared.size > 0
              ? `declared policies: ${this.names()
                  .map((n) => `\`${n}\``)
                  .join(', ')}`
              : 'declare it under `policies`',
          ),
        ),
      );
      return undefined;
    }
    if (declared.control && (kind === 'scp' || kind === 'rcp') && declared.control.kind !== kind) {
      // An SCP limits the organization's principals, an RCP its resources: one cannot stand for the other
      // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_type-auth.html).
      const is = policyKinds[declared.control.kind];
      this.diagnostics.push(
        diagnostic(
          'SOURCE_NO_POLICY',
          `policy \`${name}\` is a ${is} (${declared.control.what}), listed as a ${policyKinds[kind]}`,
          spanOf(ref, this.src),
          `list it under \`organization.${declared.control.kind}s\``,
        ),
      );
      return undefined;
    }
    const key = `${kind}\u0000${resourceType}\u0000${name}`;
    if (this.parsed.has(key)) return this.parsed.get(key) ?? undefined;
    const policy = this.parse(declared.node, declared.source, name, kind, resourceType);
    this.parsed.set(key, policy ?? null);
    return policy;
  }

  /**
   * An AWS managed policy by ARN, as an identity-based policy, permissions boundary or session
   * policy: AWS attaches managed policies to users, groups and roles, uses them as boundaries
   * ("You can use an AWS managed policy or a customer managed policy to set the boundary",
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html) and takes
   * their ARNs as session policies (`PolicyArns`,
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session).
   * SCPs and RCPs are AWS Organizations policies, and a resource-based policy is the resource's
   * own document, so an IAM managed policy cannot be one.
   */
  private resolveManaged(arn: string, ref: unknown, kind: PolicyKind): Policy | undefined {
    return this.resolveManagedAt(arn, spanOf(ref, this.src), kind);
  }

  /**
   * A policy a principal or resource takes from a Terraform plan: a document is parsed exactly as
   * a policy written in the scenario (same checks, same diagnostics), once per kind; an AWS
   * managed policy comes from the pinned copy, as when it is named by ARN.
   */
  resolveSourced(sourced: SourcedPolicy, kind: PolicyKind, resourceType: ResourcePolicyType = 'other'): Policy | undefined {
    if (sourced.kind === 'managed') return this.resolveManagedAt(sourced.arn, sourced.span, kind);
    const key = `${kind}\u0000${resourceType}\u0000${sourced.file.file}\u0000${sourced.label}`;
    if (this.parsed.has(key)) return this.parsed.get(key) ?? undefined;
    const policy = this.parse(
      sourced.file.parsed.root,
      { file: sourced.file.file, document: sourced.file.parsed.document },
      sourced.label,
      kind,
      resourceType,
    );
    this.parsed.set(key, policy ?? null);
    return policy;
  }

  private resolveManagedAt(arn: string, span: Span, kind: PolicyKind): Policy | undefined {
    if (kind !== 'identity' && kind !== 'boundary' && kind !== 'session') {
      this.diagnostics.push(
        diagnostic(
          'MANAGED_POLICY_NOT_ATTACHABLE',
          `AWS managed policy \`${arn}\` cannot be attached as a ${policyKinds[kind]}`,
          span,
          'AWS managed policies attach to users, groups and roles, as permissions boundaries and as session policies; declare the document under `policies` instead',
        ),
      );
      return undefined;
    }
    const key = `${kind}\u0000${arn}`;
    if (this.parsed.has(key)) return this.parsed.get(key) ?? undefined;
    const found = this.managed().get(arn);
    if (!found) {
      this.diagnostics.push(
        diagnostic(
          'UNKNOWN_MANAGED_POLICY',
          `unknown AWS managed policy \`${arn}\``,
          span,
          didYouMean(
            this.managed().suggest(arn),
            `the pinned copy (${this.managed().source().name} ${this.managed().source().version}) has no such policy`,
          ),
        ),
      );
      return undefined;
    }
    const result = parsePolicyText(documentText(found), { file: arn, name: arn, kind });
    this.diagnostics.push(...result.diagnostics);
    this.parsed.set(key, result.value ?? null);
    return result.value;
  }

  private parse(node: unknown, source: TreeSource, name: string, kind: PolicyKind, resourceType: ResourcePolicyType): Policy | undefined {
    const result = parsePolicy(node, {
      file: source.file,
      name,
      kind,
      resourceType,
      ...(source.document ? { document: source.document } : {}),
    });
    this.diagnostics.push(...result.diagnostics);
    if (result.value) this.policies.push(result.value);
    return result.value;
  }
}
