import { readFile } from "node:fs/promises";
import type { ShippedQuestionnaire } from "./shipped-questionnaire.js";
import type { DigitalLevelCheck } from "./verify-digital-level.js";

const USAGE = `onramp-verify <bundle.json>          re-verify an evidence bundle offline
onramp-verify --decode <frame-file|->   print a signed frame readably (- reads stdin)

Exit status: 0 when the bundle verifies, 1 when any check fails, 2 on a usage or read error.`;

/** Bundles are bounded by the server (MAX_BUNDLE_FRAMES); this keeps a hostile file from exhausting memory. */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

async function readInput(path: string): Promise<Buffer> {
  if (path !== "-") return readFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** One line on the digital level check, whatever its outcome (the FAIL lines give the details). */
function describeDigitalLevel(check: DigitalLevelCheck, shipped: ShippedQuestionnaire): string {
  const { questionnaire: q, files } = shipped.loaded;
  const withText =
    `with questionnaire ${q.id} ${q.version} (sha256 ${files.questionnaire.sha256.slice(0, 12)}…, ` +
    `${shipped.from === "built-in" ? "built into this verifier" : "read from data/"})`;
  const shown = (x: { score: number; level: number } | null) =>
    x === null ? "none" : `${x.score} points, level ${x.level}`;
  const figures =
    check.recomputed === null
      ? ""
      : `declared ${shown(check.recomputed.declared)}, evidence-adjusted ${shown(check.recomputed.evidenceAdjusted)}`;
  switch (check.status) {
    case "absent":
      return "digital level: not in this bundle (the server scores none)";
    case "other-questionnaire":
      return "digital level: NOT RECOMPUTED: the bundle was scored with a questionnaire or bindings this verifier does not ship";
    case "match":
      return `digital level: recomputed ${figures} ${withText}: matches the bundle`;
    case "mismatch":
      return `digital level: recomputed ${figures} ${withText}: DOES NOT MATCH the bundle`;
  }
}

export async function runVerify(argv: string[], out: (line: string) => void): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === "--help" || first === "-h") {
    out(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === "--decode") {
    if (second === undefined) {
      out(USAGE);
      return 2;
    }
    // The contract (JOSE, zod schemas) loads only for the commands that use it: `--help` answers at once.
    const { describeFrame } = await import("@onramp/contract");
    out(describeFrame(await readInput(second)));
    return 0;
  }
  const bytes = await readInput(first);
  if (bytes.length > MAX_BUNDLE_BYTES) {
    out(`${first}: larger than ${MAX_BUNDLE_BYTES} bytes; not an Onramp evidence bundle`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    out(`${first}: not JSON (${(error as Error).message})`);
    return 2;
  }
  const { verifyBundle } = await import("./verify-bundle.js");
  const { shippedQuestionnaire } = await import("./shipped-questionnaire.js");
  const result = verifyBundle(json);
  for (const p of result.problems) out(`FAIL [${p.check}] ${p.message}`);
  if (result.digitalLevel !== null) out(describeDigitalLevel(result.digitalLevel, shippedQuestionnaire()));
  if (result.replaySummarisedFrames !== null)
    out(
      `NOTE: the period's frame log (${result.replaySummarisedFrames} data frames) was summarised: presence ` +
        "as runs of frames, checked against the sampled signed frames; the replay findings are the " +
        "server's, not recomputed here (the frames are not in the bundle)",
    );
  out(
    `${result.ok ? "OK" : "FAILED"}: ${result.framesVerified} frame signature(s) verified, ` +
      `${result.samplesMatched} sample(s) found in the inputs, ${result.problems.length} problem(s)` +
      (result.ok ? "; the report recomputes identically from the bundle" : ""),
  );
  return result.ok ? 0 : 1;
}
