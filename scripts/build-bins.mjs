// Builds the edge agent's CLI to JavaScript (edge-agent/build/) so that `onramp-agent` starts
// without a TypeScript transpiler: under tsx, `onramp-agent --help` took 3–6.5 s on this 2-core
// machine (test/bench/cli-startup.ts measures both). Plain JavaScript (no tsx) so that it runs on
// a gateway right after `npm ci`.
//
// Only the project's own code is bundled (src and the @onramp/* workspace packages, which ship
// TypeScript); every npm dependency stays an ordinary import from node_modules, so node-opcua's
// and better-sqlite3's files load as their authors ship them. ESM code splitting keeps each
// dynamic import() a separate chunk: the command table and the driver registry still load a
// protocol stack only when a command needs it.
import { rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "edge-agent/build");

/** Bare specifiers other than the workspace packages stay imports of node_modules. */
const externalDependencies = {
  name: "external-dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@onramp/") ? undefined : { path: args.path, external: true },
    );
  },
};

// Chunk names carry content hashes: start empty so no chunk of an older build lingers.
await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: "edge-agent/src/cli/main.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
  plugins: [externalDependencies],
});

// The launcher (edge-agent/bin/onramp-agent.js) runs the build only while it is newer than every
// source file it was built from: it stats this list rather than trusting a stale build.
const inputs = Object.keys(result.metafile.inputs).map((path) => relative(outdir, join(root, path)));
await writeFile(join(outdir, "inputs.json"), `${JSON.stringify(inputs)}\n`);
