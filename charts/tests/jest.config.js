module.exports = require('@emm/jest-config')(__dirname, {
  // Vendors the charts' dependencies once before any test renders them.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Most of the time goes to helm and promtool child processes: two workers keep both cores busy.
  maxWorkers: 2,
  testTimeout: 60_000,
});
