import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { type DataBody, decodeFrame, type SampleValue } from "@onramp/contract";
import {
  canonicalJson,
  computeEnterpriseReport,
  type EnterpriseInput,
  isSignOfLife,
  type JsonValue,
  sampleTimesOf,
} from "../indicators/index.js";
import { type Bundle, BundleSchema } from "./bundle-format.js";
import { diffJson } from "./diff-json.js";
import { type ShippedQuestionnaire, shippedQuestionnaire } from "./shipped-questionnaire.js";
import { checkDigitalLevel, type DigitalLevelCheck } from "./verify-digital-level.js";

export interface Problem {
  /** `schema`, `signature`, `inputs`, `report` or `digital-level`. */
  check: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  framesVerified: number;
  samplesMatched: number;
  problems: Problem[];
  /** The digital level recomputation (null when the bundle did not parse). */
  digitalLevel: DigitalLevelCheck | null;
  /**
   * Data frames of a summarised frame log (`input.replay`): the replay findings are the server's,
   * taken as bundled, for the frames are not in the bundle to recompute them from. null: the
   * bundle holds the frames and the replay check was recomputed here.
   */
  replaySummarisedFrames: number | null;
}

/** Maximum differences listed from the report comparison (the first ones say enough). */
const MAX_REPORT_DIFFERENCES = 200;

/**
 * Re-verifies an evidence bundle from its content alone: every frame's signature against the
 * bundled gateway JWKs, that the frames appear in the inputs they back, and that the indicators
 * recomputed from the bundled inputs and parameters equal the bundled report (canonical JSON), and
 * that the digital level recomputed from the bundled submission, the questionnaire this verifier
 * ships and those indicators equals the bundled one (verify-digital-level.ts).
 */
export function verifyBundle(
  json: unknown,
  shipped: Pick<ShippedQuestionnaire, "loaded"> = shippedQuestionnaire(),
): VerifyResult {
  const parsed = BundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      framesVerified: 0,
      samplesMatched: 0,
      problems: [{ check: "schema", message: `${issue?.path.join(".") || "bundle"}: ${issue?.message}` }],
      digitalLevel: null,
      replaySummarisedFrames: null,
    };
  }
  const bundle = parsed.data;
  const problems: Problem[] = [];
  const { framesVerified, samplesMatched } = checkFrames(bundle, problems);
  const report = computeEnterpriseReport(bundle.input, bundle.params);
  const recomputed = canonicalJson(report as unknown as JsonValue);
  const bundled = canonicalJson(bundle.report as JsonValue);
  if (recomputed !== bundled) {
    const differences = diffJson(JSON.parse(bundled), JSON.parse(recomputed));
    for (const d of differences.slice(0, MAX_REPORT_DIFFERENCES))
      problems.push({
        check: "report",
        message: `${d.path}: bundled ${d.bundled}, recomputed ${d.recomputed}`,
      });
    if (differences.length > MAX_REPORT_DIFFERENCES)
      problems.push({
        check: "report",
        message: `… and ${differences.length - MAX_REPORT_DIFFERENCES} more differences`,
      });
  }
  // The digital level is adjusted to the indicators recomputed here, never to the bundled ones.
  const digitalLevel = checkDigitalLevel(bundle.digitalLevel, report, shipped.loaded);
  for (const message of digitalLevel.problems) problems.push({ check: "digital-level", message });
  return {
    ok: problems.length === 0,
    framesVerified,
    samplesMatched,
    problems,
    digitalLevel,
    replaySummarisedFrames: bundle.input.replay?.frames ?? null,
  };
}

function keysOf(bundle: Bundle): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const g of bundle.gateways) {
    const { kty, crv, x } = g.publicJwk;
    keys.set(g.kid, createPublicKey({ key: { kty, crv, x }, format: "jwk" }));
  }
  return keys;
}

const seriesKey = (dev: string, signal: string) => `${dev}\u0000${signal}`;
const pointKey = (t: number, v: SampleValue) => `${t}\u0000${JSON.stringify(v)}`;

