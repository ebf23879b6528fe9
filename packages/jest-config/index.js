// Shared jest config. swc compiles TypeScript for tests; Nest's DI needs
// `design:paramtypes`, so legacy decorators *with* decorator metadata are on.
const swcOptions = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @param {string} rootDir the package or app folder */
module.exports = (rootDir, overrides = {}) => ({
  rootDir,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30_000,
  // A suite that leaks a handle (a timer, a socket) must not hang CI after its tests are done;
  // jest still says so when it force-exits.
  forceExit: true,
  reporters: ['default', require.resolve('./summary-reporter')],
  ...overrides,
});
module.exports.swcOptions = swcOptions;
