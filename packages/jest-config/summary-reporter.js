// Writes this package's test totals to $EMM_TEST_RESULTS_DIR/<package>.json, so
// scripts/test can print one closing line for the whole monorepo — and its
// slowest tests, so one creeping towards its timeout is seen before CI fails on it.
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join, relative } = require('node:path');

/** Tests slower than this are listed in the package's results. */
const SLOW_TEST_MS = 10_000;

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
    const slow = results.testResults.flatMap((suite) =>
      suite.testResults
        .filter((test) => (test.duration ?? 0) >= SLOW_TEST_MS)
        .map((test) => ({ file: relative(this.rootDir, suite.testFilePath), test: test.fullName, ms: test.duration })),
    );
    writeFileSync(join(dir, `${name.replace(/[@/]/g, '_')}.json`), JSON.stringify({ name, ...totals, slow }));
  }
}

module.exports = SummaryReporter;
