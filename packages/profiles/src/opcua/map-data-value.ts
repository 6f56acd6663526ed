import { shortestFloat32 } from "../normalise/float32.js";
import type { DecodeError, Quality } from "../sample.js";
import type { OpcuaSource } from "../schema/source.js";
import {
  type DataTypeName,
  dataTypeId,
  dataTypeName,
  DATA_TYPE_IDS as T,
  VARIANT_ARRAY_TYPE,
} from "./data-type.js";
import { qualityOfStatus } from "./status-code.js";

/**
 * The parts of an OPC UA DataValue (OPC 10000-4 §7.11) the normaliser reads, written
 * structurally so that node-opcua's `DataValue` fits without this package importing it.
 */
export interface OpcuaDataValue {
  readonly value: {
    readonly dataType: number | DataTypeName;
    readonly value: unknown;
    /** node-opcua's VariantArrayType: 0 scalar, 1 array, 2 matrix (read as a flat array). */
    readonly arrayType?: number;
  };
  readonly statusCode?: { readonly value: number } | number;
  readonly sourceTimestamp?: Date | number | null;
}

export type OpcuaScalar = number | boolean | string;

export type MappedDataValue =
  | {
      readonly ok: true;
      /** Null exactly when the status is Bad: OPC UA gives no usable value then (OPC 10000-4 §7.39). */
      readonly raw: OpcuaScalar | null;
      readonly quality: Quality;
      readonly sourceTs: number | undefined;
    }
  | { readonly ok: false; readonly error: DecodeError; readonly sourceTs: number | undefined };

/** Maps a DataValue to a plain scalar, its quality from the status code, and its source time. */
export function mapDataValue(dv: OpcuaDataValue, source: Pick<OpcuaSource, "index">): MappedDataValue {
  const sourceTs = timeOf(dv.sourceTimestamp);
  const quality = qualityOfStatus(dv.statusCode);
  if (quality === "bad") return { ok: true, raw: null, quality, sourceTs };
  const fail = (code: DecodeError["code"], message: string): MappedDataValue => ({
    ok: false,
    error: { code, message },
    sourceTs,
  });
  const type = dataTypeId(dv.value.dataType);
  if (type === T.Null)
    return fail("ONRAMP_DECODE_UNSUPPORTED_TYPE", "the server sent a Null variant (no value)");
  if (!SUPPORTED.includes(type)) {
    return fail("ONRAMP_DECODE_UNSUPPORTED_TYPE", `${dataTypeName(type)} values are not mapped to samples`);
  }
  let value = dv.value.value;
  if (isArrayValue(type, value, dv.value.arrayType)) {
    const items = value as ArrayLike<unknown>;
    if (source.index === undefined)
      return fail("ONRAMP_DECODE_SHAPE", "the value is an array: set index in the profile");
    if (source.index >= items.length) {
      return fail(
        "ONRAMP_DECODE_SHAPE",
        `index ${source.index} is outside the array of length ${items.length}`,
      );
    }
    value = items[source.index];
  } else if (source.index !== undefined) {
    return fail("ONRAMP_DECODE_SHAPE", `the profile sets index ${source.index} but the value is a scalar`);
  }
  if (value === null || value === undefined) return fail("ONRAMP_DECODE_SHAPE", "the variant holds no value");
  const raw = scalarOf(type, value);
  if (raw === undefined)
    return fail("ONRAMP_DECODE_SHAPE", `a ${dataTypeName(type)} variant holds ${describe(value)}`);
  return { ok: true, raw, quality, sourceTs };
}

const NUMERIC: readonly number[] = [T.SByte, T.Byte, T.Int16, T.UInt16, T.Int32, T.UInt32, T.Float, T.Double];
const SUPPORTED: readonly number[] = [
  ...NUMERIC,
  T.Boolean,
  T.Int64,
  T.UInt64,
  T.String,
  T.Guid,
  T.DateTime,
  T.StatusCode,
  T.QualifiedName,
  T.LocalizedText,
];

/** The scalar of a supported type, or undefined when the value is malformed. */
function scalarOf(type: number, value: unknown): OpcuaScalar | undefined {
  if (NUMERIC.includes(type)) {
    if (typeof value !== "number") return undefined;
    return type === T.Float ? shortestFloat32(value) : value;
  }
  switch (type) {
    case T.Boolean:
      return typeof value === "boolean" ? value : undefined;
    case T.Int64:
    case T.UInt64:
      return int64Of(value, type === T.Int64);
    case T.String:
    case T.Guid:
      return typeof value === "string" ? value : undefined;
    case T.DateTime:
      return value instanceof Date ? value.getTime() : typeof value === "number" ? value : undefined;
    case T.StatusCode:
      return typeof value === "number" ? value : numberField(value, "value");
    case T.QualifiedName:
      return textField(value, "name");
    case T.LocalizedText:
      // A LocalizedText may carry only a locale (OPC 10000-3 §8.5): its text is then empty.
      return typeof value === "object" && value !== null && "text" in value
        ? (textField(value, "text") ?? "")
        : undefined;
    default:
      return undefined;
  }
}

/**
 * node-opcua carries Int64/UInt64 as `[high, low]` uint32 words, since a JS number cannot hold
 * 64 bits; also accepted: a bigint or an integral number. Returned as the nearest Number.
 */
function int64Of(value: unknown, isSigned: boolean): number | undefined {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number" && Number.isInteger(value)) n = BigInt(value);
  else if (isWordPair(value)) n = (BigInt(value[0] >>> 0) << 32n) | BigInt(value[1] >>> 0);
  else return undefined;
  return Number(isSigned ? BigInt.asIntN(64, n) : BigInt.asUintN(64, n));
}

function isWordPair(value: unknown): value is readonly [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((w) => typeof w === "number" && Number.isInteger(w))
  );
}

function isArrayValue(type: number, value: unknown, arrayType: number | undefined): boolean {
  const isList = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isList) return false;
  if (arrayType !== undefined) return arrayType !== VARIANT_ARRAY_TYPE.Scalar;
  // Without an arrayType, a scalar Int64 `[high, low]` must not be taken for an array of two.
  return !((type === T.Int64 || type === T.UInt64) && isWordPair(value));
}

function textField(value: unknown, key: string): string | undefined {
  const field =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === "string" ? field : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const field =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === "number" ? field : undefined;
}

function timeOf(ts: Date | number | null | undefined): number | undefined {
  const ms = ts instanceof Date ? ts.getTime() : ts;
  return typeof ms === "number" && Number.isFinite(ms) ? ms : undefined;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
