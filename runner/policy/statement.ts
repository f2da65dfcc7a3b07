/**
 * One statement of a policy: its elements, their shapes and the rules of the policy's kind. The
 * paired elements (`Action`/`NotAction`, ...) are read in `statement-pairs.ts`.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import type { Span } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import { checkEndpointStatement } from './endpoint-rules';
import { readConditions } from './condition';
import { report, statementLabel, withArticle, type ParseContext } from './context';
import { kindRules } from './kind-rules';
import { readActions, readPrincipals, readResources } from './statement-pairs';
import { policyKinds, type PolicyVersion, type Statement } from './types';
import { entriesOf, plainKeyText, keyName, scalarText, shapeName, shapeOf, spanOf, type Entry } from '../yaml-tree/nodes';

/** The elements a statement may hold, as AWS spells them (names are case-sensitive). */
export const statementElements = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;

type ElementName = (typeof statementElements)[number];

/**
 * Reads one statement. Returns undefined when it cannot be built (no usable Effect, or not a
 * mapping); every problem is reported either way.
 */
export function readStatement(
  ctx: ParseContext,
  node: unknown,
  index: number,
  version: PolicyVersion | undefined,
  fallback: Span,
): Statement | undefined {
  const where = statementLabel(index);
  const span = spanOf(node, ctx, fallback);
  const shape = shapeOf(node);
  if (shape !== 'map') {
    report(
      ctx,
      'BAD_POLICY',
      undefined,
      `${where} is ${shapeName(shape)}, not a mapping`,
      span,
      'expected a mapping with `Effect`, `Action` and, for most policy kinds, `Resource`',
    );
    return undefined;
  }
  const found = new Map<ElementName, Entry>();
  for (const e of entriesOf(node, ctx, span, plainKeyText)) {
    const name = statementElements.find((n) => n === e.key);
    if (!name) {
      const near = suggest(e.key, statementElements);
      report(
        ctx,
        'UNKNOWN_ELEMENT',
        where,
        `unknown element ${keyName(e)}`,
        e.keySpan,
        didYouMean(near, `expected one of ${statementElements.map((n) => `\`${n}\``).join(', ')}`)!,
      );
      continue;
    }
    found.set(name, e);
  }
  const statement: Statement = { index, effect: 'Allow', conditions: [], span };
  const effect = readEffect(ctx, found.get('Effect'), where, span);
  readSid(ctx, found.get('Sid'), where, statement);
  readActions(ctx, found, where, statement);
  readResources(ctx, found, where, statement, version);
  readPrincipals(ctx, found, where, statement, effect);
  const condition = found.get('Condition');
  if (condition) statement.conditions = readConditions(ctx, condition, where, version);
  if (ctx.kind === 'endpoint') checkEndpointStatement(ctx, statement, where);
  if (!effect) return undefined;
  statement.effect = effect;
  if (effect === 'Allow' && kindRules[ctx.kind].denyOnly && !isFullAccess(statement, found)) {
    const e = found.get('Effect')!;
    report(
      ctx,
      'BAD_EFFECT',
      where,
      `\`Effect: Allow\` is not supported in ${withArticle(policyKinds[ctx.kind])}`,
      spanOf(e.value, ctx, e.keySpan),
      "use `Effect: Deny`: only AWS's RCPFullAWSAccess may allow, and it is always attached",
    );
  }
  return statement;
}

/** The RCPFullAWSAccess statement: Allow, Principal `*`, Action `*`, Resource `*`, nothing else. */
function isFullAccess(s: Statement, found: Map<ElementName, Entry>): boolean {
  const only = (v: { value: string }[] | undefined): boolean => v?.length === 1 && v[0]!.value === '*';
  return s.principal?.kind === 'any' && only(s.action) && only(s.resource) && !found.has('Condition');
}

function readEffect(ctx: ParseContext, e: Entry | undefined, where: string, span: Span): 'Allow' | 'Deny' | undefined {
  if (!e) {
    report(ctx, 'MISSING_EFFECT', where, 'missing `Effect`', span, 'add `Effect: Allow` or `Effect: Deny`');
    return undefined;
  }
  const text = shapeOf(e.value) === 'string' ? scalarText(e.value) : undefined;
  if (text === 'Allow' || text === 'Deny') return text;
  // "Valid values for Effect are Allow and Deny. The Effect value is case sensitive."
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
  const shown = text ?? scalarText(e.value);
  const valueSpan = spanOf(e.value, ctx, e.keySpan);
  report(
    ctx,
    'BAD_EFFECT',
    where,
    shown !== undefined ? `invalid \`Effect\` \`${shown}\`` : `\`Effect\` is ${shapeName(shapeOf(e.value))}`,
    valueSpan,
    didYouMean(shown !== undefined ? suggest(shown, ['Allow', 'Deny']) : undefined, 'expected `Allow` or `Deny`')!,
  );
  return undefined;
}

function readSid(ctx: ParseContext, e: Entry | undefined, where: string, statement: Statement): void {
  if (!e) return;
  const span = spanOf(e.value, ctx, e.keySpan);
  const text = scalarText(e.value);
  if (text === undefined) {
    report(ctx, 'BAD_POLICY', where, `\`Sid\` is ${shapeName(shapeOf(e.value))}`, span, 'expected a string');
    return;
  }
  // "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers
  // (0-9)." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
  // Other services (S3, SQS, SNS) accept more, so only IAM-stored kinds are held to it.
  if (kindRules[ctx.kind].strictSid && !/^[A-Za-z0-9]*$/.test(text)) {
    report(ctx, 'BAD_POLICY', where, `\`Sid\` \`${text}\` has characters IAM does not accept`, span, 'use only ASCII letters and digits');
  }
  statement.sid = { value: text, span };
}
