/**
 * Reading elements that hold a string or a list of strings (Action, Resource, principal values,
 * condition values).
 */
import type { DiagnosticCode } from '../diagnostics';
import { report, type ParseContext } from './context';
import type { Spanned } from './types';
import { itemsOf, scalarText, shapeName, shapeOf, spanOf, type Entry } from '../yaml-tree/nodes';

/** How an element's scalars may be written. */
export interface StringListOptions {
  /**
   * True when numbers and booleans are accepted as their text (condition values: AWS compares
   * `"Bool": {"aws:SecureTransport": true}` as the text `true`). Default: `false`, where a number
   * is an error that tells the user to quote it (YAML reads `012345678901` as a number).
   */
  scalars?: boolean;
  /** The code for a value of the wrong shape. Default: `BAD_POLICY`. */
  code?: DiagnosticCode;
}

/**
 * Reads `entry.value` as one string or a list of strings. Returns undefined (after reporting)
 * when the element cannot be used at all; an empty list is reported and returned empty.
 */
export function readStringList(ctx: ParseContext, entry: Entry, where: string, options: StringListOptions = {}): Spanned[] | undefined {
  const shape = shapeOf(entry.value);
  if (shape === 'seq') {
    const items = itemsOf(entry.value, ctx);
    const valueSpan = spanOf(entry.value, ctx, entry.keySpan);
    if (items.length === 0) {
      report(ctx, options.code ?? 'BAD_POLICY', where, `\`${entry.key}\` is an empty list`, valueSpan, 'give at least one value');
      return [];
    }
    const out: Spanned[] = [];
    for (const item of items) {
      const s = readOne(ctx, item, entry.key, where, spanOf(item, ctx, valueSpan), options);
      if (s) out.push(s);
    }
    return out;
  }
  const one = readOne(ctx, entry.value, entry.key, where, spanOf(entry.value, ctx, entry.keySpan), options);
  return one ? [one] : undefined;
}

function readOne(
  ctx: ParseContext,
  node: unknown,
  element: string,
  where: string,
  span: Spanned['span'],
  options: StringListOptions,
): Spanned | undefined {
  const shape = shapeOf(node);
  const text = scalarText(node);
  if (shape === 'string' && text !== undefined) return { value: text, span };
  if ((shape === 'number' || shape === 'boolean') && text !== undefined) {
    if (options.scalars) return { value: text, span };
    if (shape === 'number') {
      report(
        ctx,
        'NUMBER_NOT_STRING',
        where,
        `\`${element}\` value \`${text}\` is a number, not a string`,
        span,
        `quote it: \`"${text}"\``,
      );
      return undefined;
    }
  }
  const expected = options.scalars ? 'a string, number or boolean' : 'a string';
  report(
    ctx,
    options.code ?? 'BAD_POLICY',
    where,
    `\`${element}\` value is ${shapeName(shape)}`,
    span,
    `expected ${expected} or a list of them`,
  );
  return undefined;
}
