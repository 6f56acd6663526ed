// Loads one of the ingest's CLIs as JavaScript built by `npm run build` (scripts/build-bins.mjs,
// into ../build/), which starts in a fraction of a second; from the TypeScript sources through tsx
// (a dev dependency) only when that build is missing or older than a source file it was built
// from, so a checkout never runs stale code. test/bench/cli-startup.ts measures both.
import { readFileSync, statSync } from "node:fs";

const build = new URL("../build/", import.meta.url);

/**
 * Whether ../build/ holds a build at least as new as each of its source files (a few hundred
 * stats, a few ms). A source file that is absent (an image that ships the build without the
 * sources) is no reason to distrust the build.
 */
function isBuildFresh(chunk) {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(new URL(chunk, build)).mtimeMs;
    inputs = JSON.parse(readFileSync(new URL("inputs.json", build), "utf8"));
  } catch {
    return false;
  }
  return inputs.every((input) => {
    const source = statSync(new URL(input, build), { throwIfNoEntry: false });
    return source === undefined || source.mtimeMs <= builtAt;
  });
}

/**
 * The module of CLI `name` ("ingest" or "verify"): build/<name>.js when fresh, else `source` (a
 * path relative to this folder) through tsx, with a notice on stderr.
 */
export async function loadCli(name, source) {
  const chunk = `${name}.js`;
  if (isBuildFresh(chunk)) return import(new URL(chunk, build).href);
  process.stderr.write(
    `onramp-${name}: running from the TypeScript sources (no build, or a source changed since): \`npm run build\` for a fast start\n`,
  );
  const { register } = await import("tsx/esm/api");
  register();
  return import(new URL(source, import.meta.url).href);
}
