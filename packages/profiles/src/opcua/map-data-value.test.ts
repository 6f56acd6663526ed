import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DATA_TYPE_IDS } from "./data-type.js";
import { mapDataValue, type OpcuaDataValue } from "./map-data-value.js";
import { qualityOfStatus } from "./status-code.js";

const scalar = (
  dataType: OpcuaDataValue["value"]["dataType"],
  value: unknown,
  extra: Partial<OpcuaDataValue> = {},
) => mapDataValue({ value: { dataType, value }, ...extra }, {});

describe("mapDataValue", () => {
  it("passes numbers, booleans and strings through, by id or by name", () => {
    expect(scalar(DATA_TYPE_IDS.Double, 12.5)).toEqual({
      ok: true,
      raw: 12.5,
      quality: "good",
      sourceTs: undefined,
    });
    expect(scalar("Boolean", true)).toMatchObject({ ok: true, raw: true });
    expect(scalar("String", "O1234")).toMatchObject({ ok: true, raw: "O1234" });
    expect(scalar("Int32", 2)).toMatchObject({ ok: true, raw: 2 });
  });

  it("gives a Float as its shortest decimal (node-opcua widens it to a double)", () => {
    expect(scalar("Float", Math.fround(23.1))).toMatchObject({ ok: true, raw: 23.1 });
    expect(scalar("Double", 23.100000381469727)).toMatchObject({ ok: true, raw: 23.100000381469727 });
  });

  it("joins node-opcua's [high, low] Int64 words, signed and unsigned", () => {
    expect(scalar("Int64", [0xffffffff, 0xfffffffe])).toMatchObject({ raw: -2 });
    expect(scalar("UInt64", [1, 0])).toMatchObject({ raw: 2 ** 32 });
    expect(scalar("UInt64", [0xffffffff, 0xffffffff])).toMatchObject({ raw: 2 ** 64 });
    expect(scalar("Int64", 5n)).toMatchObject({ raw: 5 });
  });

  it("takes the text of a LocalizedText and the name of a QualifiedName", () => {
    expect(scalar("LocalizedText", { locale: "en", text: "Spindle warm" })).toMatchObject({
      raw: "Spindle warm",
    });
    expect(scalar("LocalizedText", { locale: "en", text: null })).toMatchObject({ raw: "" });
    expect(scalar("QualifiedName", { namespaceIndex: 2, name: "Auto" })).toMatchObject({ raw: "Auto" });
  });

  it("turns a DateTime into epoch milliseconds", () => {
    expect(scalar("DateTime", new Date("2025-11-25T12:00:00Z"))).toMatchObject({ raw: 1764072000000 });
  });

  it("reads a StatusCode value as its number", () => {
    expect(scalar("StatusCode", { value: 0x80050000 })).toMatchObject({ raw: 0x80050000 });
  });

  it("takes the element at the source's index from arrays and typed arrays", () => {
    const array = { dataType: "Double" as const, value: new Float64Array([1, 2, 3]), arrayType: 1 };
    expect(mapDataValue({ value: array }, { index: 2 })).toMatchObject({ ok: true, raw: 3 });
    expect(
      mapDataValue(
        {
          value: {
            dataType: "Int64",
            value: [
              [0, 7],
              [0, 8],
            ],
          },
        },
        { index: 1 },
      ),
    ).toMatchObject({
      raw: 8,
    });
    expect(mapDataValue({ value: array }, {})).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_DECODE_SHAPE" },
    });
    expect(mapDataValue({ value: array }, { index: 3 })).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_DECODE_SHAPE" },
    });
    expect(mapDataValue({ value: { dataType: "Double", value: 1 } }, { index: 0 })).toMatchObject({
      ok: false,
    });
  });

  it("maps status severity to quality and drops the value of a Bad status", () => {
    expect(scalar("Double", 1, { statusCode: 0x40000000 })).toMatchObject({ raw: 1, quality: "uncertain" });
    expect(scalar("Double", 1, { statusCode: { value: 0x80310000 } })).toEqual({
      ok: true,
      raw: null,
      quality: "bad",
      sourceTs: undefined,
    });
  });

  it("keeps the device's source timestamp", () => {
    expect(scalar("Double", 1, { sourceTimestamp: new Date(1000) })).toMatchObject({ sourceTs: 1000 });
    expect(scalar("Double", 1, { sourceTimestamp: null })).toMatchObject({ sourceTs: undefined });
  });

  it("returns a typed error for unsupported types and malformed values, never throwing", () => {
    expect(scalar("ByteString", new Uint8Array([1]))).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_DECODE_UNSUPPORTED_TYPE" },
    });
    expect(scalar("Null", null)).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_DECODE_UNSUPPORTED_TYPE" },
    });
    expect(scalar("Double", "12")).toMatchObject({ ok: false, error: { code: "ONRAMP_DECODE_SHAPE" } });
    expect(scalar("ExtensionObject", { a: 1 })).toMatchObject({ ok: false });
    expect(
      mapDataValue({ value: { dataType: "Double", value: null, arrayType: 1 } }, { index: 0 }),
    ).toMatchObject({
      ok: false,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.anything(),
        fc.option(fc.nat(2)),
        fc.option(fc.nat(5)),
        (type, value, arrayType, index) => {
          const variant = { dataType: type, value, ...(arrayType === null ? {} : { arrayType }) };
          const result = mapDataValue({ value: variant }, index === null ? {} : { index });
          return typeof result.ok === "boolean";
        },
      ),
    );
  });
});

describe("qualityOfStatus (OPC 10000-4 §7.39 severity bits)", () => {
  it("reads 00 good, 01 uncertain, 10 and 11 bad, absent good", () => {
    expect(qualityOfStatus(0)).toBe("good");
    expect(qualityOfStatus(0x00a00000)).toBe("good");
    expect(qualityOfStatus(0x408f0000)).toBe("uncertain");
    expect(qualityOfStatus({ value: 0x80000000 })).toBe("bad");
    expect(qualityOfStatus(0xc0000000)).toBe("bad");
    expect(qualityOfStatus(undefined)).toBe("good");
  });
});
