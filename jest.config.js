// One jest run covers every level; `--selectProjects unit|int|e2e` runs one of them.
const swcOptions = (moduleType) => ({
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: moduleType },
  sourceMaps: 'inline',
});

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcOptions('es6')],
    // Some CJS dependencies require() ESM-only packages: Node 20 does that natively,
    // jest's module loader does not, so those packages are compiled to CJS for tests only.
    'node_modules/cookie/.+\\.js$': ['@swc/jest', swcOptions('commonjs')],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  moduleNameMapper: {
    '^@ledger/([a-z0-9-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@embedded-servers/([a-z0-9-]+)$': '<rootDir>/servers/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
};

export default {
  // Most suites wait on servers and child processes rather than compute: three workers on two
  // cores run the suite in a third of the in-band time (jest's default there is one worker).
  maxWorkers: 3,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,servers,docker}/**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,servers}/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'] },
  ],
};
