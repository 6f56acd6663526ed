import { z } from "zod";
import { ID_PATTERN } from "../ids.js";
import type { DataBody } from "./data.js";
import { MAX_DATA_DEVICES, MAX_DATA_SAMPLES } from "./data.js";
import { type DataBodyV2, expandDataBody } from "./data-v2.js";
import { EpochMs, GATEWAY_HEADER, MAX_EPOCH_MS, MAX_TEXT_LENGTH } from "./header.js";
import { blockTimes } from "./sample-blocks.js";

/** The v2 data body without its devices: few fields, so zod checks them as the definition says. */
const HeaderV2Schema = z.strictObject({
  v: z.literal(2),
  kind: z.literal("data"),
  ...GATEWAY_HEADER,
  t0: EpochMs,
});

/**
 * The v2 counterpart of `acceptDataBody`: plain checks of DataBodyV2Schema's rules, and the body
 * in its v1 form when they all hold. It only ever says yes; a body it is not sure of (one that
 * breaks a rule, or carries the rare `loss` block) returns undefined and DataBodyV2Schema, the one
 * definition, judges it and words the error. data-v2-fast-path.test.ts holds it to that.
 */
export function acceptDataBodyV2(value: unknown): DataBody | undefined {
  const body = acceptDataBodyV2AsSigned(value);
  return body === undefined ? undefined : expandDataBody(body);
}

/** `acceptDataBodyV2` without the expansion: the body as signed, blocks and all, when valid. */
export function acceptDataBodyV2AsSigned(value: unknown): DataBodyV2 | undefined {
  if (!isRecord(value) || value.v !== 2 || !Array.isArray(value.devices) || "loss" in value) return undefined;
  const { devices, ...header } = value;
  const parsedHeader = HeaderV2Schema.safeParse(header);
  if (!parsedHeader.success || devices.length > MAX_DATA_DEVICES) return undefined;
  const t0 = parsedHeader.data.t0;
  let total = 0;
  for (const device of devices) {
    if (!isRecord(device) || Object.keys(device).length !== 2) return undefined;
    const { dev, blocks } = device;
    if (!isId(dev) || !Array.isArray(blocks) || blocks.length === 0) return undefined;
    for (const block of blocks) {
      const samples = blockSamples(block, t0);
      if (samples === undefined) return undefined;
      total += samples;
      if (total > MAX_DATA_SAMPLES) return undefined;
    }
  }
  return value as DataBodyV2;
}

/** SampleBlockSchema's rules for one block: its sample count when they hold. */
function blockSamples(block: unknown, t0: number): number | undefined {
  if (!isRecord(block)) return undefined;
  const { s, t, v, q } = block;
  if (Object.keys(block).length !== (q === undefined ? 3 : 4)) return undefined;
  if (!Array.isArray(s) || !Array.isArray(t) || !Array.isArray(v)) return undefined;
  if (s.length === 0 || t.length === 0 || v.length !== s.length) return undefined;
  for (const id of s) if (!isId(id)) return undefined;
  for (const offset of t) if (!isOffset(offset)) return undefined;
  if (blockTimes(t0, t as number[]) === undefined) return undefined;
  for (const column of v) {
    if (!Array.isArray(column) || column.length !== t.length) return undefined;
    for (const item of column) if (!isValue(item)) return undefined;
  }
  if (q !== undefined && !areQualitiesValid(q, s.length, t.length)) return undefined;
  return s.length * t.length;
}

function areQualitiesValid(q: unknown, signals: number, times: number): boolean {
  if (!Array.isArray(q) || q.length === 0) return false;
  const seen = new Set<number>();
  for (const entry of q) {
    if (!Array.isArray(entry) || entry.length !== 3) return false;
    const [j, k, quality] = entry;
    if (!Number.isSafeInteger(j) || !Number.isSafeInteger(k) || j < 0 || k < 0 || j >= signals || k >= times)
      return false;
    if (quality !== "uncertain" && quality !== "bad") return false;
    const at = j * times + k;
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isId = (value: unknown): value is string => typeof value === "string" && ID_PATTERN.test(value);

const isOffset = (value: unknown): boolean =>
  Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_EPOCH_MS;

const isValue = (value: unknown): boolean =>
  value === null ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value)) ||
  (typeof value === "string" && value.length <= MAX_TEXT_LENGTH);
