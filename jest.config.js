/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/functions', '<rootDir>/shared', '<rootDir>/scripts', '<rootDir>/test'],
  transform: { '^.+\\.(t|m?j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // ESM-only packages are compiled to CommonJS for jest like the project's own code.
  transformIgnorePatterns: ['/node_modules/(?!(uuid|@middy|postgrator|jose|@redocly/openapi-core|@redocly/config|colorette|jsonpath-rfc9535|openapi-typescript|parse-json|index-to-position|change-case|supports-color)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/close-clients.ts'],
  testTimeout: 20_000,
};
