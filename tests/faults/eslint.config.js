module.exports = require('@emm/eslint-config')(__dirname);
