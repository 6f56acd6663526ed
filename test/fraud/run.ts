// `npm run bench:fraud -- --minutes 30 [--params test/fraud/short-params.json] [--data-dir DIR]`:
// runs the fraud suite and writes test/bench/out/fraud-suite.json and fraud-suite.md (the section
// test/bench/run-all.ts puts in REPORT.md). Exit code 0 when every fraud is caught and no honest
// enterprise is flagged, 1 otherwise (the table is written either way).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SCENARIOS } from "./scenarios/index.js";
import { readShortRun } from "./short-run.js";
import { runSuite } from "./suite.js";
import { jsonOf, markdownOf } from "./table.js";

const ROOT = join(import.meta.dirname, "../..");
const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    params: { type: "string" },
    "data-dir": { type: "string", default: join(ROOT, ".onramp-data/fraud") },
    out: { type: "string", default: join(ROOT, "test/bench/out") },
    /** Comma-separated scenario names, for looking into one class (the honest ones always run). */
    only: { type: "string" },
  },
});
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes < 2 || minutes > 24 * 60) throw new Error("--minutes: 2 to 1440");
const shortRun = values.params === undefined ? undefined : await readShortRun(values.params);

const started = Date.now();
const result = await runSuite({
  minutes,
  dataDir: values["data-dir"],
  ...(shortRun === undefined
    ? {}
    : {
        configOverrides: shortRun.ingest,
        plantSpeed: shortRun.plantSpeed,
        copyShiftMs: shortRun.copyShiftMs,
      }),
  ...(values.only === undefined
    ? {}
    : {
        scenarios: SCENARIOS.filter(
          (s) => s.expected.kind === "honest" || (values.only?.split(",") ?? []).includes(s.name),
        ),
      }),
  log: (line) => process.stderr.write(`[fraud +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`),
});
await mkdir(values.out, { recursive: true });
await writeFile(join(values.out, "fraud-suite.json"), jsonOf(result));
const markdown = markdownOf(result);
await writeFile(join(values.out, "fraud-suite.md"), `${markdown}\n`);
process.stdout.write(`${markdown}\n`);
const t = result.totals;
process.exit(t.fraudsCaught === t.frauds && t.honestFlagged === 0 ? 0 : 1);
