import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * An import of one of `dirs` from a file in src/: relative imports only, as the project writes
 * them (`../background/x`, `../../ui/y`).
 */
const importsOf = (dirs, message) => ({
  regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`,
  message,
});

/** Each layer of src/ with the folders it must not import: lib sits below everything, and the
 * three entry points (each its own bundle) share code only through lib and ui. */
const LAYERS = [
  [
    'src/lib',
    ['background', 'content', 'options', 'ui'],
    'src/lib is imported by every entry point and imports none of them.',
  ],
  [
    'src/ui',
    ['background', 'content', 'options'],
    'src/ui is shared by the content script and the options page; it imports only src/lib.',
  ],
  [
    'src/background',
    ['content', 'options', 'ui'],
    'The service worker shares code with the pages only through src/lib.',
  ],
  [
    'src/content',
    ['background', 'options'],
    'The content script shares code only through src/lib and src/ui.',
  ],
  [
    'src/options',
    ['background', 'content'],
    'The options page shares code only through src/lib and src/ui.',
  ],
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // No remote code and no string evaluation anywhere in the extension.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads only .js dependencies unless told how to parse TypeScript.
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] }),
      ],
    },
    rules: {
      // A cycle makes module evaluation order matter; src/ has none and keeps it so.
      'import-x/no-cycle': 'error',
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
  ...LAYERS.map(([dir, forbidden, message]) => ({
    files: [`${dir}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns: [importsOf(forbidden, message)] }] },
  })),
  {
    // TODO(merge): remove once split
    files: ['src/lib/reconcile/run.ts', 'src/options/unsubscribe-list.tsx'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // Widget is 121 lines; src/content belongs to another engineer this round. Split it, then
    // drop this override.
    files: ['src/content/widget.tsx'],
    rules: { 'max-lines-per-function': 'off' },
  },
  prettier,
);
