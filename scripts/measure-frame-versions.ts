// Frame size and decode cost of contract v1 and v2 data frames on issue 16's shape (10 devices ×
// 20 times × 10 numeric signals = 2,000 values), and two variations that show what drives the
// size: values with full double precision, and report-by-exception (a third of the signals
// changing per poll). `npx tsx scripts/measure-frame-versions.ts` — the contract README quotes it.
import { performance } from "node:perf_hooks";
import { type DataBody, decodeFrame, encodeFrame, generateGatewayKey, toWireBody } from "@onramp/contract";
import { denseDataBody, ISSUE_16_SHAPE } from "../packages/contract/src/testing/frame-shape.js";

const key = generateGatewayKey();
const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);
const topic = "onramp/v1/acme-parts/hall-2-gw/data";

function countValues(body: DataBody): number {
  return body.devices.reduce((sum, d) => sum + d.samples.length, 0);
}

/** µs per decodeFrame call (signature, schema, v1 form) of `per` calls in a row. */
function decodeMicros(frame: Buffer, per: number): number {
  const start = performance.now();
  for (let i = 0; i < per; i++)
    if (!decodeFrame(frame, lookup, { topic }).ok) throw new Error("decode failed");
  return ((performance.now() - start) * 1000) / per;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Both versions of one body, decoded in alternating rounds so that a machine shared with other
 * work loads both alike; medians of 9 rounds of 100 calls, after a warm-up.
 */
function row(name: string, body: DataBody): void {
  const values = countValues(body);
  const frames = ([1, 2] as const).map((version) => encodeFrame(toWireBody(body, version), key));
  for (const frame of frames) decodeMicros(frame, 100);
  const micros: number[][] = [[], []];
  for (let round = 0; round < 9; round++)
    for (const [i, frame] of frames.entries()) micros[i]?.push(decodeMicros(frame, 100));
  for (const [i, frame] of frames.entries()) {
    const json = JSON.stringify(toWireBody(body, i === 0 ? 1 : 2)).length;
    console.log(
      `| ${name} | ${i + 1} | ${frame.byteLength} | ${(frame.byteLength / values).toFixed(1)} | ${(json / values).toFixed(1)} | ${median(micros[i] ?? []).toFixed(0)} |`,
    );
  }
}

const dense = denseDataBody(ISSUE_16_SHAPE);
const noisy: DataBody = {
  ...dense,
  devices: dense.devices.map((d) => ({
    ...d,
    samples: d.samples.map((s) => ({ ...s, v: (s.v as number) + Math.PI * 1e-9 })),
  })),
};
// Report-by-exception: each signal reported at a poll with probability 1/3 (seeded pick).
let pick = 7;
const sparse: DataBody = {
  ...dense,
  devices: dense.devices.map((d) => ({
    ...d,
    samples: d.samples.filter(() => {
      pick = (Math.imul(pick, 1_103_515_245) + 12_345) >>> 0;
      return pick % 3 === 0;
    }),
  })),
};

console.log("| body | version | frame bytes | bytes/value | body JSON bytes/value | decode µs/frame |");
console.log("| --- | --- | --- | --- | --- | --- |");
row("issue 16 shape, profile precision", dense);
row("same, full double precision", noisy);
row("report-by-exception (1/3 of samples)", sparse);
