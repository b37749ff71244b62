// The Node tests are checked like the app (bin/test runs this before the build): a test file that
// does not parse, or names a variable it never declared, fails at once instead of in CI's last step.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/**'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      // Node, plus the page globals of the functions the tests hand to page.evaluate() (they run
      // in the browser) and PrimeFaces' jQuery.
      globals: { ...globals.node, ...globals.browser, $: 'readonly', JsSIP: 'readonly' },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
];
