import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { S7Source } from "../schema/s7-source.js";
import { decodeS7Bytes } from "./decode-bytes.js";

const src = (input: object) => S7Source.parse({ area: "db", db: 1, offset: 0, ...input });
const value = (bytes: number[], input: object) => decodeS7Bytes(bytes, src(input));

describe("S7 value decoding", () => {
  it("decodes the elementary types big-endian, as every S7 CPU stores them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -32768, max: 32767 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.double({ noNaN: true }),
        (i16, i32, f64) => {
          const b = Buffer.alloc(8);
          b.writeInt16BE(i16);
          expect(value([...b.subarray(0, 2)], { dataType: "int" })).toEqual({ ok: true, value: i16 });
          b.writeInt32BE(i32);
          expect(value([...b.subarray(0, 4)], { dataType: "dint" })).toEqual({ ok: true, value: i32 });
          b.writeDoubleBE(f64);
          expect(value([...b], { dataType: "lreal" })).toEqual({ ok: true, value: f64 });
        },
      ),
    );
    expect(value([0x42, 0x8e, 0x80, 0x00], { dataType: "real" })).toEqual({ ok: true, value: 71.25 });
    // REAL is a float32: its shortest decimal, not the widened double 23.100000381469727.
    expect(value([0x41, 0xb8, 0xcc, 0xcd], { dataType: "real" })).toEqual({ ok: true, value: 23.1 });
    expect(value([0b0000_1000], { dataType: "bool", bit: 3 })).toEqual({ ok: true, value: true });
    expect(value([0b0000_1000], { dataType: "bool", bit: 2 })).toEqual({ ok: true, value: false });
  });

  it("decodes STRING[n] by its actual length and refuses a length past its declared one", () => {
    expect(value([8, 5, ...Buffer.from("O1234xyz")], { dataType: "string", length: 8 })).toEqual({
      ok: true,
      value: "O1234",
    });
    expect(value([4, 9, 65, 65, 65, 65], { dataType: "string", length: 4 }).ok).toBe(false);
    expect(value([0, 3, 0, 2, 0, 0x4f, 0, 0x4b, 0, 0], { dataType: "wstring", length: 3 })).toEqual({
      ok: true,
      value: "OK",
    });
  });

  it("decodes DATE_AND_TIME, BCD counters and S5TIME", () => {
    // 2026-12-07 01:02:03.456, weekday 2 (Monday): the BCD bytes of the S7 manual's layout.
    expect(value([0x26, 0x12, 0x07, 0x01, 0x02, 0x03, 0x45, 0x62], { dataType: "date_and_time" })).toEqual({
      ok: true,
      value: "2026-12-07T01:02:03.456",
    });
    expect(value([0x99, 0x01, 0x01, 0, 0, 0, 0, 0x01], { dataType: "date_and_time" })).toMatchObject({
      value: "1999-01-01T00:00:00.000",
    });
    expect(
      decodeS7Bytes([0x01, 0x23], S7Source.parse({ area: "c", offset: 0, dataType: "counter" })),
    ).toEqual({ ok: true, value: 123 });
    // Time base 2 (1 s) × 120 = 120 s.
    expect(decodeS7Bytes([0x21, 0x20], S7Source.parse({ area: "t", offset: 0, dataType: "timer" }))).toEqual({
      ok: true,
      value: 120_000,
    });
    expect(
      decodeS7Bytes([0x0a, 0xbc], S7Source.parse({ area: "c", offset: 0, dataType: "counter" })).ok,
    ).toBe(false);
  });

  it("refuses sources that do not fit their area", () => {
    expect(S7Source.safeParse({ area: "m", db: 3, offset: 0, dataType: "byte" }).success).toBe(false);
    expect(S7Source.safeParse({ area: "db", offset: 0, dataType: "byte" }).success).toBe(false);
    expect(S7Source.safeParse({ area: "c", offset: 0, dataType: "int" }).success).toBe(false);
    expect(S7Source.safeParse({ area: "db", db: 1, offset: 0, dataType: "bool" }).success).toBe(false);
  });
});
