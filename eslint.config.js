import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The domain is pure: no framework, no database client, no I/O (STYLE.md rule 2).
const infrastructureImports = {
  patterns: [
    { group: ['@nestjs/*'], message: 'libs/domain stays free of NestJS.' },
    { group: ['@eventstore/*', 'mongodb', 'bson'], message: 'libs/domain stays free of database clients.' },
    { group: ['node:*'], message: 'libs/domain does no I/O.' },
    { group: ['@ledger/*', '!@ledger/domain'], message: 'libs/domain depends on no other library.' },
    { group: ['**/apps/*', '../../apps/**'], message: 'Libraries never import apps.' },
  ],
  paths: ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'os', 'cluster', 'worker_threads', 'crypto', 'process'].map(
    (name) => ({ name, message: 'libs/domain does no I/O.' }),
  ),
};

// The consumer engine's core knows neither EventStoreDB nor MongoDB nor Nest (STYLE.md rule 17):
// its adapters live in libs/consumers-eventstore and libs/consumers-mongodb.
const consumerCoreImports = {
  patterns: [
    { group: ['@nestjs/*'], message: 'libs/consumers (the core) stays free of NestJS.' },
    { group: ['@eventstore/*', 'mongodb', 'bson'], message: 'libs/consumers (the core) knows no database client: put it in an adapter library.' },
    { group: ['@ledger/*', '!@ledger/consumers'], message: 'libs/consumers (the core) depends on no other library.' },
    { group: ['**/apps/*', '../../apps/**'], message: 'Libraries never import apps.' },
  ],
};

// The operator APIs' answers, as plain types: the console's page (built by Vite, outside the
// Node build) imports them too, so they import nothing but each other.
const apiViewImports = {
  patterns: [{ regex: '^(?!\\./)', message: 'libs/api-views imports nothing: plain types that the console page shares.' }],
};

// The embedded servers are not the ledger: any Node project can use them (ARCHITECTURE.md).
const serverImports = {
  patterns: [
    { group: ['@ledger/*'], message: 'servers/ depend on nothing of the ledger: no @ledger/* import.' },
    { group: ['**/libs/*', '**/apps/*', '../../../libs/**', '../../../apps/**'], message: 'servers/ never reach into the ledger\'s libs or apps.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.tmp/', 'apps/console/web/dist/', 'artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
      // Nest's constructor injection reads types at run time: type-only import fixes must not apply there.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Apps never import each other; libs never import apps.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/*', '../../apps/**'], message: 'Import a library (@ledger/*), never another app.' }] },
      ],
    },
  },
  {
    // Declared after the rule above, so it replaces it for the domain's own files.
    files: ['libs/domain/**/*.ts'],
    ignores: ['libs/domain/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', infrastructureImports] },
  },
  {
    files: ['libs/consumers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', consumerCoreImports] },
  },
  {
    files: ['libs/api-views/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', apiViewImports] },
  },
  {
    files: ['servers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', serverImports] },
  },
);
