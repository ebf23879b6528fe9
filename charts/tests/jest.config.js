module.exports = require('@emm/jest-config')(__dirname, {
  // Vendors the charts' dependencies once before any test renders them.
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60_000,
});
