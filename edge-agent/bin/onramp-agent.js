#!/usr/bin/env node
// Runs the CLI as JavaScript built by `npm run build` (scripts/build-bins.mjs, into ../build/),
// which starts in a fraction of a second; from the TypeScript sources through tsx (a dev
// dependency) only when that build is missing or older than a source file it was built from, so a
// checkout never runs stale code. test/bench/cli-startup.ts measures both.
import { readFileSync, statSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

// stdout carries the command's output alone (`probe --json` is read by scripts): notices that
// libraries print with console.log (node-opcua does at import, before any logger can be set) go
// to stderr with the logs.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const build = new URL("../build/", import.meta.url);

/**
 * Whether ../build/ holds a build at least as new as each of its source files (≈ 150 stats, ≈ 2
 * ms). A source file that is absent (an image that ships the build without the sources) is no
 * reason to distrust the build.
 */
function isBuildFresh() {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(new URL("main.js", build)).mtimeMs;
    inputs = JSON.parse(readFileSync(new URL("inputs.json", build), "utf8"));
  } catch {
    return false;
  }
  return inputs.every((input) => {
    const source = statSync(new URL(input, build), { throwIfNoEntry: false });
    return source === undefined || source.mtimeMs <= builtAt;
  });
}

const fresh = isBuildFresh();
if (!fresh) {
  process.stderr.write(
    "onramp-agent: running from the TypeScript sources (no build, or a source changed since): `npm run build` for a fast start\n",
  );
  const { register } = await import("tsx/esm/api");
  register();
}

// Two V8 heap settings for a long-running agent on a small gateway, measured with
// test/bench/agent-rss.ts (100 Modbus devices × 50 signals, 1 s poll, every value reported; the
// machine shared with other benchmarks):
// - the young generation stays at its initial 1 MiB semi-space instead of growing to 16 MiB (a
//   32 MiB new space, all of it resident once the agent allocates steadily): steady RSS 152 → 121
//   MiB (median of 5), but with only 1 MiB, batched samples (kept up to 1 s) get promoted and the
//   old space then saw-tooths by up to +23 MiB between full GCs;
// - so the old space grows by 20 % over what the last full GC left (V8 picks 10–300 %, more on a
//   busy core): steady RSS 110.6 MiB (median of 3), flat within 2 MiB; CPU 4.0 → 5.5 % of a core.
// `--max-semi-space-size` would be the documented flag, but V8 reads it only when the process
// starts (this file is started as `node onramp-agent.js`; NODE_OPTIONS belongs to the installer);
// the growth factors are read each time V8 resizes a space. V8 resets the semi-space growth factor
// to its minimum (2) whenever it creates an isolate, hence after tsx's register(), whose loader
// runs in a worker thread: a Worker started later would bring back the default growth, never break anything.
setFlagsFromString("--semi-space-growth-factor=1");
setFlagsFromString("--heap-growing-percent=20");

const { main } = fresh ? await import(new URL("main.js", build).href) : await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
