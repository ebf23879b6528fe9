const base = require('@emm/eslint-config')(__dirname);

// test/fixtures holds plain CommonJS scripts run as child processes.
module.exports = [{ ignores: ['test/fixtures/**'] }, ...base];
