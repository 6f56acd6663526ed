import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * vitest globalSetup: builds the agent's CLI (scripts/build-bins.mjs, ≈ 0.3 s) before any test
 * runs, so that tests that spawn `edge-agent/bin/onramp-agent.js` run the code under test, fast,
 * rather than a stale build or the slow tsx fallback.
 */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("./build-bins.mjs", import.meta.url))], {
    stdio: "inherit",
  });
}
