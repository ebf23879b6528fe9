// Most CLI tests spawn several `emm` processes against real agents (each start costs a Node
// boot): twice the shared default keeps them clear of it on a busy 2-core CI machine.
module.exports = require('@emm/jest-config')(__dirname, { testTimeout: 60_000 });
