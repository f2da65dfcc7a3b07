// The engine's public surface: `evaluate` and its types (re-exports only).
export { evaluate } from './evaluate';
export { evaluationRules, type EvaluationRule } from './decide';
export * from './types';
