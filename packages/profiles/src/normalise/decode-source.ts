import { decodeRegisters } from "../modbus/decode-registers.js";
import { mapDataValue, type OpcuaDataValue, type OpcuaScalar } from "../opcua/map-data-value.js";
import type { DecodeError, Quality } from "../sample.js";
import { type ModbusSource, registerCount, type SignalSource } from "../schema/source.js";

/** What a driver hands over for one signal: its registers or bits (Modbus) or its DataValue (OPC UA). */
export type RawInput = ArrayLike<number | boolean> | OpcuaDataValue;

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
export function compileSourceDecoder(source: SignalSource): (input: RawInput) => SourceReading {
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
    if (isArrayLike(input) || typeof input.value !== "object" || input.value === null) {
      const error: DecodeError = { code: "ONRAMP_DECODE_SHAPE", message: "expected an OPC UA DataValue" };
      return { ok: false, error, sourceTs: undefined };
    }
    return mapDataValue(input, opcua);
  };
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
