module.exports = require('@emm/jest-config')(__dirname);
