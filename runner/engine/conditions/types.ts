/**
 * The one interface every condition operator family implements.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { PatternText } from '../pattern';

/** A compiled policy value: true when one context value matches it. */
export type ValuePredicate = (contextValue: string) => boolean;

/** One operator family (string, numeric, date, ...). */
export interface OperatorFamily {
  /** Family name, for explanations. */
  name: string;
  /**
   * Whether policy variables are substituted in this family's values (the page's "Policy
   * variables" line per family: supported for String, Boolean and ARN operators).
   */
  variables: boolean;
  /**
   * Compiles a policy value for a positive operator (`StringEquals`, never `StringNotEquals`;
   * negation is applied in one place, conditions/evaluate.ts). Undefined when the value cannot be
   * read as the operator reads it: it then matches nothing.
   */
  compile(operator: string, value: PatternText): ValuePredicate | undefined;
  /**
   * Optional: compiles all of a condition's values at once into one predicate that is true when
   * any of them matches, in time independent of (or logarithmic in) the number of values: hash
   * sets for equality, the extreme value for ordered comparisons (value-set.ts). It must agree
   * exactly with ORing {@link compile} over the values; `values` holds only those that compile,
   * and `compiled[i]` is `compile(operator, values[i])`, for the values it still tries one by one.
   * Undefined when the family has no faster form than trying each value.
   */
  compileSet?(operator: string, values: readonly PatternText[], compiled: readonly ValuePredicate[]): ValuePredicate | undefined;
}
