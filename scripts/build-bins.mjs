// Builds the CLIs to JavaScript so that they start without a TypeScript transpiler: under tsx,
// `onramp-agent --help` took 3–6.5 s and `onramp-ingest --help` 3–5.5 s on this 2-core machine
// (test/bench/cli-startup.ts measures both ways). Plain JavaScript (no tsx) so that it runs on a
// gateway or a server right after `npm ci`.
//   - agent: edge-agent/build/main.js, `onramp-agent` (edge-agent/bin/onramp-agent.js);
//   - ingest: ingest-service/build/ingest.js and verify.js, `onramp-ingest` and `onramp-verify`
//     (ingest-service/bin/).
//
// Only the project's own code is bundled (src and the @onramp/* workspace packages, which ship
// TypeScript); every npm dependency stays an ordinary import from node_modules, so node-opcua's
// and better-sqlite3's files load as their authors ship them. ESM code splitting keeps each
// dynamic import() a separate chunk: the command table and the driver registry still load a
// protocol stack only when a command needs it.
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Bare specifiers other than the workspace packages stay imports of node_modules. */
const externalDependencies = {
  name: "external-dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@onramp/") ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Keeps `import.meta.url` meaning the source file's URL once bundled: the ingest finds its SQL
 * migrations (src/state/migrations/) and the dashboard (web/dist/) relative to its source files,
 * and a bundled chunk sits elsewhere (build/). Each use becomes the source file's path relative to
 * the chunk, so the build works wherever the checkout (or image) holding both is.
 */
function sourceRelativeImportMeta(outdir) {
  return {
    name: "source-relative-import-meta",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes("/node_modules/")) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta.url")) return undefined;
        const fromChunk = relative(outdir, args.path).split("\\").join("/");
        const url = `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`;
        return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
      });
    },
  };
}

/**
 * The diagnosis report imports the dashboard's dictionaries by a path TypeScript does not follow
 * (ingest-service/src/report/words.ts says why). Plain Node cannot load those .ts files at run
 * time, so the bundle must hold them: esbuild bundles a dynamic import only when its path is a
 * literal, which this makes it.
 */
const dashboardDictionaries = {
  name: "dashboard-dictionaries",
  setup(b) {
    b.onLoad({ filter: /ingest-service\/src\/report\/words\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source.replace(
        /import\(`\$\{DICTIONARY_DIR\}\/([^`]+)`\)/g,
        'import("../../web/src/i18n/$1")',
      );
      if (contents === source)
        throw new Error(`${args.path}: no dictionary import to bundle (was words.ts changed?)`);
      return { contents, loader: "ts" };
    });
  },
};

/**
 * The SME digital level questionnaire and bindings `onramp-verify` scores with, as base64 of their
 * exact bytes (ingest-service/src/verify-cli/shipped-questionnaire.ts reads them): the verifier
 * carries the text it recomputes with, and bundles name that text by its sha256.
 */
const SHIPPED_QUESTIONNAIRE = [
  "ingest-service/data/sme-digital-level/2024-manufacturing.json",
  "ingest-service/data/sme-digital-level/2024-manufacturing.bindings.json",
];

async function shippedQuestionnaireDefine() {
  const [questionnaire, bindings] = await Promise.all(
    SHIPPED_QUESTIONNAIRE.map(async (path) => (await readFile(join(root, path))).toString("base64")),
  );
  return { ONRAMP_SHIPPED_QUESTIONNAIRE: JSON.stringify({ questionnaire, bindings }) };
}

/**
 * Builds one CLI's entry points into `outdir` (emptied first: chunk names carry content hashes);
 * `define` and `dataFiles` (files the build embeds, so a change to them makes it stale) are optional.
 */
async function buildCli(outdir, entryPoints, { define = {}, dataFiles = [] } = {}) {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [externalDependencies, dashboardDictionaries, sourceRelativeImportMeta(outdir)],
    define,
  });
  // The launchers (edge-agent/bin/onramp-agent.js, ingest-service/bin/launch.js) run a build only
  // while it is newer than every source file it was built from: they stat this list rather than
  // trusting a stale build.
  const inputs = [...Object.keys(result.metafile.inputs), ...dataFiles].map((path) =>
    relative(outdir, join(root, path)),
  );
  await writeFile(join(outdir, "inputs.json"), `${JSON.stringify(inputs)}\n`);
}

const CLIS = {
  agent: () => buildCli(join(root, "edge-agent/build"), { main: "edge-agent/src/cli/main.ts" }),
  ingest: async () =>
    buildCli(
      join(root, "ingest-service/build"),
      {
        ingest: "ingest-service/src/cli/main.ts",
        verify: "ingest-service/src/verify-cli/main.ts",
      },
      { define: await shippedQuestionnaireDefine(), dataFiles: SHIPPED_QUESTIONNAIRE },
    ),
};
// `node scripts/build-bins.mjs [agent] [ingest]`: both by default; an image builds its own only
// (docker/*.Dockerfile), as it holds only that package's sources.
const asked = process.argv.slice(2);
for (const name of asked) if (!(name in CLIS)) throw new Error(`unknown CLI ${name}: agent or ingest`);
for (const name of asked.length > 0 ? asked : Object.keys(CLIS)) await CLIS[name]();
