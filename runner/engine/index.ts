export { evaluate } from './evaluate';
export { evaluationRules, type EvaluationRule } from './decide';
export * from './types';
