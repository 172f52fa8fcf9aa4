import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';

// Raw ipcMain / ipcRenderer only in the two files that wrap them: everything else goes through the
// typed contract (src/shared/ipc), so no handler can skip sender and input checks.
const IPC_WRAPPERS = ['src/main/electron/ipc.ts', 'src/preload/index.ts'];
const rawIpc = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcMain', 'ipcRenderer'],
      message: 'Use the typed IPC wrappers (src/main/electron/ipc.ts, src/preload).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-restricted-imports': ['error', rawIpc],
    },
  },
  { files: IPC_WRAPPERS, rules: { 'no-restricted-imports': 'off' } },
  {
    // The renderer and shared code never reach for electron or node: they only see the contract.
    files: ['src/renderer/**/*.{ts,tsx}', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'fs', 'path', 'keytar'],
              message: 'Renderer and shared code cannot import electron or node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Every text a person reads comes from the catalogues (en.json, fr.json): a literal in JSX, or in
    // an attribute that is read out or shown, fails here. Texts built outside JSX are caught by the
    // French browser test (test/e2e/french.test.ts).
    files: ['src/renderer/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          // Icons and punctuation are not words ("ℹ" is a letter to Unicode, an icon here).
          words: { exclude: [/^[^\p{L}]*$/u, /^\s*ℹ\s*$/u] },
          'object-properties': { exclude: ['tone'] },
          'jsx-attributes': {
            include: [
              'aria-label',
              'aria-description',
              'aria-roledescription',
              'aria-valuetext',
              'title',
              'placeholder',
              'alt',
              'label',
              'help',
              'busyLabel',
              'confirmLabel',
              'emptyText',
            ],
          },
        },
      ],
    },
  },
  {
    // Command-line tools and tests print to the console on purpose.
    files: ['scripts/**', 'test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
