module.exports = [
  ...require('@emm/eslint-config')(__dirname),
  // Plain CommonJS scripts run by `node` in a child process; they are outside the TypeScript project.
  { ignores: ['test/fixtures/**'] },
];
