// Prints vitest's JSON reports (one per run) as one plain closing line ("N passed, N failed,
// N skipped"), so the number of tests executed is visible to people and to CI log readers alike.
// A run that wrote no report (it crashed before the end) counts as a failure.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file) || readFileSync(file, "utf8").trim() === "") {
    console.log(`no test report in ${file}: that run did not finish`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
