import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/', 'dist/'] },
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
      // One clock: Redis enforces durations (PX, PEXPIRE) or its own TIME, never a date computed
      // from the engine's clock (see src/store/redis.ts). The Lua scripts are scanned by a test.
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(p?expireat)$/i]", message: 'absolute expiry from the engine clock: use pexpire / PX with a duration (src/store/redis.ts)' },
        { selector: "Literal[value=/^(PXAT|EXAT|PEXPIREAT|EXPIREAT)$/i]", message: 'absolute expiry from the engine clock: use PX with a duration (src/store/redis.ts)' },
      ],
    },
  },
  {
    files: ['eslint.config.js', '.dependency-cruiser*.cjs', 'bin/*.mjs', 'scripts/*.mjs'],
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
        ['document', 'localStorage', 'sessionStorage', 'fetch', 'WebSocket', 'location', 'FormData', 'Option', 'setTimeout', 'setInterval', 'clearInterval', 'clearTimeout', 'URL', 'DOMParser', 'Node', 'URLSearchParams', 'uPlot'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['.dependency-cruiser*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['bin/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: Object.fromEntries(['module', 'require', '__dirname', 'process', 'Buffer', 'setTimeout'].map((g) => [g, 'readonly'])),
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
