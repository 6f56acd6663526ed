// Prints vitest's JSON report as one plain closing line ("N passed, N failed, N skipped"), so
// the number of tests executed is visible to people and to CI log readers alike.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
