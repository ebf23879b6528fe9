module.exports = [
  // Fixtures are plain JS run by node against dist/, outside the TypeScript project.
  { ignores: ['test/fixtures/**'] },
  ...require('@emm/eslint-config')(__dirname),
];
