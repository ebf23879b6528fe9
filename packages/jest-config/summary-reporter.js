// Writes this package's test totals to $EMM_TEST_RESULTS_DIR/<package>.json, so
// scripts/test can print one closing line for the whole monorepo.
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.EMM_TEST_RESULTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const { name = basename(this.rootDir) } = require(join(this.rootDir, 'package.json'));
    const totals = { passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests + results.numTodoTests };
    writeFileSync(join(dir, `${name.replace(/[@/]/g, '_')}.json`), JSON.stringify({ name, ...totals }));
  }
}

module.exports = SummaryReporter;
