/**
 * Two suites. `unit`: files named `*.unit.test.ts`, which need no PostgreSQL, Redis or RabbitMQ (their
 * addresses are closed ports: test/unit-setup.ts) and run on fake timers (`npm run test:unit`, seconds).
 * `integration`: every other `*.test.ts`, against the real services in a database, key prefix and queue
 * namespace of this run's own (test/global-setup.ts), or on the real clock. `npm test` runs both.
 */
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/functions', '<rootDir>/shared', '<rootDir>/scripts', '<rootDir>/test'],
  transform: { '^.+\\.(t|m?j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // ESM-only packages are compiled to CommonJS for jest like the project's own code.
  transformIgnorePatterns: ['/node_modules/(?!(uuid|@middy|postgrator|jose|@redocly/openapi-core|@redocly/config|colorette|jsonpath-rfc9535|openapi-typescript|parse-json|index-to-position|change-case|supports-color)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/close-clients.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 20_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.test.ts'], setupFiles: ['<rootDir>/test/unit-setup.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.unit\\.test\\.ts$'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
