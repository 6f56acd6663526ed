import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * vitest globalSetup: builds the agent's CLI (scripts/build-bins.mjs, ≈ 0.3 s) before any test
 * runs, so that tests that spawn `edge-agent/bin/onramp-agent.js` run the code under test, fast,
 * rather than a stale build or the slow tsx fallback.
 */
export default function setup(): void {
  // scripts/test.sh ran `npm run build` (these bins and the dashboard) once before its vitest runs,
  // two of which start side by side: building again here would have them write the same files
  // while the other's tests spawn them.
  if (process.env.ONRAMP_WEB_PREBUILT === "1") return;
  execFileSync(process.execPath, [fileURLToPath(new URL("./build-bins.mjs", import.meta.url))], {
    stdio: "inherit",
  });
}
