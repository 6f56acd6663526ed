import { decodeRegisters } from "../modbus/decode-registers.js";
import { type MtconnectObservation, readObservation } from "../mtconnect/decode-observation.js";
import { mapDataValue, type OpcuaDataValue, type OpcuaScalar } from "../opcua/map-data-value.js";
import { decodeS7Bytes } from "../s7/decode-bytes.js";
import type { DecodeError, Quality } from "../sample.js";
import { s7ByteCount } from "../schema/s7-source.js";
import type { SignalType } from "../schema/signal.js";
import { type ModbusSource, registerCount, type SignalSource } from "../schema/source.js";

/**
 * What a driver hands over for one signal: its registers or bits (Modbus), its bytes (S7, from
 * the value's first byte), its DataValue (OPC UA) or its observation (MTConnect).
 */
export type RawInput = ArrayLike<number | boolean> | OpcuaDataValue | MtconnectObservation;

export type SourceReading =
  | {
      readonly ok: true;
      /** Null exactly when the device itself reported the value bad. */
      readonly raw: OpcuaScalar | null;
      readonly quality: Quality;
      readonly sourceTs: number | undefined;
    }
  | { readonly ok: false; readonly error: DecodeError; readonly sourceTs: number | undefined };

/** Compiles the protocol step of one signal: raw input → scalar, quality and the device's timestamp. */
export function compileSourceDecoder(
  source: SignalSource,
  signalType: SignalType,
): (input: RawInput) => SourceReading {
  if ("s7" in source) {
    const s7 = source.s7;
    const count = s7ByteCount(s7);
    return (input) => {
      if (!isArrayLike(input) || input.length < count) {
        const got = isArrayLike(input) ? `${input.length} bytes` : "no bytes";
        return fail("ONRAMP_DECODE_SHAPE", `${s7.dataType} needs ${count} bytes, got ${got}`);
      }
      const decoded = decodeS7Bytes(input as ArrayLike<number>, s7);
      if (!decoded.ok) return fail("ONRAMP_DECODE_SHAPE", decoded.message);
      return { ok: true, raw: decoded.value, quality: "good", sourceTs: undefined };
    };
  }
  if ("mtconnect" in source) {
    const isNumeric = signalType === "number" || signalType === "integer";
    return (input) => {
      if (isArrayLike(input) || !("text" in input))
        return fail("ONRAMP_DECODE_SHAPE", "expected an MTConnect observation");
      const reading = readObservation(input, isNumeric);
      if (!reading.ok) return fail("ONRAMP_DECODE_TYPE_MISMATCH", reading.message, input.timestamp);
      return { ok: true, raw: reading.raw, quality: reading.quality, sourceTs: input.timestamp };
    };
  }
  if ("modbus" in source) {
    const modbus = source.modbus;
    const count = registerCount(modbus);
    return (input) => {
      if (!isArrayLike(input) || input.length < count) return shapeError(input, modbus, count);
      return { ok: true, raw: decodeRegisters(input, modbus), quality: "good", sourceTs: undefined };
    };
  }
  const opcua = source.opcua;
  return (input) => {
    if (
      isArrayLike(input) ||
      !("value" in input) ||
      typeof input.value !== "object" ||
      input.value === null
    ) {
      const error: DecodeError = { code: "ONRAMP_DECODE_SHAPE", message: "expected an OPC UA DataValue" };
      return { ok: false, error, sourceTs: undefined };
    }
    return mapDataValue(input, opcua);
  };
}

function fail(code: DecodeError["code"], message: string, sourceTs?: number): SourceReading {
  return { ok: false, error: { code, message }, sourceTs };
}

function isArrayLike(input: RawInput): input is ArrayLike<number | boolean> {
  return typeof (input as { length?: unknown }).length === "number";
}

function shapeError(input: RawInput, source: ModbusSource, count: number): SourceReading {
  const unit = source.table === "coil" || source.table === "discrete" ? "bits" : "registers";
  const got = isArrayLike(input) ? `${input.length}` : "an OPC UA DataValue";
  const error: DecodeError = {
    code: "ONRAMP_DECODE_SHAPE",
    message: `${source.table} ${source.address} needs ${count} ${unit}, got ${got}`,
  };
  return { ok: false, error, sourceTs: undefined };
}
