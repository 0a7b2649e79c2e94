import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['eslint.config.js', '.dependency-cruiser.cjs', 'bin/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The pages' scripts run in the browser, untyped and unbuilt: the plain JavaScript rules.
    files: ['web/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'localStorage', 'sessionStorage', 'fetch', 'WebSocket', 'location', 'FormData', 'Option', 'setTimeout', 'setInterval', 'clearInterval', 'clearTimeout', 'URL'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
