/**
 * Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI tooling reads,
 * after jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const skipped = numPendingTests + numTodoTests;
    process.stdout.write(`\njest: ${numPassedTests} passed, ${numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