function checkFrames(bundle: Bundle, problems: Problem[]) {
  const keys = keysOf(bundle);
  const input: EnterpriseInput = bundle.input;
  const series = new Map(
    input.series.map((s) => [
      seriesKey(s.device, s.signal),
      new Set(s.points.map((p) => pointKey(p.t, p.v))),
    ]),
  );
  const firstReceipt = new Map<string, number>();
  const byDigest = new Map(input.frames.map((f) => [f.digest, f]));
  const registered = new Set(input.devices.map((d) => d.id));
  const frameEvents = new Set(
    input.presence.filter((e) => e.kind === "frame").map((e) => `${e.device}\u0000${e.gateway}\u0000${e.at}`),
  );
  const runs = frameRuns(input);
  for (const f of input.frames) {
    const key = `${f.gw}\u0000${f.sess}\u0000${f.seq}`;
    firstReceipt.set(key, Math.min(firstReceipt.get(key) ?? Number.POSITIVE_INFINITY, f.receivedAt));
  }
  // A summarised frame log (input.replay) lists the frames received more than once instead.
  const repeated = new Map(
    (input.replay?.repeated ?? []).map((r) => [`${r.gw}\u0000${r.sess}\u0000${r.seq}`, r.firstReceivedAt]),
  );
  let framesVerified = 0;
  let samplesMatched = 0;
  for (const [i, item] of bundle.frames.items.entries()) {
    const bytes = Buffer.from(item.base64, "base64");
    const where = `frame ${i} (${item.topic}, received ${new Date(item.receivedAt).toISOString()})`;
    const decoded = decodeFrame(bytes, (kid) => keys.get(kid), { topic: item.topic });
    if (!decoded.ok) {
      problems.push({
        check: "signature",
        message: `${where}: ${decoded.error.code}: ${decoded.error.message}`,
      });
      continue;
    }
    framesVerified += 1;
    const body = decoded.body;
    if (body.kind !== "data") continue;
    if (input.replay !== undefined) {
      checkSummarisedPresence(
        item.receivedAt,
        body,
        { registered, frameEvents, runs, repeated },
        where,
        problems,
      );
      samplesMatched += matchSamples(body, input, series, where, problems);
      continue;
    }
    const digest = createHash("sha256").update(bytes).digest("base64url");
    const logged = byDigest.get(digest);
    if (logged === undefined || logged.sess !== body.sess || logged.seq !== body.seq) {
      problems.push({
        check: "inputs",
        message: `${where}: data frame ${body.sess}/${body.seq} is not among the inputs' frames`,
      });
      continue;
    }
    // The inputs keep only the sample times of a data frame (what the replay checks read); the
    // signed frame says what they must be. Canonical JSON: signal order is not significant.
    if (canonicalJson(sampleTimesOf(body.devices)) !== canonicalJson(logged.devices)) {
      problems.push({
        check: "inputs",
        message: `${where}: the inputs' sample times of data frame ${body.sess}/${body.seq} differ from the frame's`,
      });
    }
    // A later copy of a (session, seq) is never stored as telemetry (duplicates are dropped).
    if (firstReceipt.get(`${body.gw}\u0000${body.sess}\u0000${body.seq}`) !== logged.receivedAt) continue;
    // INDICATORS §4: the first copy is a sign of life exactly for the registered devices with a
    // good sample with a value in it; the inputs' presence must say so, no more and no less.
    for (const { dev, samples } of body.devices) {
      if (!registered.has(dev)) continue;
      const alive = samples.some(isSignOfLife);
      const counted = frameEvents.has(`${dev}\u0000${body.gw}\u0000${logged.receivedAt}`);
      if (alive !== counted)
        problems.push({
          check: "inputs",
          message: alive
            ? `${where}: ${dev} sent good samples in data frame ${body.sess}/${body.seq}, but the inputs' presence has no frame event for it`
            : `${where}: the inputs' presence counts data frame ${body.sess}/${body.seq} as a sign of life of ${dev}, but none of its samples is good with a value`,
        });
    }
    samplesMatched += matchSamples(body, input, series, where, problems);
  }
  return { framesVerified, samplesMatched };
}

/** Each sample of the frame inside the inputs' series range must be in the inputs' series. */
function matchSamples(
  body: DataBody,
  input: EnterpriseInput,
  series: ReadonlyMap<string, ReadonlySet<string>>,
  where: string,
  problems: Problem[],
): number {
  const seriesFrom = input.period.from - 3_600_000;
  let matched = 0;
  for (const { dev, samples } of body.devices) {
    for (const s of samples) {
      const points = series.get(seriesKey(dev, s.s));
      if (points === undefined || s.t < seriesFrom || s.t >= input.period.to) continue;
      if (points.has(pointKey(s.t, s.v))) matched += 1;
      else
        problems.push({
          check: "inputs",
          message: `${where}: sample ${dev}.${s.s} = ${JSON.stringify(s.v)} at ${new Date(s.t).toISOString()} is not in the inputs' series`,
        });
    }
  }
  return matched;
}

/** Per device and gateway, the runs of frames the inputs' presence holds, sorted by start. */
function frameRuns(input: EnterpriseInput): Map<string, { at: number; until: number }[]> {
  const runs = new Map<string, { at: number; until: number }[]>();
  for (const e of input.presence) {
    if (e.kind !== "frame" || e.until === undefined) continue;
    const key = `${e.device}\u0000${e.gateway}`;
    const list = runs.get(key) ?? [];
    list.push({ at: e.at, until: e.until });
    runs.set(key, list);
  }
  for (const list of runs.values()) list.sort((a, b) => a.at - b.at);
  return runs;
}

/**
 * A summarised frame log keeps presence as runs of frames, not the frames: the first copy of a
 * data frame must still be a sign of life exactly for the registered devices with a good sample
 * with a value in it — within a run of that device and gateway, or a frame event at its receipt.
 * A run covers its span, so a frame without a sign of life inside one cannot be told apart.
 */
function checkSummarisedPresence(
  receivedAt: number,
  body: DataBody,
  known: {
    registered: ReadonlySet<string>;
    frameEvents: ReadonlySet<string>;
    runs: ReadonlyMap<string, readonly { at: number; until: number }[]>;
    repeated: ReadonlyMap<string, number>;
  },
  where: string,
  problems: Problem[],
): void {
  const first = known.repeated.get(`${body.gw}\u0000${body.sess}\u0000${body.seq}`);
  if (first !== undefined && first !== receivedAt) return;
  for (const { dev, samples } of body.devices) {
    if (!known.registered.has(dev)) continue;
    const alive = samples.some(isSignOfLife);
    const exact = known.frameEvents.has(`${dev}\u0000${body.gw}\u0000${receivedAt}`);
    const inRun = (known.runs.get(`${dev}\u0000${body.gw}`) ?? []).some(
      (r) => r.at <= receivedAt && receivedAt <= r.until,
    );
    if (alive && !exact && !inRun)
      problems.push({
        check: "inputs",
        message: `${where}: ${dev} sent good samples in data frame ${body.sess}/${body.seq}, but the inputs' presence has no frame or run of frames for it`,
      });
    if (!alive && exact && !inRun)
      problems.push({
        check: "inputs",
        message: `${where}: the inputs' presence counts data frame ${body.sess}/${body.seq} as a sign of life of ${dev}, but none of its samples is good with a value`,
      });
  }
}
