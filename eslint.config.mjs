// ESLint flat config: typescript-eslint's recommended rules over our TypeScript sources
// (`npm run lint`). Formatting is not linted (no Prettier; a formatting pass is separate).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The generated validator is not linted (npm run generate:validator writes it); JS files are
  // config, the mocha summary reporter and build output.
  { ignores: ['dist/**', 'node_modules/**', 'runner/load/scenario-validator.ts', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are intentionally unused (tsc's noUnusedLocals covers the rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Off: the console reporter strips control characters from user text on purpose (a hostile
      // title must not drive the terminal), and tests strip ANSI escapes; both need them in regexes.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      // Off in tests: chai's property assertions (`expect(x).to.be.true`) are expressions, and
      // rewriting them as calls would be a wide change for no gain.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
