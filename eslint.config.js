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
  {
    dir: 'src/lib',
    forbidden: ['background', 'content', 'options', 'ui'],
    message: 'src/lib is imported by every entry point and imports none of them.',
  },
  {
    dir: 'src/ui',
    forbidden: ['background', 'content', 'options'],
    message:
      'src/ui is shared by the content script and the options page; it imports only src/lib.',
  },
  {
    dir: 'src/background',
    forbidden: ['content', 'options', 'ui'],
    message: 'The service worker shares code with the pages only through src/lib.',
  },
  {
    dir: 'src/content',
    forbidden: ['background', 'options'],
    message: 'The content script shares code only through src/lib and src/ui.',
  },
  {
    dir: 'src/options',
    forbidden: ['background', 'content'],
    message: 'The options page shares code only through src/lib and src/ui.',
  },
];

const layerRule = ({ forbidden, message }, paths = []) => [
  'error',
  { patterns: [importsOf(forbidden, message)], paths },
];

/** In the service worker the extension APIs are reached through one wrapper, so the outbox and
 * the nightly schedule run in Node tests with fakes in their place. */
const WRAPPED_POLYFILL = {
  name: 'webextension-polyfill',
  message: 'The service worker reaches the extension APIs through src/background/extension-api.ts.',
};
const BACKGROUND = LAYERS.find((l) => l.dir === 'src/background');

export default tseslint.config(
  { ignores: ['dist/', 'dist-firefox/', 'node_modules/', 'bench/results/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // No remote code and no string evaluation anywhere in the extension.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
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
  ...LAYERS.map((layer) => ({
    files: [`${layer.dir}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': layerRule(layer, layer === BACKGROUND ? [WRAPPED_POLYFILL] : []),
    },
  })),
  {
    // The wrapper itself, and the entry point that registers the listeners.
    files: ['src/background/extension-api.ts', 'src/background/index.ts'],
    rules: { 'no-restricted-imports': layerRule(BACKGROUND) },
  },
  prettier,
);
