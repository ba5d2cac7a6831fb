// The spec reporter, plus one plain closing line ("N passed, N failed, N skipped") that
// CI reads to know how many tests ran.
const { reporters } = require('mocha');

class WinvestcoReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes, failures, pending } = this.stats;
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = WinvestcoReporter;
