import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.lab-run', 'lab/run'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The embedding examples: plain browser modules, served as they are.
    files: ['e2e/host-pages/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Playwright fixtures take `{}` when they depend on no other fixture.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Remote text is data: render it as text, never as HTML.',
        },
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Remote text is data: never assign innerHTML.',
        },
      ],
    },
  },
  // Layering (ARCHITECTURE.md): protocol is pure; only sip/ touches sip.js; ui/ is presentational.
  {
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'sip.js',
            'sip.js/*',
            'react',
            'zustand',
            'zustand/*',
            '../sip/*',
            '../store/*',
            '../ui/*',
            '../features/*',
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**', 'src/features/**', 'src/store/**', 'src/config/**', 'src/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['sip.js', 'sip.js/*'] }] },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['sip.js', 'sip.js/*', 'zustand', 'zustand/*', '../store/*', '../sip/*'] },
      ],
    },
  },
  {
    files: ['src/sip/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'zustand', 'zustand/*', '../store/*', '../ui/*'] },
      ],
    },
  },
);
