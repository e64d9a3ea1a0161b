import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Web-platform APIs that exist alike in browsers and Node (no DOM, no I/O): fine in src/protocol. */
const PORTABLE_GLOBALS = new Set([
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'console',
  'setTimeout',
  'clearTimeout',
  'queueMicrotask',
  'structuredClone',
]);

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
    // Above sip/, only its top-level modules (the client façade, its delegate and interface, call
    // state, reasons) are visible: never its parts (connection/, calls/, …) or test support.
    files: ['src/ui/**', 'src/features/**', 'src/store/**', 'src/config/**', 'src/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['sip.js', 'sip.js/*', '**/sip/*/*'] }] },
  },
  {
    // features/ reads calls and the connection from the store (which re-exports the SIP layer's
    // call and registration types): no sip/ module at all.
    files: ['src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['sip.js', 'sip.js/*'] },
            { group: ['**/sip/*'], message: 'features/ takes call and connection types from the store.' },
          ],
        },
      ],
    },
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
    // sip/ at any depth (connection/, calls/, …): never React, the store or the views.
    files: ['src/sip/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'react',
            'zustand',
            'zustand/*',
            '**/store',
            '**/store/*',
            '**/ui/*',
            '**/features/*',
            '**/embed/*',
            '**/i18n',
            '**/i18n/*',
          ],
        },
      ],
    },
  },
  {
    // protocol/ is pure: no browser or Node globals (a local variable of the same name is fine).
    files: ['src/protocol/**'],
    ignores: ['src/protocol/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[...new Set([...Object.keys(globals.browser), ...Object.keys(globals.node)])]
          .filter((name) => !(name in globals.builtin) && !PORTABLE_GLOBALS.has(name))
          .map((name) => ({ name, message: 'src/protocol is pure: pass what it needs as arguments.' })),
      ],
    },
  },
  {
    // i18n/ renders words: it knows the SIP layer's reasons (types only) and React, nothing above.
    files: ['src/i18n/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'sip.js',
                'sip.js/*',
                'zustand',
                'zustand/*',
                '../store',
                '../store/*',
                '../features/*',
                '../ui/*',
                '../embed/*',
                '../app/*',
                '../um-api/*',
              ],
            },
            { group: ['../sip/*'], allowTypeImports: true, message: 'i18n may know sip/ types only.' },
          ],
        },
      ],
    },
  },
  {
    // um-api/ is an HTTP client of the voicemail server: no SIP, no store, no views, no words.
    files: ['src/um-api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'react',
            'react-dom',
            'react-dom/*',
            'sip.js',
            'sip.js/*',
            'zustand',
            'zustand/*',
            '../sip/*',
            '../store',
            '../store/*',
            '../features/*',
            '../ui/*',
            '../embed/*',
            '../app/*',
            '../i18n',
            '../i18n/*',
          ],
        },
      ],
    },
  },
  {
    // embed/ mounts the app for host pages: through the store and the SIP client's façade (to make
    // one client per element), never SIP.js itself or the rest of the SIP layer.
    files: ['src/embed/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['sip.js', 'sip.js/*', '../ui/*'] },
            {
              group: ['../sip/*', '!../sip/phone-client'],
              message: 'embed/ takes call types from the store; of sip/ only the client façade.',
            },
          ],
        },
      ],
    },
  },
);
