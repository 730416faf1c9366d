/**
 * Prints vitest's counts as the plain closing line CI reads ("tests: N passed, N failed, N
 * skipped"), from the JSON report the test run wrote.
 */
import { readFileSync } from 'node:fs';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8')) as VitestJson;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
);
